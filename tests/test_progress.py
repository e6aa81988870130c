"""滞后预警 rules, one test each: thresholds and their boundaries, escalation, missing and
unreadable reports, done, qualitative 形象进度, a custom plan, and the roll-ups.

The master is built by our own builder and read with the real reader; entries are
typed into its value blocks the way a clerk types them into cells.
"""

from __future__ import annotations

import copy

import pytest

from minsheng.model import formulas
from minsheng.status import progress
from minsheng.model import layout as L
from minsheng.engines.file import read_master
from minsheng.model.settings import Settings

JOBS = ("1-1", "城镇新增就业")  # target 3000 人, linear plan
BLIND = ("1-2", "形象进度")  # qualitative
WATER = ("7-1", "形象进度")  # two responsible units: 县水务局、微矿集团


@pytest.fixture(scope="module")
def blank_book(built_master):
    return read_master(built_master)


@pytest.fixture
def book(blank_book):
    return copy.deepcopy(blank_book)


def type_into(book, sheet: str, key, header: str, value) -> None:
    """What a clerk does: find the row by 项目编号 + 指标, type into the column under ``header``."""
    s = book[sheet]
    row, _ = s.by_key()[key]
    s.rows[row - 1][s.columns()[header]] = value


def report(book, key, month: int, header: str = "累计完成", value=None, settings=None):
    if value is not None:
        type_into(book, L.month_sheet(month), key, header, value)
    found = progress.compute(book, month, settings)
    return found, next(i for i in found.indicators if (i.id, i.indicator) == key)


@pytest.mark.parametrize("actual, light", [
    (1200, "正常"),      # 40 % against 50 %: exactly 10 points behind is still 正常
    (1197, "滞后"),      # 39.9 %: just over 10 points
    (600, "滞后"),       # 20 %: exactly 30 points behind is 滞后, not yet 严重滞后
    (597, "严重滞后"),    # just over 30 points
    (2999, "正常"),      # ahead of plan, not done
    (3000, "已完成"),     # exactly the target
    (4500, "已完成"),     # over the target
])
def test_thresholds_and_boundaries(book, actual, light):
    _, ind = report(book, JOBS, 6, value=actual)  # June: linear time progress 50 %
    assert (ind.time_progress, ind.light, ind.status) == (0.5, light, light)
    assert ind.deviation == round(0.5 - actual / 3000, 6)


def test_thresholds_come_from_the_config_sheet(book):
    _, default = report(book, JOBS, 6, value=1100)  # 13.3 points behind
    assert default.status == "滞后"
    _, looser = report(book, JOBS, 6, settings=Settings(yellow=0.15, red=0.30))
    assert looser.status == "正常"
    config = book[L.CONFIG_SHEET]
    row = next(n for n, r in config.records() if r["设置"] == "黄灯阈值")
    config.rows[row - 1][config.columns()["值"]] = 0.15
    _, from_sheet = report(book, JOBS, 6)
    assert from_sheet.status == "正常"


def test_two_yellow_months_in_a_row_become_red(book):
    type_into(book, "5月", JOBS, "累计完成", 900)  # 30 % against 41.7 %: 滞后
    found, ind = report(book, JOBS, 6, value=1100)  # 36.7 % against 50 %: 滞后 again
    assert ind.lights[-2:] == ["滞后", "滞后"]
    assert (ind.light, ind.status, ind.escalated) == ("滞后", "严重滞后", True)
    assert found.county()["escalated"] == 1 and found.red_or_missing == len(found.indicators)


def test_one_yellow_month_stays_yellow_and_a_break_resets_the_run(book):
    type_into(book, "4月", JOBS, "累计完成", 600)   # 滞后
    type_into(book, "5月", JOBS, "累计完成", 1100)  # 36.7 % vs 41.7 %: 正常, breaks the run
    _, ind = report(book, JOBS, 6, value=1100)      # 滞后
    assert ind.lights[-3:] == ["滞后", "正常", "滞后"]
    assert ind.status == "滞后"


def test_escalation_months_come_from_settings(book):
    type_into(book, "5月", JOBS, "累计完成", 900)
    _, ind = report(book, JOBS, 6, value=1100, settings=Settings(escalate=3))
    assert ind.status == "滞后"
    _, off = report(book, JOBS, 6, settings=Settings(escalate=0))
    assert off.status == "滞后"


def test_escalate_rule():
    y, g, r = "滞后", "正常", "严重滞后"
    assert formulas.escalate([y, y, y, g, y], 2) == [y, r, r, g, y]
    assert formulas.escalate([y, "未报送", y], 2) == [y, "未报送", y]
    assert formulas.escalate([y, y], 1) == [r, r]
    assert formulas.escalate([y, y, y], 0) == [y, y, y]


def test_blank_is_not_reported(book):
    found, ind = report(book, JOBS, 6)
    assert (ind.actual, ind.completion, ind.deviation, ind.status) == (None, None, None, "未报送")
    assert found.problems == []


def test_unreadable_entry_is_not_reported_and_says_where(book):
    found, ind = report(book, JOBS, 6, value="一千多")
    assert ind.status == "未报送" and ind.actual is None
    [problem] = found.problems
    assert (problem.severity, problem.sheet, problem.cell, problem.item) == ("error", "6月", "J2", "1-1")
    assert "一千多" in problem.message and "未报送" in problem.message and problem.hint


