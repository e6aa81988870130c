"""Writing into the master by patching only the changed sheets' XML (the fast path of ``apply_changes``).

Checked against openpyxl writing the same changes, by readers other than ours (openpyxl,
LibreOffice), and part by part: every part the changes do not touch stays byte for byte.
"""

from __future__ import annotations

import datetime as dt
import re
import io
import shutil
import zipfile

import pytest
from openpyxl import load_workbook

from minsheng.model import layout as L
from minsheng.xlsx import patch as xlsxpatch
from minsheng.engines.file import apply_changes, read_book, read_master
from minsheng.engines.libreoffice import convert, recalculate
from minsheng.model.book import CellChange
from xlsm_book import load_xlsm

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
    book = load_xlsm(fast)
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


# --- what 校验 writes: fills, formulas replaced, a table fitted, column widths and hidden columns ----

def _hex(cell) -> str:
    fill = cell.fill
    return str(fill.fgColor.rgb)[-6:] if fill.fill_type == "solid" and fill.fgColor.type == "rgb" else ""


def _look(cell) -> tuple:
    return cell.number_format, cell.font.name, cell.font.sz, cell.font.b, cell.alignment.wrap_text, cell.border.left.style


def test_fills_are_made_and_restored_and_read_as_openpyxl_reads_them(master, tmp_path):
    data = master.read_bytes()
    book = load_workbook(master)
    assert xlsxpatch.fills_of(data, [("3月", "J2"), ("3月", "M29"), ("3月", "ZZ999")]) == {
        ("3月", "J2"): _hex(book["3月"]["J2"]), ("3月", "M29"): "F2F2F2", ("3月", "ZZ999"): ""}
    marked = xlsxpatch.patch(data, [], fills=[("3月", "J2", "FFC7CE"), ("3月", "M29", "FFEB9C"),
                                              ("3月", "ZZ999", "FFC7CE"), ("2月", "J2", "FFC7CE"), ("2月", "J2", "")])
    (tmp_path / "marked.xlsx").write_bytes(marked)
    after = load_workbook(tmp_path / "marked.xlsx")
    month = after["3月"]
    assert [_hex(month[c]) for c in ("J2", "M29", "ZZ999", "J3")] == ["FFC7CE", "FFEB9C", "FFC7CE", ""]
    assert _hex(after["2月"]["J2"]) == ""  # filled, then restored: the last fill wins
    assert month["J2"].protection.locked is False and _look(month["J2"]) == _look(book["3月"]["J2"])  # only the fill changed
    assert month["M29"].value == book["3月"]["M29"].value  # the content kept (a formula here)
    assert xlsxpatch.fills_of(marked, [("3月", "J2"), ("3月", "M29")]) == {("3月", "J2"): "FFC7CE", ("3月", "M29"): "FFEB9C"}
    restored = xlsxpatch.patch(marked, [], fills=[("3月", "J2", ""), ("3月", "M29", "F2F2F2")])
    assert xlsxpatch.fills_of(restored, [("3月", "J2"), ("3月", "M29")]) == {("3月", "J2"): "", ("3月", "M29"): "F2F2F2"}
    again = xlsxpatch.patch(restored, [], fills=[("3月", "J2", "FFC7CE")])  # formats are reused, not piled up
    with zipfile.ZipFile(io.BytesIO(marked)) as a, zipfile.ZipFile(io.BytesIO(again)) as b:
        assert a.read("xl/styles.xml") == b.read("xl/styles.xml")


def test_a_formula_is_replaced_only_where_allowed(master, tmp_path):
    from minsheng.model.book import Formula

    data = master.read_bytes()
    link = Formula('=HYPERLINK("#\'3月\'!J2","3月!J2")')
    with pytest.raises(xlsxpatch.Unsupported):
        xlsxpatch.patch(data, [CellChange("3月", "K2", None, link)])
    out = tmp_path / "out.xlsx"
    out.write_bytes(xlsxpatch.patch(data, [CellChange("3月", "K2", None, link), CellChange("3月", "K3", None, None)],
                                    formulas={"3月"}))
    sheet = load_workbook(out)["3月"]
    assert sheet["K2"].value == link and sheet["K3"].value is None and sheet["K4"].value.startswith("=")


def test_a_table_is_fitted_and_columns_set(master, tmp_path):
    data = master.read_bytes()
    name = L.table_name(L.RESULTS_SHEET)
    grown = tmp_path / "grown.xlsx"
    grown.write_bytes(xlsxpatch.patch(data, [], tables={L.RESULTS_SHEET: "A1:K40"},
                                      columns={L.RESULTS_SHEET: {1: (6, None), 9: (60.5, None), 13: (None, True),
                                                                 20: (3, True)}}))
    shrunk = tmp_path / "shrunk.xlsx"
    shrunk.write_bytes(xlsxpatch.patch(grown.read_bytes(), [], tables={L.RESULTS_SHEET: "A1:K2"},
                                       columns={L.RESULTS_SHEET: {13: (None, False)}}))
    before, after = load_workbook(master)[L.RESULTS_SHEET], load_workbook(grown)[L.RESULTS_SHEET]
    assert after.tables[name].ref == after.tables[name].autoFilter.ref == "A1:K40"
    assert load_workbook(shrunk)[L.RESULTS_SHEET].tables[name].ref == "A1:K2"
    widths, old = _columns(after), _columns(before)
    assert widths[1] == (6, False) and widths[2] == old[2] and widths[9] == (60.5, False)
    assert widths[13] == (old[13][0], True) and widths[14] == old[14] and widths[20] == (3, True)
    assert _columns(load_workbook(shrunk)[L.RESULTS_SHEET])[13] == (old[13][0], False)


def _columns(sheet) -> dict[int, tuple[float, bool]]:
    """Each column's (width, hidden), the ranges openpyxl reads spread over their columns."""
    out = {}
    for dim in sheet.column_dimensions.values():
        for c in range(dim.min or 0, (dim.max or 0) + 1):
            out[c] = (dim.width, bool(dim.hidden))
    return out


def test_new_rows_go_in_order_around_the_rows_already_there(master, tmp_path):
    """Rows written where the sheet has none yet — before, between and after rows it has — land in
    row order (as Excel requires), each with its value, the rows already there kept; openpyxl reads them."""
    data = xlsxpatch.patch(master.read_bytes(), [CellChange(L.LOG_SHEET, "B10", None, "第十行")])
    rows = {3: "第三行", 9: "第九行", 12: "第十二行", 40: "第四十行"}
    out = tmp_path / "patched.xlsm"
    out.write_bytes(xlsxpatch.patch(data, [CellChange(L.LOG_SHEET, f"B{r}", None, v) for r, v in rows.items()]))
    sheet = load_workbook(out)[L.LOG_SHEET]
    assert {r: sheet.cell(r, 2).value for r in (*rows, 10)} == {**rows, 10: "第十行"}
    with zipfile.ZipFile(out) as z:
        part = next(n for n in z.namelist() if n.startswith("xl/worksheets/") and b"\xe7\xac\xac\xe5\x8d\x81\xe8\xa1\x8c" in z.read(n))
        numbers = [int(n) for n in re.findall(rb'<row r="(\d+)"', z.read(part))]
    assert numbers == sorted(numbers) and {3, 9, 10, 12, 40} <= set(numbers)
