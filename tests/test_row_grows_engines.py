"""A written row grows for its tallest wrapped text whichever engine writes it (issue 17, left): the fast
patch (``test_row_grows``), the openpyxl fallback and live Excel (rows' AutoFit, through xlwings' remote
interpreter). Read back with openpyxl, and from the actions Excel is asked to do."""

from __future__ import annotations

import pytest
from excel_payload import actions
from openpyxl import load_workbook
from test_row_grows import LONG, TWO, _height, _row

from minsheng.engines import file as fileengine
from minsheng.engines.excel import Excel
from minsheng.engines.file import apply_changes, read_master
from minsheng.model import layout as L
from minsheng.model.book import CellChange
from minsheng.xlsx import patch as xlsxpatch

MONTH = L.month_sheet(3)


def _no_patch(*args, **kwargs):
    raise xlsxpatch.Unsupported("this test writes with openpyxl")


def _written(master, row: int) -> list[CellChange]:
    cells = {h: f"{L.col(h)}{row}" for h in ("进展情况", "存在问题", "下步措施")}
    return [CellChange(MONTH, cells["进展情况"], None, LONG), CellChange(MONTH, cells["存在问题"], None, TWO),
            CellChange(MONTH, cells["下步措施"], None, "4月底前拨付")]


@pytest.fixture(params=["patch", "openpyxl"])
def engine(request, monkeypatch):
    if request.param == "openpyxl":
        monkeypatch.setattr(fileengine.xlsxpatch, "patch", _no_patch)
    return request.param


def test_both_file_writers_grow_a_row_alike_and_only_once(master, engine):
    row = _row(master)
    apply_changes(master, _written(master, row))
    assert _height(master, row) == 14 * 3  # 进展情况 three lines; 存在问题 two
    assert dict(read_master(master).month(3).records())[row]["进展情况"] == LONG
    apply_changes(master, [CellChange(MONTH, f"{L.col('进展情况')}{row}", LONG, "已完成")])
    assert _height(master, row) == 14 * 3  # shorter text: the row keeps its height


def test_both_file_writers_grow_a_long_log_row(master, engine):
    """日志's 内容 column wraps (about 45 characters wide): an appended row of 100 Chinese characters
    there takes five lines, alike in both writers; a short row keeps the default height."""
    long = [f"2024-04-0{i} 09:00" for i in (1, 2)]
    rows = [[long[0], "导入", "x.xlsx", "", "县住建局", "资金" * 50], [long[1], "导入", "y.xlsx", "", "县住建局", "短"]]
    apply_changes(master, [], rows)
    sheet = load_workbook(master)[L.LOG_SHEET]
    heights = {sheet.cell(r, 1).value: sheet.row_dimensions[r].height for r in range(2, sheet.max_row + 1)}
    assert (heights[long[0]], heights[long[1]]) == (14 * 5, None)


def test_live_excel_autofits_the_rows_it_wrote_text_into(master, remote):
    row = _row(master)
    book = remote(master, MONTH)
    Excel(book).apply(_written(master, row))
    fits = [a for a in actions(book, "setAutofit") if a["args"] == ["rows"]]
    names = [s.name for s in book.sheets]
    assert [(a["sheet_position"], a["start_row"] + 1, a["row_count"]) for a in fits] == [
        (names.index(MONTH), row, 1)]


def test_live_excel_leaves_rows_of_numbers_alone(master, remote):
    row = _row(master)
    book = remote(master, MONTH)
    Excel(book).apply([CellChange(MONTH, f"{L.col('累计完成')}{row}", None, 12)])
    assert actions(book, "setAutofit") == []


def test_live_excel_fits_rows_once_per_sheet(master, remote):
    """Text in two rows far apart: one AutoFit over the rows from the first to the last."""
    row = _row(master)
    book = remote(master, MONTH)
    Excel(book).apply([CellChange(MONTH, f"{L.col('进展情况')}{row}", None, LONG),
                       CellChange(MONTH, f"{L.col('进展情况')}{row + 20}", None, TWO)])
    fits = actions(book, "setAutofit")
    assert [(a["start_row"] + 1, a["row_count"], a["args"]) for a in fits] == [(row, 21, ["rows"])]
