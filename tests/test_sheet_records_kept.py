"""A sheet's records are read once per run and read again when its rows change (``model.book.Sheet``)."""

from __future__ import annotations

from minsheng.check.row import BLANK, Row
from minsheng.model.book import Sheet
from minsheng.model.settings import Settings


def test_records_read_once_and_again_when_rows_grow_or_are_replaced():
    sheet = Sheet("3月", [["项目编号", "指标", "累计完成"], ["1-1", "新建", 3], [None, None, None]])
    first = sheet.records()
    assert first == [(2, {"项目编号": "1-1", "指标": "新建", "累计完成": 3})]
    first.append("a caller's own list")  # each caller gets its own list
    assert sheet.records() == [(2, {"项目编号": "1-1", "指标": "新建", "累计完成": 3})]
    sheet.rows.append(["1-2", "服务", " "])
    assert [n for n, _ in sheet.records()] == [2, 4]
    sheet.rows = [sheet.rows[0], ["2-1", "改建", None]]
    assert sheet.records() == [(2, {"项目编号": "2-1", "指标": "改建", "累计完成": None})]


def test_a_row_reads_its_empty_input_cells_as_blank_without_a_parser():
    letters = {"项目编号": "A", "指标": "B", "累计完成": "C", "进展情况": "D", "填报日期": "E"}
    record = {"项目编号": "1-1", "指标": "新建", "目标值": 10, "累计完成": None, "进展情况": "  ", "填报日期": None}
    row = Row("3月", 5, record, letters, 3, Settings())
    assert [(h, row.cell(h).kind) for h in ("累计完成", "进展情况", "填报日期")] == [
        ("累计完成", "blank"), ("进展情况", "blank"), ("填报日期", "blank")]
    assert row.cell("累计完成") is BLANK and row.cell("填报日期") is BLANK
    assert not row.begun()
    record["累计完成"] = "3处"
    assert Row("3月", 5, record, letters, 3, Settings()).begun()
