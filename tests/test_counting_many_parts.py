"""Many sub-targets counted once each (status.counting): a master built by our own builder with
many indicators split among many streets, figures typed into the month sheets the way a clerk
types them, gives the same county, item, category and leader counts, and the same wholes, as the
code gave before the parts were indexed once (figures recorded then, in ``golden/``).

Regenerate the golden only on purpose: ``MINSHENG_REGOLD=1 pytest tests/test_counting_many_parts.py``."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest

from minsheng.engines.file import read_master
from minsheng.jobs import build as build_job
from minsheng.model import layout as L
from minsheng.status import counting
from minsheng.status.progress import compute

GOLDEN = Path(__file__).parent / "golden" / "counting_many_parts.json"
HEADER = ["项目编号", "项目类别", "项目内容", "分管县领导", "责任单位", "协办单位", "指标", "目标值", "计量单位"]
STREETS = [f"{name}街道" for name in "甲乙丙丁戊己"]
CATEGORIES = ["城市更新", "社会保障", "教育卫生"]
LEADERS = ["李二", "王一"]
ITEMS, MONTH = 10, 4


def rows() -> list[list[str]]:
    """ITEMS items, each with two indicators split among the six streets, then one plain row each."""
    out = []
    for n in range(1, ITEMS + 1):
        category, leader = CATEGORIES[n % 3], LEADERS[n % 2]
        for indicator in ("加装电梯", "改造管网"):
            for s, street in enumerate(STREETS):
                out.append([str(n), category, f"民生工程{n}", leader, street, "", indicator, str(12 + s), "个"])
        out.append([str(n), category, f"民生工程{n}", leader, "县住建局", "", "验收", "24", "个"])
    return out


def figure(row: int, month: int):
    """What a clerk typed: most rows report a rising figure, some lag, some stay blank."""
    pick = (row * 7 + month * 3) % 11
    return None if pick == 0 else month * (1 + pick % 3) // 2 + (pick > 8) * 4


def typed_master(folder):
    """The list built with our builder in ``folder``, its months typed into as ``figure`` says."""
    source = folder / "城关区2026年民生实事.csv"
    with source.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows([HEADER, *rows()])
    book = read_master(build_job.build(folder / "民生实事2026.xlsm", source).out)
    for month in range(1, MONTH + 1):
        sheet = book[L.month_sheet(month)]
        done = sheet.columns()["累计完成"]
        for n, (row, _) in enumerate(sorted(sheet.by_key().values())):
            value = figure(n, month)
            if value is not None:
                sheet.rows[row - 1][done] = value
    return book


@pytest.fixture(scope="module")
def found(tmp_path_factory):
    return compute(typed_master(tmp_path_factory.mktemp("manyparts")), MONTH)


def flat(found) -> dict:
    wholes = [(c.id, c.indicator, c.status, c.light, c.completion, c.time_progress, list(c.history),
               list(c.lights), [p.indicator for p in c.parts])
              for c in counting.counted(found.indicators, found.settings) if isinstance(c, counting.Counted)]
    return {"county": found.county(), "items": found.items(), "categories": found.categories(),
            "leaders": found.leaders(), "wholes": wholes}


def test_many_sub_targets_count_as_before(found):
    now = json.loads(json.dumps(flat(found), ensure_ascii=False))
    if os.environ.get("MINSHENG_REGOLD"):
        GOLDEN.write_text(json.dumps(now, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert len(now["wholes"]) == ITEMS * 2 and now["county"]["indicators"] == ITEMS * 3
    assert now == json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_the_figures_are_mixed(found):
    """The case is worth comparing: every light occurs, among the wholes too."""
    lights = {s for c in counting.counted(found.indicators, found.settings) for s in c.history}
    assert {"正常", "滞后", "严重滞后"} <= lights
    assert {i.status for i in found.indicators} >= {"正常", "未报送"}
