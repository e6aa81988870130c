"""A month row grows for what a clerk wrote (issue 17, left): a row built one line tall takes the lines its
longest wrapped text needs when 进展情况 … are written into it (the tallest cell, not the sum of all), never
shrinks, and a second write of the same text changes nothing. Read back with openpyxl."""

from __future__ import annotations

from openpyxl import load_workbook

from minsheng.engines.file import apply_changes, read_master
from minsheng.model import layout as L
from minsheng.model.book import CellChange

TWO = "资金未到位，正在协调县财政局尽快拨付"  # 18 characters: 2 lines in 24
LONG = "县卫健局4月20日前会同有关乡镇完成产权变更，5月底前完成主体验收。"  # 33 characters: 3 lines in 28


def _row(master) -> int:
    """The first one-line row of March (a short 项目内容)."""
    sheet = load_workbook(master)[L.month_sheet(3)]
    return next(r for r in range(2, sheet.max_row + 1) if (sheet.row_dimensions[r].height or 15) < 15)


def _height(master, row: int) -> float:
    return load_workbook(master)[L.month_sheet(3)].row_dimensions[row].height


def test_a_written_row_grows_for_its_longest_text_and_only_once(master):
    row = _row(master)
    cells = {h: f"{L.col(h)}{row}" for h in ("进展情况", "存在问题", "下步措施")}
    sheet = L.month_sheet(3)
    apply_changes(master, [CellChange(sheet, cells["进展情况"], None, LONG),
                           CellChange(sheet, cells["存在问题"], None, TWO),
                           CellChange(sheet, cells["下步措施"], None, "4月底前拨付")])
    assert _height(master, row) == 14 * 3  # 进展情况 three lines; 存在问题 two
    assert dict(read_master(master).month(3).records())[row]["进展情况"] == LONG
    before = master.read_bytes()
    assert apply_changes(master, [CellChange(sheet, cells["存在问题"], TWO, TWO)]) is None
    assert master.read_bytes() == before
    apply_changes(master, [CellChange(sheet, cells["进展情况"], LONG, "已完成")])  # shorter text: the row keeps its height
    assert _height(master, row) == 14 * 3
