"""Reading values and applying changes to a master file."""

from __future__ import annotations

import zipfile

import pytest
from openpyxl import load_workbook

from minsheng.model import layout as L
from minsheng.engines.file import apply_changes, read_master
from minsheng.engines.libreoffice import recalculate
from minsheng.model.settings import Settings
from minsheng.check.validate import validate_month
from minsheng.model.book import CellChange, Formula
from conftest import zip_read
from xlsm_book import load_xlsm


def test_rows_are_found_by_key_after_a_clerk_resorts_them(master):
    book = load_xlsm(master)
    sheet = book["3月"]
    sheet.move_range("A2:T2", rows=sheet.max_row, cols=0)  # first row moved to the end
    book.save(master)
    month = read_master(master).month(3)
    row, record = month.by_key()[("1-1", "城镇新增就业")]
    assert row == 34 and record["目标值"] == 3000


def test_apply_changes_keeps_text_as_text_macros_ribbon_and_logs(master):
    before = zip_read(master, "xl/vbaProject.bin")
    backup = apply_changes(master, [CellChange("3月", "J2", None, 1200), CellChange("3月", "O2", None, "=1+1")],
                           [["2024-04-03 09:00", "汇总回收表", "人社局.xlsx", "ab", "县人力资源社会保障局", "J2: → 1200"]])
    assert backup is not None and backup.exists()
    book = load_xlsm(master)
    assert book["3月"]["O2"].value == "=1+1" and book["3月"]["O2"].data_type == "s"
    log = book[L.LOG_SHEET]
    assert log.tables[L.table_name(L.LOG_SHEET)].ref == "A1:F2"
    assert log["E2"].value == "县人力资源社会保障局"
    with zipfile.ZipFile(master) as z:
        assert z.read("xl/vbaProject.bin") == before
        assert "customUI/customUI.xml" in z.namelist()
    assert read_master(master).month(3).by_key()[("1-1", "城镇新增就业")][1]["累计完成"] == 1200


@pytest.mark.libreoffice
def test_only_a_formula_the_core_made_is_a_formula(master, tmp_path):
    apply_changes(master, [CellChange("3月", "O2", None, "=1+1"), CellChange("3月", "O3", None, Formula("=1+1"))])
    month = load_workbook(recalculate(master, tmp_path / "lo"), data_only=True)["3月"]
    assert (month["O2"].value, month["O3"].value) == ("=1+1", 2)  # a clerk's text stays text


def test_a_formula_starts_with_an_equals_sign():
    assert Formula("=A1") == "=A1"
    with pytest.raises(ValueError):
        Formula("A1")


def test_no_changes_touch_nothing(master):
    stamp = master.stat().st_mtime_ns
    assert apply_changes(master, []) is None
    assert master.stat().st_mtime_ns == stamp


def test_settings_come_from_the_config_sheet(master):
    from minsheng.model.settings import Settings, load

    assert load(read_master(master)) == Settings()
    book = load_xlsm(master)
    sheet = book[L.CONFIG_SHEET]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "黄灯阈值")
    sheet.cell(row, 2).value = 0.15
    book.save(master)
    assert load(read_master(master)).yellow == 0.15


@pytest.mark.libreoffice
def test_excel_error_values_are_read_as_their_text_not_as_blanks(master, tmp_path):
    """python-calamine reads error cells as empty; a clerk's #REF! must not look 'not filled'."""
    book = load_xlsm(master)
    book["3月"]["J2"] = "=1/0"
    book["3月"]["J3"] = "=#REF!"
    book.save(master)
    month = read_master(recalculate(master, tmp_path / "lo")).month(3)
    assert month.rows[1][9] == "#DIV/0!" and month.rows[2][9] == "#REF!"
    assert month.rows[3][9] is None
    report = validate_month(month, 3, previous=None, settings=Settings(), source="m.xlsx")
    assert ("J2", "excel-error") in report.flat("cell", "code")
    assert ("J3", "excel-error") in report.flat("cell", "code")
