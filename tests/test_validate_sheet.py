"""The 校验结果 sheet and the highlighted cells: what the CLI writes into the master."""

from __future__ import annotations

import json
import zipfile

import pytest
from openpyxl import load_workbook

from minsheng.model import layout as L
from minsheng.engines.file import read_book
from minsheng.engines.disk import sha256
from minsheng.model.formulas import month_formulas
from minsheng.engines.libreoffice import recalculate
from minsheng.check.results import link

from monthfill import good_rows, type_into
from test_cli import run
from xlsm_book import load_xlsm

JOBS = ("1-1", "城镇新增就业")
MASSAGE = ("1-2", "形象进度")
LIFTS = ("9-2", "电梯检查")  # row 30
ERROR_FILL, WARNING_FILL, LOCKED_FILL, CLERKS_FILL = "FFC7CE", "FFEB9C", "F2F2F2", "00B0F0"
EXPECTED = [("J2", "ambiguous-number"), ("S2", "phone-format"), ("N3", "progress-decreased"),
            ("P3", "behind-plan-unexplained"), ("Q3", "behind-plan-text-unchanged"), ("M30", "target-reached-not-done")]


def _mistakes(master):
    """February on plan; in March a rough number, a phone without area code, 形象进度 falling behind
    with last month's texts, and a target reached while the 状态 formula was typed over."""
    type_into(master, 2, good_rows(master, 2))
    rows = good_rows(master, 3)
    type_into(master, 3, {**rows, JOBS: {**rows[JOBS], "累计完成": "三四百", "联系电话": "8221234"},
                          MASSAGE: {**rows[MASSAGE], "形象进度": 0.1},
                          LIFTS: {**rows[LIFTS], "累计完成": 400, "状态": "正常"}})


def _fill(sheet, cell) -> str:
    fill = sheet[cell].fill
    return str(fill.fgColor.rgb)[-6:] if fill.fill_type == "solid" else ""


def _shown(master) -> list[tuple]:
    """The table as calamine reads it (an independent reader): (工作表, 单元格, 代码, 问题, 处理建议)."""
    sheet = read_book(master, [L.RESULTS_SHEET])[L.RESULTS_SHEET]
    return [(r["工作表"], r["单元格"], r["代码"], r["问题"], r["处理建议"]) for _, r in sheet.records() if r["序号"]]


def _validate_json(master) -> list[dict]:
    done = run("validate", master, "--month", 3, "--json")
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)["findings"]


def test_the_built_master_has_an_empty_results_table(master):
    book = load_workbook(master)
    sheet = book[L.RESULTS_SHEET]
    assert tuple(c.value for c in sheet[1][:len(L.RESULT_HEADERS)]) == L.RESULT_HEADERS
    assert sheet.tables[L.table_name(L.RESULTS_SHEET)].ref == f"A1:{L.column_letter(len(L.RESULT_HEADERS) - 1)}2"
    assert book.sheetnames.index(L.RESULTS_SHEET) == book.sheetnames.index(L.DASHBOARD_SHEET) + 1
    assert _shown(master) == []


def test_cli_json_and_sheet_agree_and_cells_are_marked(master):
    _mistakes(master)
    vba = zipfile.ZipFile(master).read("xl/vbaProject.bin")
    findings = _validate_json(master)
    assert [(f["cell"], f["code"]) for f in findings] == EXPECTED
    assert _shown(master) == [(f["sheet"], f["cell"], f["code"], f["message"], f["hint"]) for f in findings]
    book = load_xlsm(master)
    table = book[L.RESULTS_SHEET]
    assert table.tables[L.table_name(L.RESULTS_SHEET)].ref == f"A1:K{len(EXPECTED) + 1}"
    assert table["E2"].value == link("3月", "J2") == "=HYPERLINK(\"#'3月'!J2\",\"3月!J2\")"
    month = book["3月"]
    assert [_fill(month, c) for c, _ in EXPECTED] == [ERROR_FILL, WARNING_FILL, ERROR_FILL, WARNING_FILL,
                                                      WARNING_FILL, WARNING_FILL]
    assert _fill(month, "O2") == "" and _fill(month, "M29") == LOCKED_FILL  # cells without findings: untouched
    assert month["J2"].protection.locked is False  # still an input cell
    assert table.column_dimensions[L.column_letter(L.MARK_COLUMN)].hidden
    assert zipfile.ZipFile(master).read("xl/vbaProject.bin") == vba


def test_a_second_run_changes_nothing(master):
    _mistakes(master)
    assert run("validate", master, "--month", 3).returncode == 1
    digest = sha256(master)
    again = run("validate", master, "--month", 3)
    assert again.returncode == 1 and "未改动" in again.stdout
    assert sha256(master) == digest


def test_running_again_clears_its_own_marks_and_only_those(master):
    from openpyxl.styles import PatternFill

    _mistakes(master)
    book = load_xlsm(master)
    book["3月"]["O5"].fill = PatternFill("solid", fgColor="FF" + CLERKS_FILL)  # a clerk's own highlight
    book.save(master)
    assert len(_validate_json(master)) == len(EXPECTED)
    rows = good_rows(master, 3)  # the clerk corrects two rows; the 状态 typed over stays
    type_into(master, 3, {JOBS: rows[JOBS], MASSAGE: rows[MASSAGE]})
    assert [(f["cell"], f["code"]) for f in _validate_json(master)] == [EXPECTED[-1]]
    book = load_workbook(master)
    month = book["3月"]
    assert [_fill(month, c) for c in ("J2", "S2", "N3", "P3", "Q3", "M30", "O5")] == [
        "", "", "", "", "", WARNING_FILL, CLERKS_FILL]
    assert len(_shown(master)) == 1
    table = book[L.RESULTS_SHEET]
    assert table.tables[L.table_name(L.RESULTS_SHEET)].ref == "A1:K2"
    assert table["E2"].value == link("3月", "M30")
    assert all(table.cell(r, c).value is None for r in range(3, len(EXPECTED) + 2) for c in range(1, 16))
    type_into(master, 3, {LIFTS: {"状态": month_formulas(3, 30)["状态"]}})  # the formula put back
    assert _validate_json(master) == []
    month = load_workbook(master)["3月"]
    assert _fill(month, "M30") == LOCKED_FILL and _fill(month, "O5") == CLERKS_FILL
    assert _shown(master) == []


@pytest.mark.libreoffice
def test_libreoffice_opens_the_sheet_and_follows_the_links(master, tmp_path):
    _mistakes(master)
    run("validate", master, "--month", 3)
    converted = recalculate(master, tmp_path / "lo")
    sheet = load_workbook(converted, data_only=True)[L.RESULTS_SHEET]
    shown = [(sheet.cell(r, 3).value, sheet.cell(r, 4).value, sheet.cell(r, 5).value) for r in range(2, sheet.max_row + 1)
             if sheet.cell(r, 1).value]
    assert shown and all(link_text == f"{name}!{cell}" for name, cell, link_text in shown)
    assert [c.value for c in sheet[1][:len(L.RESULT_HEADERS)]] == list(L.RESULT_HEADERS)
