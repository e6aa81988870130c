"""The 计划 sheet read once (``minsheng.model.plan``): what each kind of cell gives, and that
滞后预警 and 校验 read the same plan, saying where and what to do when a cell cannot be read."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from minsheng.check.validate import plan_of, validate_book
from minsheng.engines.file import read_master
from minsheng.model import layout as L
from minsheng.model.plan import Plan, read_cell
from minsheng.status import progress

JOBS = ("1-1", "城镇新增就业")  # 3000 人, linear plan: 750 by March
BLIND = ("1-2", "形象进度")  # qualitative: a share, 25 % by March


@pytest.mark.parametrize("raw, share, read", [
    (750, False, (750.0, "")),
    (0.25, True, (0.25, "")),
    (None, False, (0.0, "")),  # nothing planned yet: 0, as the native SUMIFS reads it
    ("  \u3000", False, (0.0, "")),
    ("750", False, (750.0, "number-as-text")),
    ("１,２００ ", False, (1200.0, "number-as-text")),  # full-width, thousands separator
    ("25%", True, (0.25, "number-as-text")),
    ("0.25", True, (0.25, "number-as-text")),
    ("25%", False, (None, "not-a-number")),  # a share in a row with a target
    ("1,2", False, (None, "not-a-number")),  # not a thousands separator: no guess
    ("1.2万", False, (None, "not-a-number")),
    ("约750", False, (None, "not-a-number")),
    ("#REF!", False, (None, "not-a-number")),
    (True, False, (None, "not-a-number")),
    (dt.date(2024, 3, 1), False, (None, "not-a-number")),
    (float("nan"), False, (None, "not-a-number")),
    (25, True, (None, "progress-out-of-range")),  # 2500 %: never read as 25 %
])
def test_each_kind_of_cell(raw, share, read):
    assert read_cell(raw, share=share) == read


@pytest.fixture(scope="module")
def blank_book(built_master):
    return read_master(built_master)


@pytest.fixture
def book(blank_book):
    return copy.deepcopy(blank_book)


def type_plan(book, key, month: int, value) -> str:
    plan = book[L.PLAN_SHEET]
    row, _ = plan.by_key()[key]
    plan.rows[row - 1][plan.columns()[f"{month}月"]] = value
    return plan.address(row, f"{month}月")


def type_month(book, key, month: int, header: str, value) -> None:
    sheet = book[L.month_sheet(month)]
    row, _ = sheet.by_key()[key]
    sheet.rows[row - 1][sheet.columns()[header]] = value


def indicator(found, key):
    return next(i for i in found.indicators if (i.id, i.indicator) == key)


def test_a_row_reads_its_cell_and_knows_where_it_is(book):
    cell = type_plan(book, BLIND, 3, "25%")
    planned = Plan.of(book).get(BLIND, 3)
    assert (planned.value, planned.raw, planned.cell, planned.problem) == (0.25, "25%", cell, "number-as-text")
    assert Plan.of(book).get(("9-9", "无此指标"), 3).problem == "plan-missing"
    assert Plan.of(book).get(JOBS, 3).value == 750


def test_blank_plans_nothing_and_is_not_a_finding(book):
    type_plan(book, JOBS, 3, None)
    type_month(book, JOBS, 3, "累计完成", 100)
    found = progress.compute(book, 3)
    assert (indicator(found, JOBS).time_progress, indicator(found, JOBS).status) == (0, "正常")
    assert found.problems == []
    assert plan_of(book, 3)[JOBS] == 0


def test_number_as_text_is_read_and_flagged_where_it_is(book):
    cell = type_plan(book, JOBS, 3, "750")
    type_month(book, JOBS, 3, "累计完成", 300)  # 10 % against 25 %: 滞后
    found = progress.compute(book, 3)
    assert indicator(found, JOBS).time_progress == 0.25 and indicator(found, JOBS).status == "滞后"
    [problem] = found.problems
    assert (problem.code, problem.severity, problem.sheet, problem.cell) == ("number-as-text", "warning", "计划", cell)
    assert "“750”" in problem.message and "按 0 计算" in problem.message and "750" in problem.hint
    # 校验 reads the same plan: the row is behind, so 存在问题 and 下步措施 are asked for
    assert plan_of(book, 3)[JOBS] == 750
    assert "behind-plan-unexplained" in [f.code for f in validate_book(book, 3).findings if f.item == "1-1"]


def test_text_that_is_no_number_is_no_plan_and_a_finding_with_a_hint(book):
    cell = type_plan(book, JOBS, 3, "约750")
    type_month(book, JOBS, 3, "累计完成", 300)
    found = progress.compute(book, 3)
    assert indicator(found, JOBS).time_progress is None and indicator(found, JOBS).plan is None
    [problem] = found.problems
    assert (problem.code, problem.severity, problem.cell, problem.item) == ("not-a-number", "error", cell, "1-1")
    assert "约750" in problem.message and "3月计划" in problem.message and "请改为数字" in problem.hint
    assert JOBS not in plan_of(book, 3)
    assert "behind-plan-unexplained" not in [f.code for f in validate_book(book, 3).findings if f.item == "1-1"]


def test_a_share_above_100_percent_is_no_plan(book):
    cell = type_plan(book, BLIND, 3, 25)
    type_month(book, BLIND, 3, "形象进度", 0.2)
    found = progress.compute(book, 3)
    assert indicator(found, BLIND).time_progress is None
    assert [(p.code, p.cell) for p in found.problems] == [("progress-out-of-range", cell)]
