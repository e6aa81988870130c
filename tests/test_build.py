"""The master workbook: layout, Excel-native features, reproducibility, LibreOffice."""

from __future__ import annotations

import csv
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from minsheng.model import catalogue
from minsheng.model import formulas
from minsheng.model import layout as L
from minsheng.model.formulas import OVER
from minsheng.builder.master import build
from minsheng.engines.libreoffice import convert, recalculate

from conftest import COMMITTED_MASTER
from xlsm_book import load_xlsm


def headers(sheet) -> tuple:
    return tuple(c.value for c in sheet[1])


def test_committed_workbook_is_a_fresh_build(built_master):
    assert COMMITTED_MASTER.exists(), "run `make workbook` and commit the result"
    assert COMMITTED_MASTER.read_bytes() == built_master.read_bytes(), \
        "workbook/民生实事2024.xlsm differs from a fresh build: run `make workbook`"


def test_two_builds_are_byte_identical(built_master, catalogue2024, tmp_path):
    again = build(catalogue2024, tmp_path / "again.xlsm")
    assert again.read_bytes() == built_master.read_bytes()


def test_the_formula_by_pass_writes_the_same_bytes_as_xlsxwriter_itself(built_master, catalogue2024, tmp_path,
                                                                        monkeypatch):
    """builder.formulasheet.FormulaSheet skips XlsxWriter's formula rewriting only where it changes nothing."""
    from xlsxwriter.worksheet import Worksheet

    from minsheng.builder import master

    assert master.SHEET_CLASS is not Worksheet
    monkeypatch.setattr(master, "SHEET_CLASS", Worksheet)
    slow = build(catalogue2024, tmp_path / "slow.xlsm")
    assert slow.read_bytes() == built_master.read_bytes()


@pytest.mark.parametrize("formula", [
    "=IF([@目标值]=0,\"\",[@累计完成]/[@目标值])", "{=SUM(A1:A3*B1:B3)}", "=XLOOKUP(A1,B:B,C:C)",
    "=FILTER(A1:A9,B1:B9>0)", "=_xlfn.XLOOKUP(A1,B:B,C:C)", "=SORT(A1:A9)+SORTBY(A1:A9,B1:B9)", "=MYSINGLE(A1)",
    "=SUMIFS(计划!C:C,计划!A:A,A2)", "=LET(x,1,x)", "=CEILING.MATH(A1)", "=sort(A1:A9)", "=XSORT(A1)",
])
@pytest.mark.parametrize("future", [False, True])
def test_formula_sheet_prepares_formulas_as_xlsxwriter_does(formula, future):
    from xlsxwriter.worksheet import Worksheet

    from minsheng.builder.formulasheet import FormulaSheet

    fast, slow = FormulaSheet(), Worksheet()
    fast.use_future_functions = slow.use_future_functions = future
    assert fast._prepare_formula(formula) == slow._prepare_formula(formula)
    assert fast._prepare_formula(formula, True) == slow._prepare_formula(formula, True)
    if formula == "=XLOOKUP(A1,B:B,C:C)":
        assert fast._prepare_formula(formula) == "_xlfn.XLOOKUP(A1,B:B,C:C)"  # the rewriting still happens


def test_sheets_and_headers(built_master, catalogue2024):
    book = load_xlsm(built_master)
    assert book.sheetnames == L.sheet_order()
    n = sum(len(item.indicators) for item in catalogue2024.items)
    for m in L.MONTHS:
        sheet = book[L.month_sheet(m)]
        assert headers(sheet) == L.MONTH_HEADERS
        assert list(sheet.tables) == [L.table_name(sheet.title)]
        assert sheet.tables[L.table_name(sheet.title)].ref == f"A1:T{n + 1}"
        keys = [(sheet.cell(r, 1).value, sheet.cell(r, 6).value) for r in range(2, n + 2)]
        assert keys == catalogue2024.indicator_keys()
    assert headers(book[L.PROJECTS_SHEET]) + ("节点",) == L.PROJECT_HEADERS  # 节点 only when a row has milestones
    assert headers(book[L.PLAN_SHEET]) == L.PLAN_HEADERS + L.PLAN_RECORD  # who set each row, when (issue 15)
    assert headers(book[L.CONTACTS_SHEET]) == L.CONTACT_HEADERS


