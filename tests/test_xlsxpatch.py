"""Writing into the master by patching only the changed sheets' XML (the fast path of ``apply_changes``).

Checked against openpyxl writing the same changes, by readers other than ours (openpyxl,
LibreOffice), and part by part: every part the changes do not touch stays byte for byte.
"""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile

import pytest
from openpyxl import load_workbook

from minsheng.model import layout as L
from minsheng.xlsx import patch as xlsxpatch
from minsheng.engines.file import apply_changes, read_book, read_master
from minsheng.engines.libreoffice import convert, recalculate
from minsheng.model.book import CellChange

LOG = [["2024-04-03 09:00:00", "汇总回收表", "人社局.xlsx", "ab12", "县人力资源社会保障局", "3月 2 处：J2 （空） → 1200"],
       ["2024-04-03 09:00:01", "汇总回收表", "民政局.xlsx", "cd34", "县民政局", "3月：已报送，没有需要改动的单元格"]]


def clerk_changes(master) -> list[CellChange]:
    month = read_master(master).month(3)
    row = month.by_key()[("1-1", "城镇新增就业")][0]
    at = lambda header: month.address(row, header)  # noqa: E731
    return [CellChange("3月", at("累计完成"), None, 1200.5), CellChange("3月", at("形象进度"), None, 0.75),
            CellChange("3月", at("进展情况"), None, "=已开发岗位 <480> 个 & 培训\r\n第二行"),
            CellChange("3月", at("存在问题"), None, "  前后有空格  "),
            CellChange("3月", at("填报日期"), None, dt.datetime(2024, 4, 3)),
            CellChange(L.REPORTS_SHEET, "C2", None, "已报送"), CellChange(L.REPORTS_SHEET, "E2", None, None)]


def values(path):
    """Every sheet's values as calamine reads them, formula cells left out (openpyxl keeps no results)."""
    formulas = {(ws.title, c.coordinate) for ws in load_workbook(path) for row in ws.iter_rows() for c in row
                if c.data_type == "f"}
    book = read_book(path)
    return {(name, f"{L.column_letter(c)}{r}"): v for name, sheet in book.sheets.items()
            for r, row in enumerate(sheet.rows, start=1) for c, v in enumerate(row)
            if v is not None and (name, f"{L.column_letter(c)}{r}") not in formulas}


def unsupported(*args, **kwargs):
    raise xlsxpatch.Unsupported("this test writes with openpyxl")


@pytest.fixture
def twins(master, tmp_path):
    """The same changes written by the fast path and by openpyxl."""
    fast, slow = tmp_path / "fast" / master.name, tmp_path / "slow" / master.name
    for path in (fast, slow):
        path.parent.mkdir()
        shutil.copy2(master, path)
    changes = clerk_changes(master)
    apply_changes(fast, changes, LOG)
    data = slow.read_bytes()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(xlsxpatch, "patch", unsupported)
        apply_changes(slow, changes, LOG)
    assert slow.read_bytes() != data and fast.read_bytes() != data
    return master, fast, slow


def test_fast_path_writes_what_openpyxl_writes(twins):
    master, fast, slow = twins
    assert values(fast) == values(slow)


def test_openpyxl_reads_the_patched_cells_as_written(twins):
    master, fast, _ = twins
    book = load_workbook(fast, keep_vba=True)
    sheet = book["3月"]
    row = read_master(master).month(3).by_key()[("1-1", "城镇新增就业")][0]
    cell = lambda header: sheet[f"{L.column_letter(L.MONTH_HEADERS.index(header))}{row}"]  # noqa: E731
    assert cell("累计完成").value == 1200.5 and cell("形象进度").value == 0.75
    assert cell("进展情况").value == "=已开发岗位 <480> 个 & 培训\r\n第二行" and cell("进展情况").data_type == "s"
    assert cell("存在问题").value == "  前后有空格  "
    assert cell("填报日期").value == dt.datetime(2024, 4, 3) and cell("填报日期").is_date
    assert cell("完成率").value.startswith("=")  # the formula stays; its stale result is dropped
    assert book[L.REPORTS_SHEET]["C2"].value == "已报送"
    log = book[L.LOG_SHEET]
    assert [log.cell(r, 5).value for r in (2, 3)] == ["县人力资源社会保障局", "县民政局"]
    assert log.tables[L.table_name(L.LOG_SHEET)].ref == "A1:F3"
    assert log.tables[L.table_name(L.LOG_SHEET)].autoFilter.ref == "A1:F3"


def test_untouched_parts_stay_byte_for_byte(twins):
    """Only the three sheets written to and the 日志 table (its range grew) differ; VBA, ribbon,
    styles, shared strings, the other sheets and tables are the very bytes they were."""
    master, fast, _ = twins
    with zipfile.ZipFile(master) as a, zipfile.ZipFile(fast) as b:
        assert a.namelist() == b.namelist()
        changed = sorted(n for n in a.namelist() if a.read(n) != b.read(n))
        tables = [n for n in changed if n.startswith("xl/tables/")]
        assert len(tables) == 1 and f'name="{L.table_name(L.LOG_SHEET)}"'.encode() in b.read(tables[0])
    sheets = [n for n in changed if n.startswith("xl/worksheets/sheet")]
    assert len(sheets) == 3 and len(changed) == 4


def test_a_second_identical_run_changes_nothing(master):
    changes = clerk_changes(master)
    assert apply_changes(master, changes) is not None
    data = master.read_bytes()
    assert apply_changes(master, changes) is None and master.read_bytes() == data


def test_what_the_fast_path_cannot_be_sure_of_goes_through_openpyxl(master):
    data = master.read_bytes()
    formula = CellChange("3月", "K2", None, 0.5)  # 完成率 holds a formula
    with pytest.raises(xlsxpatch.Unsupported):
        xlsxpatch.patch(data, [formula])
    with pytest.raises(xlsxpatch.Unsupported):  # a date where the cell shows numbers
        xlsxpatch.patch(data, [CellChange("3月", "J2", None, dt.date(2024, 4, 3))])
    apply_changes(master, [formula])
    assert load_workbook(master)["3月"]["K2"].value == 0.5


@pytest.mark.libreoffice
def test_libreoffice_opens_the_patched_master_and_recalculates(twins, tmp_path):
    master, fast, _ = twins
    row = read_master(master).month(3).by_key()[("1-1", "城镇新增就业")][0]
    book = read_book(recalculate(fast, tmp_path / "lo"))
    record = dict(zip(book["3月"].header, book["3月"].rows[row - 1]))
    assert record["累计完成"] == 1200.5 and record["进展情况"].startswith("=已开发岗位")
    assert record["完成率"] == pytest.approx(1200.5 / record["目标值"])
    assert book[L.LOG_SHEET].rows[2][4] == "县民政局"
    converted = convert(fast, "xlsx", tmp_path / "lo2")
    assert read_book(converted, ["3月"])["3月"].rows[row - 1][L.MONTH_HEADERS.index("存在问题")] == "  前后有空格  "
