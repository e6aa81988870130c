"""Cached formula results: what a file shows before anything recalculates it (LibreOffice's default
for .xlsx, mail previews, phone viewers) is what LibreOffice computes when it does recalculate.

The builder and the splitter store the results of ``model.formulas.month_results``; openpyxl reads
them back (values, not formulas) and LibreOffice, made to recalculate on load, is the judge."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from minsheng.engines.file import read_master
from minsheng.engines.libreoffice import recalculate
from minsheng.model import layout as L
from minsheng.roundtrip.split import split_month
from xlsm_book import load_xlsm

FORMULAS = ("本月计划累计", "完成率", "时序进度", "状态")
COL = {h: i + 1 for i, h in enumerate(L.MONTH_HEADERS)}


def _shown(path, sheets=None) -> dict[tuple, object]:
    """Every formula column's value on the month sheets, by (sheet, row, header); "" as None."""
    book = load_workbook(path, data_only=True, read_only=True)
    out = {}
    for name in sheets or [L.month_sheet(m) for m in L.MONTHS]:
        if name not in book.sheetnames:
            continue
        for r, row in enumerate(book[name].iter_rows(min_row=2, values_only=True), start=2):
            if not row or row[0] in (None, ""):
                continue
            for h in FORMULAS:
                value = row[COL[h] - 1]
                out[(name, r, h)] = None if value == "" else value
    return out


def _same(cached: dict, recalculated: dict) -> list:
    assert cached.keys() == recalculated.keys()
    wrong = []
    for key, value in cached.items():
        other = recalculated[key]
        if isinstance(other, (int, float)) and not isinstance(other, bool):
            if not isinstance(value, (int, float)) or value != pytest.approx(other, rel=1e-12, abs=1e-12):  # 15 digits in LO
                wrong.append((key, value, other))
        elif value != other:
            wrong.append((key, value, other))
    return wrong


def _fill(master, tmp_path, month: int):
    """A clerk's month: 100 against a plan of hundreds, one item done, one share typed, one text, the rest below,
    at and above their targets."""
    book = load_xlsm(master)
    sheet = book[L.month_sheet(month)]
    rows = [r for r in range(2, sheet.max_row + 1) if sheet.cell(r, COL["项目编号"]).value]
    numbered = [r for r in rows if isinstance(sheet.cell(r, COL["目标值"]).value, (int, float))]
    shares = [r for r in rows if sheet.cell(r, COL["目标值"]).value is None]
    for r, typed in zip(numbered, (100, 10 ** 9, "约500")):
        sheet.cell(r, COL["累计完成"], typed)
    for i, r in enumerate(numbered[3:]):  # every other kind of row (达到 %, 以内, 清零 …) with a figure
        target = sheet.cell(r, COL["目标值"]).value
        sheet.cell(r, COL["累计完成"], 0.62 if sheet.cell(r, COL["计量单位"]).value == "%" else target * (i % 12) / 10)
    sheet.cell(shares[0], COL["形象进度"], 0.05)
    filled = tmp_path / "filled.xlsm"
    book.save(filled)
    return filled


@pytest.mark.libreoffice
def test_master_as_built_shows_what_libreoffice_computes(master, tmp_path):
    cached = _shown(master)
    assert {cached[k] for k in cached if k[2] == "状态"} == {"未报送"}
    plans = [v for k, v in cached.items() if k[2] == "本月计划累计"]
    assert all(isinstance(v, (int, float)) for v in plans) and sum(plans) > 0  # not the writer's 0
    assert _same(cached, _shown(recalculate(master, tmp_path / "lo"))) == []


@pytest.mark.libreoffice
def test_a_units_file_shows_what_libreoffice_computes(master, tmp_path):
    month = 6
    paths = split_month(read_master(_fill(master, tmp_path, month)), month, tmp_path / "out")
    assert paths
    lights = set()
    for path in paths:
        cached = _shown(path, [L.month_sheet(month)])
        lights |= {v for k, v in cached.items() if k[2] == "状态"}
        assert _same(cached, _shown(recalculate(path, tmp_path / "lo" / path.stem), [L.month_sheet(month)])) == [], path
    assert {"严重滞后", "已完成", "未报送"} <= lights  # the clerk who typed 100 sees the light, not 正常