def test_excel_native_features_on_a_month_sheet(built_master):
    book = load_xlsm(built_master)
    sheet = book["3月"]
    assert sheet.protection.sheet and not sheet.protection.password
    assert sheet.freeze_panes == "G2"
    # A3 landscape at 90 %, never fit to a page wide; 项目编号 … 责任单位 and the header on every page (issue 17)
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 8
    assert sheet.page_setup.scale == 90 and not sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$1" and sheet.print_title_cols == "$A:$D"
    for header in L.MONTH_HEADERS:
        cell = sheet.cell(2, L.MONTH_HEADERS.index(header) + 1)
        assert cell.protection.locked == (header not in L.INPUT_COLUMNS), header
        assert cell.font.name == "宋体"
    validated = {str(dv.sqref).split(":")[0][0] for dv in sheet.data_validations.dataValidation}
    assert {L.col(h) for h in ("累计完成", "形象进度", "填报日期", "联系电话")} <= validated
    rules = [r for cf in sheet.conditional_formatting for r in cf.rules]
    # every light the 状态 formula gives has its colour: the five statuses and a ceiling's own red (issue 15)
    assert sorted(r.formula[0].strip('"') for r in rules) == sorted([*L.STATUSES, OVER])
    assert sheet["K2"].value.startswith("=IF(ISNUMBER($G2)")


def test_defined_names_feed_formulas_and_dropdowns(built_master):
    book = load_xlsm(built_master)
    names = set(book.defined_names)
    assert {s.name for s in L.SETTINGS} | {L.LIST_STATUS, L.LIST_UNITS, L.LIST_PLAN_KINDS, L.LIST_PLAN_SOURCES} <= names
    plan = book[L.PLAN_SHEET]
    sources = [dv.formula1 for dv in plan.data_validations.dataValidation if dv.type == "list"]
    assert sources == [L.LIST_PLAN_KINDS, L.LIST_PLAN_SOURCES]


def test_vba_and_ribbon_are_in_the_package(built_master):
    with zipfile.ZipFile(built_master) as z:
        names = z.namelist()
        assert "xl/vbaProject.bin" in names and "customUI/customUI.xml" in names
        assert "ui/extensibility" in z.read("_rels/.rels").decode()


def filled_copy(master: Path, month: int) -> tuple[Path, dict]:
    """Type numbers into a month the way a clerk would; return what was typed per key."""
    book = load_xlsm(master)
    sheet = book[L.month_sheet(month)]
    typed = {}
    for r in range(2, sheet.max_row + 1):
        key = (sheet.cell(r, 1).value, sheet.cell(r, 6).value)
        target = sheet.cell(r, 7).value
        if r % 5 == 0:
            continue  # not reported
        if target is None:
            value = (r % 10) / 10
            sheet.cell(r, L.MONTH_HEADERS.index("形象进度") + 1, value)
        else:
            value = round(target * ((r * 7) % 13) / 12, 2)
            sheet.cell(r, L.MONTH_HEADERS.index("累计完成") + 1, value)
        typed[key] = value
    out = master.with_name("filled.xlsm")
    book.save(out)
    return out, typed


@pytest.mark.libreoffice
def test_libreoffice_recalculates_what_python_computes(master, catalogue2024, tmp_path):
    month = 6  # time progress 50 %: every light is possible
    filled, typed = filled_copy(master, month)
    recalced = load_workbook(recalculate(filled, tmp_path / "lo"), data_only=True)
    sheet = recalced[L.month_sheet(month)]
    idx = {h: i for i, h in enumerate(L.MONTH_HEADERS)}
    checked = 0
    for row in sheet.iter_rows(min_row=2, values_only=True):
        item, ind = row[idx["项目编号"]], row[idx["指标"]]
        indicator = next(i for i in catalogue2024.item(item).indicators if i.name == ind)
        full = 1.0 if indicator.qualitative else indicator.target
        plan = round(full * month / 12, 4)
        value = typed.get((item, ind))
        rate = formulas.completion(value if not indicator.qualitative else None, indicator.target,
                                   value if indicator.qualitative else None)
        timep = formulas.time_progress(plan, indicator.target)
        assert row[idx["本月计划累计"]] == pytest.approx(plan)
        assert row[idx["时序进度"]] == pytest.approx(timep)
        if rate is None:
            assert row[idx["完成率"]] in (None, "")
        else:
            assert row[idx["完成率"]] == pytest.approx(rate)
        assert row[idx["状态"]] == formulas.status(rate, timep), (item, ind)
        checked += 1
    assert checked == len(catalogue2024.indicator_keys())
    statuses = {r[idx["状态"]] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert {"未报送", "正常", "严重滞后", "已完成"} <= statuses


@pytest.mark.libreoffice
def test_month_sheet_pdf_shows_chinese(master, tmp_path):
    pdf = convert(master, "pdf", tmp_path / "pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    for word in ("项目编号", "累计完成", "城镇新增就业", "大力扶持就业创业"):
        assert word in text
    png = tmp_path / "page"
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(png)], check=True)


def test_build_from_a_csv_catalogue(tmp_path, catalogue2024):
    source = tmp_path / "目录2031.csv"
    with source.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=catalogue.CATALOGUE_COLUMNS + catalogue.OPTIONAL_COLUMNS)
        writer.writeheader()
        writer.writerows(catalogue2024.rows()[:5])
    data = catalogue.load(source)
    assert data.year == 2031
    out = build(data, tmp_path / "m.xlsm")
    back = catalogue.load(out, 2031)
    assert back.rows() == data.rows()
