"""A sub-target indicator month by month (leftovers of issue 12): the county's light history counts
it once, lit from its parts' sums, and the whole escalates (升级) when its sums lag the set number
of months in a row, named once, even when no part escalates on its own.

Built by our own builder from a two-street catalogue, read with the real reader, and typed into
the month sheets the way a clerk types figures into cells."""

from __future__ import annotations

import copy
import csv

import pytest

from minsheng.engines.file import read_master
from minsheng.jobs import build as build_job
from minsheng.model import layout as L
from minsheng.status import counting, dashboard
from minsheng.status.progress import compute
from minsheng.status.table import render

HEADER = ["项目编号", "项目类别", "项目内容", "分管县领导", "责任单位", "协办单位", "指标", "目标值", "计量单位"]
ROWS = [
    ["1", "城市更新", "老旧小区加装电梯", "李二", "甲街道", "", "加装电梯", "12", "部"],
    ["1", "城市更新", "老旧小区加装电梯", "李二", "乙街道", "", "加装电梯", "12", "部"],
    ["2", "就业创业", "城镇新增就业", "王一", "县人社局", "", "新增就业", "120", "人"],
]
LIFT_A, LIFT_B = ("1", "加装电梯（甲街道）"), ("1", "加装电梯（乙街道）")
# Plans rise linearly: each street 1 部 a month. 甲 lags in March only, 乙 in April only, so neither
# street lags two months in a row; their sums (3/24 in March, 5/24 in April) lag both months.
FIGURES = {1: (1, 1), 2: (1, 1), 3: (1, 2), 4: (3, 2)}


@pytest.fixture(scope="module")
def blank(tmp_path_factory):
    folder = tmp_path_factory.mktemp("subhistory")
    catalogue = folder / "城关区2026年民生实事.csv"
    with catalogue.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows([HEADER, *ROWS])
    return read_master(build_job.build(folder / "民生实事2026.xlsm", catalogue).out)


def typed(blank, upto: int = 4, figures=FIGURES):
    book = copy.deepcopy(blank)
    for month in range(1, upto + 1):
        sheet = book[L.month_sheet(month)]
        for key, value in zip((LIFT_A, LIFT_B), figures[month]):
            row, _ = sheet.by_key()[key]
            sheet.rows[row - 1][sheet.columns()["累计完成"]] = value
    return book


def test_the_parts_keep_their_own_lights_and_none_escalates(blank):
    found = compute(typed(blank), 4)
    parts = {(i.id, i.indicator): (i.lights, i.history, i.escalated) for i in found.indicators}
    assert parts[LIFT_A] == (["正常", "正常", "滞后", "正常"], ["正常", "正常", "滞后", "正常"], False)
    assert parts[LIFT_B] == (["正常", "正常", "正常", "滞后"], ["正常", "正常", "正常", "滞后"], False)
    assert [i.plans for i in found.indicators if (i.id, i.indicator) == LIFT_A] == [[1.0, 2.0, 3.0, 4.0]]
    assert [i.actuals for i in found.indicators if (i.id, i.indicator) == LIFT_A] == [[1.0, 1.0, 1.0, 3.0]]


def test_the_whole_is_lit_each_month_from_the_sums_and_escalates_once(blank):
    found = compute(typed(blank), 4)
    [whole] = [c for c in counting.counted(found.indicators, found.settings) if isinstance(c, counting.Counted)]
    assert (whole.indicator, whole.light, whole.history, whole.status, whole.escalated) == \
        ("加装电梯", "滞后", ("正常", "正常", "滞后", "严重滞后"), "严重滞后", True)
    assert (whole.completion, whole.time_progress) == (round(5 / 24, 6), round(8 / 24, 6))
    assert [p.indicator for p in whole.parts] == ["加装电梯（甲街道）", "加装电梯（乙街道）"]


def test_the_county_history_counts_the_sub_target_indicator_once(blank):
    found = compute(typed(blank), 4)
    county = found.county()
    flat = [(h["month"], h["green"], h["yellow"], h["red"], h["missing"]) for h in county["history"]]
    # one whole + 新增就业 (never reported): two indicators a month, as the county line counts them
    assert flat == [(1, 1, 0, 0, 1), (2, 1, 0, 0, 1), (3, 0, 1, 0, 1), (4, 0, 0, 1, 1)]
    assert all(sum(h[k] for k in ("done", "green", "yellow", "red", "missing")) == county["indicators"] == 2
               for h in county["history"])
    assert (county["red"], county["escalated"]) == (1, 1)


def test_the_escalated_whole_is_named_once_where_people_read_it(blank):
    found = compute(typed(blank), 4)
    text = render(found)
    assert "严重滞后 1（其中连续滞后升级 1）" in text
    wholes = [line for line in text.splitlines() if line.startswith("1 ") and "加装电梯" in line and "↑" in line]
    assert len(wholes) == 1 and "甲街道、乙街道" in wholes[0] and "严重滞后↑" in wholes[0]
    assert "↑：连续 2 个月滞后，升为严重滞后。" in text
    cells = dashboard.cells(found)
    lay = dashboard.for_progress(found)
    assert cells[(lay.county.first, 11)] == 1


def test_a_whole_that_recovers_is_not_escalated(blank):
    figures = {**FIGURES, 4: (4, 3)}  # April's sums 7/24 against 8/24: back to 正常
    found = compute(typed(blank, figures=figures), 4)
    [whole] = [c for c in counting.counted(found.indicators, found.settings) if isinstance(c, counting.Counted)]
    assert (whole.history, whole.escalated) == (("正常", "正常", "滞后", "正常"), False)
    assert found.county()["escalated"] == 0
    assert "↑" not in render(found)


def test_escalation_set_off_in_the_config_sheet_leaves_the_whole_as_lit(blank):
    book = typed(blank)
    config = book[L.CONFIG_SHEET]
    row = next(n for n, r in config.records() if r["设置"] == "连续黄灯升红")
    config.rows[row - 1][config.columns()["值"]] = 3
    found = compute(book, 4)
    assert found.county()["history"][-1]["yellow"] == 1 and found.county()["escalated"] == 0