def test_text_read_leniently_is_used_and_flagged(book):
    found, ind = report(book, JOBS, 6, value="1200人")
    assert ind.actual == 1200 and ind.status == "正常"
    assert [(p.code, p.severity, p.cell) for p in found.problems] == [("lenient-reading", "warning", "J2")]


def test_qualitative_items_use_image_progress(book):
    _, ind = report(book, BLIND, 6, header="形象进度", value=0.35)  # 15 points behind 50 %
    assert ind.target is None and ind.completion == 0.35 and ind.time_progress == 0.5
    assert ind.status == "滞后"
    _, done = report(book, BLIND, 6, header="形象进度", value=1)
    assert done.status == "已完成"
    _, ignored = report(book, BLIND, 7, header="累计完成", value=5)  # a number typed in the wrong column
    assert ignored.status == "未报送"


def test_a_custom_plan_replaces_the_linear_one(book):
    _, linear = report(book, JOBS, 6, value=300)
    assert linear.status == "严重滞后"
    plan = book[L.PLAN_SHEET]
    row, _ = plan.by_key()[JOBS]
    cols = plan.columns()
    plan.rows[row - 1][cols["计划类型"]] = "自定义"
    for m in L.MONTHS:  # a one-off: everything planned for December
        plan.rows[row - 1][cols[f"{m}月"]] = 3000 if m == 12 else 0
    _, custom = report(book, JOBS, 6)
    assert (custom.plan, custom.time_progress, custom.status) == (0, 0, "正常")
    _, december = report(book, JOBS, 12)
    assert december.status == "未报送"
    _, late = report(book, JOBS, 12, value=1500)
    assert late.status == "严重滞后"


def test_missing_plan_row_is_a_problem(book):
    plan = book[L.PLAN_SHEET]
    row, _ = plan.by_key()[JOBS]
    plan.rows[row - 1][plan.columns()["指标"]] = "别的指标"
    found, ind = report(book, JOBS, 3, value=100)
    assert ind.time_progress is None and ind.status == "正常"
    assert [p.code for p in found.problems] == ["plan-missing"]


def test_units_are_canonical_and_an_item_counts_for_each_unit(book):
    month = book["3月"]
    row, _ = month.by_key()[JOBS]
    month.rows[row - 1][month.columns()["责任单位"]] = "人社局"  # a short name
    type_into(book, "3月", WATER, "形象进度", 0.3)
    found = progress.compute(book, 3)
    units = {u["unit"]: u for u in found.units()}
    assert units["县人力资源社会保障局"]["items"] == ["1-1"]
    assert units["县水务局"]["items"] == units["微矿集团"]["items"] == ["7-1"]
    assert units["县水务局"]["green"] == units["微矿集团"]["green"] == 1
    assert "县财政局" in next(i for i in found.indicators if i.id == "7-1").co_units
    assert "7-2" in units["微矿集团"]["co_items"]  # 协办 7-2, 责任 7-1


def test_by_unit_gives_each_unit_its_indicators_as_read_once(book):
    month = book["3月"]
    row, _ = month.by_key()[JOBS]
    month.rows[row - 1][month.columns()["责任单位"]] = "人社局"  # a short name: read once, canonical
    found = progress.compute(book, 3)
    by_unit = found.by_unit()
    assert [(i.id, i.indicator) for i in by_unit["县人力资源社会保障局"]] == [JOBS]
    assert by_unit["县水务局"] == by_unit["微矿集团"] == [i for i in found.indicators if (i.id, i.indicator) == WATER]
    assert "人社局" not in by_unit
    assert sorted(by_unit) == sorted(u["unit"] for u in found.units())


def test_rates_and_points_as_the_texts_write_them():
    assert (progress.pct(0.256), progress.pct(None)) == ("25.6%", "—")
    assert (progress.points(0.25), progress.points(None)) == ("25.0个百分点", "—")


def test_ranking_lights_first(book):
    for key, value in ((JOBS, 3000), (BLIND, 0.0)):
        type_into(book, "6月", key, "累计完成" if key == JOBS else "形象进度", value)
    found = progress.compute(book, 6)
    ranked = found.units()
    names = [u["unit"] for u in ranked]
    assert names.index("县人力资源社会保障局") < names.index("县残联")
    assert ranked[0]["rank"] == 1 and ranked[-1]["rank"] >= ranked[0]["rank"]
    tied = [u for u in ranked if u["red"] + u["missing"] == u["indicators"] and u["yellow"] == 0
            and u["done"] == 0 and u["completion"] is None]
    assert len({u["rank"] for u in tied}) == 1  # equal lights, equal rank


def test_roll_ups_add_up(book, catalogue2024):
    type_into(book, "3月", JOBS, "累计完成", 3000)
    found = progress.compute(book, 3)
    data = found.to_dict()
    n = len(catalogue2024.indicator_keys())
    assert data["county"]["indicators"] == n and data["county"]["done"] == 1 and data["county"]["missing"] == n - 1
    assert sum(c["indicators"] for c in data["categories"]) == n
    assert sum(x["indicators"] for x in data["leaders"]) == n
    assert [c["category"] for c in data["categories"]] == catalogue2024.categories
    assert [h["month"] for h in data["county"]["history"]] == [1, 2, 3]
    assert {"id", "item", "indicator", "unit", "target", "actual", "completion", "time_progress",
            "deviation", "status"} <= set(data["indicators"][0])
    assert {"unit", "indicators", "done", "green", "yellow", "red", "missing", "rank"} <= set(data["units"][0])
    item = next(i for i in data["items"] if i["id"] == "7-2")
    assert item["indicators"] == 2 and item["status"] == "未报送"
