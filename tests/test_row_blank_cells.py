"""A row's empty input cells are blank without a parser (``check.row.Row``)."""

from __future__ import annotations

from minsheng.check.row import BLANK, Row
from minsheng.model.settings import Settings


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
