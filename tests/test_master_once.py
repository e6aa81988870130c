"""One consolidation reads each master sheet it needs once (issue 18): 计划 and 项目表's kinds are
read by the Context and handed down; last_reported stops at the month where every row asked about
was last reported. What is read is the same: the answers are compared with the slow way."""

from __future__ import annotations

from collections import Counter

from minsheng.engines.file import read_master
from minsheng.model import cadence
from minsheng.model import layout as L
from minsheng.model.book import Sheet, keyed, row_key
from minsheng.model.settings import load as load_settings
from minsheng.roundtrip import consolidate, split
from minsheng.roundtrip.cached import month_cached


def _typed(book, month: int, rows: list[int], figure: float) -> None:
    """A clerk's 累计完成 in the month sheet's data rows ``rows`` (1-based after the header)."""
    sheet = book.month(month)
    at = sheet.columns()["累计完成"]
    for r in rows:
        row = sheet.rows[r]
        row.extend([None] * (at + 1 - len(row)))
        row[at] = figure


def _counting(monkeypatch, book) -> Counter:
    """How often each of ``book``'s sheets has its records read from here on (the real reading, counted)."""
    read = Counter()
    original = Sheet.records
    mine = {id(sheet) for sheet in book.sheets.values()}

    def counted(sheet):
        if id(sheet) in mine:
            read[sheet.name] += 1
        return original(sheet)

    monkeypatch.setattr(Sheet, "records", counted)
    return read


def test_last_reported_for_the_rows_asked_about_is_the_same_read_or_stopped_early(master, monkeypatch):
    book = read_master(master)
    total = len(book.month(1).records())
    _typed(book, 2, range(1, total + 1), 5)  # every row reported in February …
    _typed(book, 5, [1, 2], 9)               # … two again in May
    keys = [row_key(r) for _, r in book.month(1).records()]
    read = _counting(monkeypatch, book)
    early = cadence.last_reported(book, 7, keys=keys)
    stopped = dict(read)
    full = cadence.last_reported(book, 7)
    assert {k: early.get(k) for k in keys} == {k: full.get(k) for k in keys}
    assert [early[k]["累计完成"] for k in keys[:3]] == [9, 9, 5]
    assert stopped == {"6月": 1, "5月": 1, "4月": 1, "3月": 1, "2月": 1}  # 1月 not read: every row found by 2月


def test_the_cached_results_are_the_same_with_what_the_context_read(master, tmp_path):
    book = read_master(master)
    settings = load_settings(book)
    sheet = book.month(3)
    row, record = next(iter(keyed(sheet.records()).values()))
    changes = [consolidate.CellChange(sheet.name, sheet.address(row, "累计完成"), None, 7)]
    given = month_cached(book, 3, changes, settings, kinds={}, plan=book[L.PLAN_SHEET].records())
    assert given == month_cached(book, 3, changes, settings, kinds={})
    assert given and given != month_cached(book, 3, changes, settings, kinds={}, plan=[])  # the plan is what is used


def test_a_consolidation_reads_the_plan_and_month_sheets_once(master, tmp_path, monkeypatch):
    book = read_master(master)
    files = split.split_month(book, 3, tmp_path / "out")
    read = _counting(monkeypatch, book)
    result = consolidate.plan_consolidation(book, files[:3], 3)
    assert not result.rejected
    assert read[L.PLAN_SHEET] == 1 and read["3月"] == 1
