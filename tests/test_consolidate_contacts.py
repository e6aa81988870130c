"""A unit's own row of 单位通讯录, sent in its fill-in file: what the clerk changes there reaches the master."""

from __future__ import annotations

import json
import shutil

import pytest
from openpyxl import load_workbook

from minsheng.model import layout as L
from minsheng.cli import main
from minsheng.engines.file import apply_changes, read_master
from minsheng.model.book import CellChange

from clerk import split
from xlsm_book import load_xlsm

UNIT = "县民政局"


@pytest.fixture
def files(master, tmp_path):
    return split(master, 3, tmp_path / "回收")


def run_json(master, *paths, capsys):
    capsys.readouterr()
    code = main(["consolidate", str(master), *map(str, paths), "--month", "3", "--json"])
    return code, json.loads(capsys.readouterr().out)


def type_contact(path, unit=UNIT, **cells):
    """Type into ``unit``'s row of the file's 单位通讯录, as the clerk would."""
    book = load_workbook(path)
    sheet = book[L.CONTACTS_SHEET]
    header = [c.value for c in sheet[1]]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == unit)
    for name, value in cells.items():
        sheet.cell(row, header.index(name) + 1).value = value
    book.save(path)


def master_contact(master, unit=UNIT) -> dict:
    return next(r for _, r in read_master(master)[L.CONTACTS_SHEET].records() if r["单位"] == unit)


def test_a_units_new_contacts_reach_the_master_once(master, files, capsys):
    type_contact(files[UNIT], 联系人="刘芳", 联系电话="0537-8225678", 电子邮箱="mzj@weishan.gov.cn")
    code, out = run_json(master, files[UNIT], capsys=capsys)
    assert code == 0, out
    row = master_contact(master)
    assert (row["联系人"], row["联系电话"], row["电子邮箱"]) == ("刘芳", "0537-8225678", "mzj@weishan.gov.cn")
    assert [a["changed_cells"] for a in out["accepted"]] == [3]
    log = [r for _, r in read_master(master)[L.LOG_SHEET].records() if r["单位"] == UNIT]
    assert "单位通讯录!C" in log[-1]["内容"] and "→ 0537-8225678" in log[-1]["内容"]
    before = master.read_bytes()
    code, out = run_json(master, files[UNIT], capsys=capsys)
    assert code == 0 and master.read_bytes() == before  # the second run changes nothing


def test_odd_contacts_are_merged_as_typed_with_a_warning_naming_the_cell(master, files, capsys):
    type_contact(files[UNIT], 联系电话="8225678", 电子邮箱="民政局邮箱 mzj@weishan.gov.cn")
    code, out = run_json(master, files[UNIT], capsys=capsys)
    assert code == 0
    assert (master_contact(master)["联系电话"], master_contact(master)["电子邮箱"]) == (
        "8225678", "民政局邮箱 mzj@weishan.gov.cn")
    found = [(f["code"], f["cell"], f["unit"]) for f in out["row_findings"] if f["sheet"] == L.CONTACTS_SHEET]
    assert found == [("contact-phone-format", "C2", UNIT), ("contact-email-format", "D2", UNIT)]


def test_a_cleared_cell_does_not_erase_the_master(master, files, capsys):
    type_contact(files[UNIT], 联系电话="0537-8225678")
    run_json(master, files[UNIT], capsys=capsys)
    again = split(master, 3, files[UNIT].parent.with_name("再次下发"))[UNIT]
    type_contact(again, 联系电话=None, 联系人="刘芳")
    code, out = run_json(master, again, capsys=capsys)
    assert code == 0
    assert (master_contact(master)["联系电话"], master_contact(master)["联系人"]) == ("0537-8225678", "刘芳")


def test_the_offices_later_edit_is_not_undone_by_a_unit_that_changed_nothing(master, tmp_path, capsys):
    sheet = read_master(master)[L.CONTACTS_SHEET]
    row = next(n for n, r in sheet.records() if r["单位"] == UNIT)
    phone = sheet.address(row, "联系电话")
    apply_changes(master, [CellChange(L.CONTACTS_SHEET, phone, None, "0537-8220001")])
    sent = split(master, 3, tmp_path / "回收")[UNIT]  # the unit's file carries 0537-8220001
    apply_changes(master, [CellChange(L.CONTACTS_SHEET, phone, "0537-8220001", "0537-8229999")])
    type_contact(sent, 联系人="刘芳")  # the clerk changes the person, not the phone
    code, out = run_json(master, sent, capsys=capsys)
    assert code == 0
    assert (master_contact(master)["联系电话"], master_contact(master)["联系人"]) == ("0537-8229999", "刘芳")


def test_none_markers_are_text_here_and_the_offices_note_is_not_the_units(master, files, capsys):
    type_contact(files[UNIT], 联系人="无", 备注="改了备注")
    run_json(master, files[UNIT], capsys=capsys)
    assert (master_contact(master)["联系人"], master_contact(master)["备注"]) == ("无", "责任单位")
    book = load_workbook(files[UNIT])
    header = [c.value for c in book[L.CONTACTS_SHEET][1]]
    assert book[L.CONTACTS_SHEET].cell(2, header.index("备注") + 1).protection.locked


def test_another_units_row_in_the_file_is_not_taken(master, files, capsys):
    book = load_workbook(files[UNIT])
    sheet = book[L.CONTACTS_SHEET]
    sheet.append(["县教育和体育局", "冒名", "13800000000", "x@y.cn", None])  # a row typed under its own
    book.save(files[UNIT])
    run_json(master, files[UNIT], capsys=capsys)
    assert master_contact(master, "县教育和体育局")["联系人"] is None


def test_a_copy_of_the_master_reports_its_contact_changes_and_merges_none(master, tmp_path, capsys):
    copy = tmp_path / "台账副本.xlsm"
    shutil.copy2(master, copy)
    book = load_xlsm(copy)
    sheet = book[L.CONTACTS_SHEET]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == UNIT)
    sheet.cell(row, 3).value = "0537-8229999"
    book.save(copy)
    code, out = run_json(master, copy, capsys=capsys)
    assert master_contact(master)["联系电话"] is None
    [found] = [f for f in out["row_findings"] if f["sheet"] == L.CONTACTS_SHEET]
    assert (found["code"], found["cell"], found["unit"]) == ("copy-contact-not-merged", f"A{row}", UNIT)
    assert "联系电话" in found["message"]
