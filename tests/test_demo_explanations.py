"""The demo's story: units behind plan explain their rows in their own words (a cause, a measure,
who and by when), so the bulletin's §三 quotes them; one row keeps the stock phrases and reads 未说明."""

from __future__ import annotations

from datetime import date

from minsheng.check.rules.text import explanation_refused
from minsheng.demo.explanations import STOCK, TEXTS, explained
from minsheng.demo.story import split_and_consolidate
from minsheng.engines.file import read_master
from minsheng.model import settings as settings_mod
from minsheng.paper import bulletin
from minsheng.paper.document import Para
from minsheng.status.progress import compute


def test_each_text_explains_and_is_dated_in_the_month_after(catalogue2024):
    keys = {(item.id, ind.name) for item in catalogue2024.items for ind in item.indicators}
    for (item, indicator) in TEXTS:
        problem, measure = explained(item, indicator, 3)
        assert not explanation_refused(problem) and not explanation_refused(measure), (item, problem, measure)
        assert "4月" in measure and "{m}" not in problem + measure
        assert (item, indicator) in keys  # a row of the embedded 2024 list
    assert explained("8-2", "形象进度", 3) == STOCK and all(explanation_refused(t) for t in STOCK)
    assert explained("5-6", "形象进度", 12)[1].startswith("县住建局村镇科牵头，1月")  # December's return, in January


def test_the_demo_bulletin_quotes_most_lagging_rows_and_leaves_one_unexplained(master, tmp_path, capsys):
    split_and_consolidate(master, 3, tmp_path, 2024)
    capsys.readouterr()
    book = read_master(master)
    settings = settings_mod.load(book)
    found = compute(book, 3, settings)
    doc = bulletin.bulletin(found, book, settings, date(2024, 4, 8))
    paras = [(b.label, b.text) for b in doc.blocks if isinstance(b, Para)]
    behind = [i for i in found.indicators if i.status in ("滞后", "严重滞后")]
    unexplained = [t for label, t in paras if t == bulletin.UNEXPLAINED]
    quoted = [t for label, t in paras if label == "存在问题："]
    assert behind and len(unexplained) == 1  # 8-2: the stock phrases
    assert len(quoted) == len(behind) - 1
    sent = {explained(i.id, i.indicator, 3)[0] for i in behind}
    assert set(quoted) <= sent and len(set(quoted)) == len(quoted)  # each row its own text, as the unit wrote it
