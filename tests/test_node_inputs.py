"""A 节点 row counts its nodes in 累计完成 (leftover of issue 15): its 形象进度 cell is not an input, so
the master's month sheet and the unit's fill-in file show it locked and grey, like every other cell
the clerk does not fill; 累计完成 stays open. Read back with openpyxl, an independent reader."""

from __future__ import annotations

import csv

import pytest
from openpyxl import load_workbook

import clerk
from minsheng.builder import targets
from minsheng.builder.master import build
from minsheng.model import catalogue, milestones
from minsheng.model import layout as L

NODE, COUNT, IMAGE = ("1", milestones.INDICATOR), ("2", "新增就业"), ("3", "形象进度")
GREY = "FFF2F2F2"


@pytest.fixture(scope="module")
def master(tmp_path_factory):
    folder = tmp_path_factory.mktemp("nodeinputs")
    source = folder / "目录2025.csv"
    with source.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["项目编号", "项目类别", "项目内容", "责任单位", "指标", "目标值", "计量单位", "目标类型", "节点"])
        out.writerow(["1", "民生", "城区学校建设", "县教育局", "形象进度", "", "", "节点", "动工 3月底；投入使用 9月底"])
        out.writerow(["2", "民生", "新增就业", "县教育局", "新增就业", "3000", "人", "", ""])
        out.writerow(["3", "民生", "校园改造", "县教育局", "形象进度", "", "", "", ""])
    return build(catalogue.load(source, read_target=targets.read), folder / "民生实事2025.xlsm")


def inputs(sheet) -> dict[tuple, tuple]:
    """(项目编号, 指标) → ((累计完成 locked, grey), (形象进度 locked, grey)) as the file stores them."""
    cols, rows = clerk._locate(sheet)
    out = {}
    for key, r in rows.items():
        cells = [sheet.cell(r, cols[h]) for h in ("累计完成", "形象进度")]
        out[(str(key[0]), key[1])] = tuple((c.protection.locked, c.fill.fgColor.rgb == GREY) for c in cells)
    return out


OPEN, SHUT = (False, False), (True, True)


def test_the_master_month_sheet_locks_a_node_rows_image_cell(master):
    book = load_workbook(master, keep_vba=True)
    for month in (1, 12):
        found = inputs(book[L.month_sheet(month)])
        assert found[NODE] == (OPEN, SHUT)
        assert found[COUNT] == (OPEN, OPEN) and found[IMAGE] == (OPEN, OPEN)  # other rows as before
    assert book[L.month_sheet(3)].protection.sheet


def test_the_fill_in_file_locks_it_too(master, tmp_path):
    path = clerk.split(master, 3, tmp_path / "out")["县教育局"]
    sheet = load_workbook(path).worksheets[0]
    found = inputs(sheet)
    assert found[NODE] == (OPEN, SHUT)
    assert found[COUNT] == (OPEN, OPEN) and found[IMAGE] == (OPEN, OPEN)
    assert sheet.protection.sheet
    # the clerk still types the nodes done where they belong
    clerk.fill(path, {NODE: {"累计完成": 1}})
    cols, rows = clerk._locate(load_workbook(path).worksheets[0])
    assert load_workbook(path).worksheets[0].cell(rows[NODE], cols["累计完成"]).value == 1