def test_workbooks_ask_to_be_recalculated_on_load(master, tmp_path):
    import zipfile
    paths = split_month(read_master(master), 1, tmp_path)
    for path in (master, paths[0]):
        assert b'fullCalcOnLoad="1"' in zipfile.ZipFile(path).read("xl/workbook.xml"), path


def _type_figures(path, n: int) -> int:
    """A unit clerk's month: each numbered row a different share of its target (nothing, a tenth, half,
    all, more: the ``n``-th row of the month onward), each row without a number a 形象进度. Returns the next n."""
    book = load_workbook(path)
    sheet = book.worksheets[0]
    for r in range(2, sheet.max_row + 1):
        if not sheet.cell(r, COL["项目编号"]).value:
            continue
        i, n = n, n + 1
        target = sheet.cell(r, COL["目标值"]).value
        if isinstance(target, (int, float)):
            share = (0, 0.1, 0.5, 1, 1.2)[i % 5]
            sheet.cell(r, COL["累计完成"], 0.62 if sheet.cell(r, COL["计量单位"]).value == "%" else target * share)
        else:
            sheet.cell(r, COL["形象进度"], 0.05 * (i % 4))
        sheet.cell(r, COL["进展情况"], "按计划推进")
    book.save(path)
    return n


@pytest.mark.libreoffice
def test_consolidated_rows_show_what_libreoffice_computes(master, tmp_path):
    """xlsx/patch writes the returns' figures; the formulas of those rows keep a cached result
    (roundtrip.cached), not none: a viewer that does not recalculate shows the new lights."""
    from minsheng.cli import main

    month = 3
    paths = split_month(read_master(master), month, tmp_path / "out")
    n = 0
    for path in paths:
        n = _type_figures(path, n)
    assert main(["consolidate", str(master), *map(str, paths), "--month", str(month)]) == 0
    sheet = L.month_sheet(month)
    cached = _shown(master, [sheet])
    assert [k for k, v in cached.items() if v is None and k[2] in ("状态", "本月计划累计")] == []
    lights = {v for k, v in cached.items() if k[2] == "状态"}
    assert {"已完成", "滞后", "正常"} <= lights and "未报送" not in lights
    assert _same(cached, _shown(recalculate(master, tmp_path / "lo"), [sheet])) == []


@pytest.mark.libreoffice
def test_a_consolidated_zero_row_counts_down_from_its_base_in_the_cached_result(tmp_path):
    """A 清零 row with 基期值 8 and 2 households left is 75 % done (roundtrip.cached reads 基期值
    from 项目表 as the native formula does), not 0 %."""
    import csv

    from minsheng.builder.master import build
    from minsheng.cli import main
    from minsheng.model import catalogue
    from minsheng.notice import targets

    source = tmp_path / "目录2025.csv"
    with source.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["项目编号", "项目类别", "项目内容", "责任单位", "指标", "目标值", "计量单位", "基期值"])
        out.writerow(["1", "民生", "城镇新增就业", "县人社局", "城镇新增就业", "3000", "人", ""])
        out.writerow(["2", "民生", "零就业家庭动态清零", "县人社局", "零就业家庭", "动态清零", "户", 8])
    master = build(catalogue.load(source, read_target=targets.read), tmp_path / "民生实事2025.xlsm")
    month = 6
    [path] = split_month(read_master(master), month, tmp_path / "out")
    book = load_workbook(path)
    sheet = book.worksheets[0]
    for r in range(2, sheet.max_row + 1):
        key = sheet.cell(r, COL["项目编号"]).value
        if key:
            sheet.cell(r, COL["累计完成"], {"1": 1500, "2": 2}[str(key)])
            sheet.cell(r, COL["进展情况"], "按计划推进")
    book.save(path)
    assert main(["consolidate", str(master), str(path), "--month", str(month)]) == 0
    name = L.month_sheet(month)
    cached = _shown(master, [name])
    assert [v for k, v in cached.items() if k[2] == "完成率"] == [0.5, 0.75]
    assert _same(cached, _shown(recalculate(master, tmp_path / "lo"), [name])) == []
