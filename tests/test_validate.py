"""校验 rules on a master built by our own builder and filled in the way clerks fill it.

Each test starts from February and March filled exactly on plan (a clean report),
makes the one mistake a clerk makes, and asserts the whole report, flattened.
"""

from __future__ import annotations

import datetime as dt

import pytest

from minsheng.model import layout as L
from minsheng.engines.file import read_master
from minsheng.check.findings import CODES, ERROR, WARNING
from minsheng.check.rules import RULES
from minsheng.check.rules.contact import phone_ok, reporting_window
from minsheng.model.settings import Settings
from minsheng.check.validate import validate_month

from monthfill import Text, cell, type_into, validate

JOBS = ("1-1", "城镇新增就业")  # 3000 人; plan: 500 in February, 750 in March
MASSAGE = ("1-2", "形象进度")  # no number target: 形象进度; plan 16.67 % in February, 25 % in March
ELDERLY = ("4-1", "适老化改造")  # 150 户
LIFTS = ("9-2", "电梯检查")  # 400 台



def test_a_month_filled_on_plan_is_clean(reported):
    report = validate(reported)
    assert report.clean and report.valid
    assert report.stats["rows"] == 31
    assert report.to_dict()["counts"] == {"rows": 31, "findings": 0, "errors": 0, "warnings": 0, "by_code": {}}


def test_a_month_nobody_reported_is_one_warning_a_row(reported):
    report = validate(reported, 4)
    assert {code for _, code in report.flat()} == {"not-reported"}
    assert len(report.findings) == 31 and report.valid
    assert ("J2", "not-reported") in report.flat()  # 城镇新增就业: its number
    assert ("N3", "not-reported") in report.flat()  # 盲人按摩: its 形象进度


# ---------------------------------------------------------------- what clerks type into number cells

def test_wan_typed_as_text_is_read_and_flagged(reported):
    type_into(reported, 3, {JOBS: {"累计完成": "1.2万"}})
    report = validate(reported)
    assert report.flat() == [("J2", "number-as-text"), ("J2", "far-above-target")]
    first = report.findings[0]
    assert "“1.2万”" in first.message and "12,000" in first.message and "3月!J2" in first.message
    assert first.severity == WARNING and first.unit == "县人力资源社会保障局"


def test_number_with_its_measure_word_is_only_a_warning(reported):
    type_into(reported, 3, {JOBS: {"累计完成": "750人"}})
    report = validate(reported)
    assert report.flat() == [("J2", "number-as-text")] and report.valid


@pytest.mark.parametrize("typed, code", [
    ("已完成招生工作", "not-a-number"),
    ("一千多", "ambiguous-number"),
    (Text("#REF!"), "excel-error"),  # pasted as text (calamine reads a real error cell as empty)
    ("75公顷", "unknown-measure"),
])
def test_what_cannot_be_read_is_an_error_keeping_the_raw_text(reported, typed, code):
    type_into(reported, 3, {JOBS: {"累计完成": typed}})
    report = validate(reported)
    assert report.flat("cell", "code", "severity") == [("J2", code, ERROR)]
    assert f"“{typed}”" in report.findings[0].message and report.findings[0].hint
    assert not report.valid and report.blocked() == {JOBS}


def test_cumulative_lowered_below_last_month(reported):
    type_into(reported, 3, {JOBS: {"累计完成": 490}})
    report = validate(reported)
    assert report.flat() == [("J2", "cumulative-decreased")]
    assert "490" in report.findings[0].message and "2月" in report.findings[0].message


def test_negative_number(reported):
    type_into(reported, 3, {LIFTS: {"累计完成": -5, "存在问题": "检测机构排期紧张", "下步措施": "协调第二家机构进场"}})
    at = cell(reported, 3, LIFTS, "累计完成")
    assert validate(reported).flat() == [(at, "negative-number"), (at, "cumulative-decreased")]


def test_far_above_target_uses_the_configured_factor(reported):
    type_into(reported, 3, {ELDERLY: {"累计完成": 500}})
    at = cell(reported, 3, ELDERLY, "累计完成")
    assert validate(reported).flat() == [(at, "far-above-target")]
    book = read_master(reported)
    settings = Settings(overshoot=4)
    report = validate_month(book.month(3), 3, previous=book.month(2), settings=settings, source="x",
                            plan={ELDERLY: 37.5})
    assert report.flat() == []


@pytest.mark.parametrize("typed, shown", [(1.2, "120%"), (80, "8000%"), ("120%", "120%")])
def test_progress_outside_0_to_100_percent(reported, typed, shown):
    type_into(reported, 3, {MASSAGE: {"形象进度": typed}})
    report = validate(reported)
    expected = [("N3", "number-as-text")] if isinstance(typed, str) else []
    assert report.flat() == expected + [("N3", "progress-out-of-range")]
    assert shown in report.findings[-1].message


def test_negative_progress_is_out_of_range_and_falling(reported):
    type_into(reported, 3, {MASSAGE: {"形象进度": -0.1}})
    assert validate(reported).flat() == [("N3", "progress-out-of-range"), ("N3", "progress-decreased"),
                                         ("P3", "behind-plan-unexplained"), ("Q3", "behind-plan-text-unchanged")]


def test_progress_falling(reported):
    type_into(reported, 2, {MASSAGE: {"形象进度": 0.3}})
    type_into(reported, 3, {MASSAGE: {"形象进度": 0.26}})
    report = validate(reported)
    assert report.flat() == [("N3", "progress-decreased")]
    assert "26%" in report.findings[0].message and "30%" in report.findings[0].message


@pytest.mark.parametrize("typed", ["80", "80%", "八成"])
def test_progress_typed_as_text_is_read_with_a_warning(reported, typed):
    type_into(reported, 3, {MASSAGE: {"形象进度": typed}})
    report = validate(reported)
    assert report.flat() == [("N3", "number-as-text")] and report.valid
    assert "80%" in report.findings[0].message and f"“{typed}”" in report.findings[0].message


# ---------------------------------------------------------------- behind plan

def test_behind_plan_with_none_and_a_dash(reported):
    type_into(reported, 2, {JOBS: {"累计完成": 400}})
    type_into(reported, 3, {JOBS: {"累计完成": 460, "存在问题": "无", "下步措施": "—"}})  # 15.3 % against 25 %: normal
    assert validate(reported).flat() == []
    type_into(reported, 3, {JOBS: {"累计完成": 440}})  # 14.7 % against 25 %: 滞后
    report = validate(reported)
    assert report.flat() == [("P2", "behind-plan-unexplained"), ("Q2", "behind-plan-unexplained")]
    assert "滞后" in report.findings[0].message and "“无”" in report.findings[0].message


def test_behind_plan_with_last_months_problem_copied(reported):
    type_into(reported, 2, {JOBS: {"累计完成": 200, "存在问题": "企业用工需求减少", "下步措施": "举办招聘会"}})
    type_into(reported, 3, {JOBS: {"累计完成": 300, "存在问题": "企业用工需求减少 ", "下步措施": "举办三场专场招聘会"}})
    report = validate(reported)
    assert report.flat() == [("P2", "behind-plan-text-unchanged")]
    assert "严重滞后" not in report.findings[0].message and "滞后" in report.findings[0].message


def test_no_progress_without_any_text(reported):
    type_into(reported, 2, {MASSAGE: {"形象进度": 0}})
    type_into(reported, 3, {MASSAGE: {"形象进度": 0, "存在问题": None, "下步措施": None}})
    report = validate(reported)
    assert report.flat() == [("P3", "behind-plan-unexplained"), ("Q3", "behind-plan-unexplained")]
    assert "滞后（完成 0%，时序进度 25%）" in report.findings[0].message and "未填写" in report.findings[0].message
    book = read_master(reported)  # against a plan of 50 % by March: 严重滞后
    report = validate_month(book.month(3), 3, previous=book.month(2), settings=Settings(), source="x",
                            plan={MASSAGE: 0.5})
    assert [f.cell for f in report.findings if "严重滞后" in f.message] == ["P3", "Q3"]


def test_the_plan_comes_from_the_plan_sheet_not_the_cached_formula(reported):
    """The master's 本月计划累计 is a formula with no cached value in a file: the 计划 sheet decides."""
    type_into(reported, 2, {JOBS: {"累计完成": 400}})
    type_into(reported, 3, {JOBS: {"累计完成": 440}})
    book = read_master(reported)
    assert book.month(3).by_key()[JOBS][1]["本月计划累计"] in (None, 0, 0.0)
    assert ("P2", "behind-plan-unexplained") in validate(reported).flat()


# ---------------------------------------------------------------- required fields, status, contact, date

def test_a_row_begun_must_have_its_number_and_basics(reported):
    type_into(reported, 3, {JOBS: {"累计完成": None, "进展情况": "无", "填报人": None}})
    assert validate(reported).flat() == [("J2", "required-value-missing"), ("O2", "required-field-missing"),
                                         ("R2", "required-field-missing")]


def test_a_dash_is_not_a_number(reported):
    type_into(reported, 3, {JOBS: {"累计完成": "—"}})
    report = validate(reported)
    assert report.flat("cell", "code", "severity") == [("J2", "required-value-missing", ERROR)]
    assert "“—”" in report.findings[0].message


def test_target_reached_but_status_overwritten(reported):
    type_into(reported, 3, {JOBS: {"累计完成": 3000, "状态": "正常"}})
    assert validate(reported).flat() == [("M2", "target-reached-not-done")]


def test_phone_without_area_code(reported):
    type_into(reported, 3, {JOBS: {"联系电话": "8221234"}})
    report = validate(reported)
    assert report.flat() == [("S2", "phone-format")] and "“8221234”" in report.findings[0].message


@pytest.mark.parametrize("phone, ok", [
    ("13912345678", True), ("139 1234 5678", True), ("139-1234-5678", True), ("+86 139 1234 5678", True),
    ("0537-8221234", True), ("(0537)8221234", True), ("０５３７－８２２１２３４", True), ("0537-8221234转801", True),
    ("13912345678、0537-8221234", True), ("13912345678/8221234", False),
    ("8221234", False), ("1391234567", False), ("23912345678", False), ("张敏", False), ("电话同上", False),
])
def test_phone_numbers(phone, ok):
    assert phone_ok(phone) is ok


def test_phone_stored_as_a_number_is_fine(reported):
    type_into(reported, 3, {JOBS: {"联系电话": 13912345678}})
    assert validate(reported).flat() == []


@pytest.mark.parametrize("typed, code", [
    (dt.datetime(2024, 3, 2), "report-date-outside-window"),  # last month's date left unchanged
    (dt.datetime(2024, 3, 28), None),  # made before month end: inside the window
    (dt.datetime(2024, 4, 5), None),  # the due day itself
    (dt.datetime(2024, 4, 20), "report-date-outside-window"),  # after the due day (5th)
    ("4月3日", "lenient-reading"),  # text, the year taken from the reporting year
    ("2024年13月1日", "not-a-date"),
])
def test_report_date(reported, typed, code):
    type_into(reported, 3, {JOBS: {"填报日期": typed}})
    assert validate(reported).flat() == ([("T2", code)] if code else [])


def test_reporting_window_runs_to_the_due_day_of_the_next_month():
    assert reporting_window(3, Settings()) == (dt.date(2024, 3, 6), dt.date(2024, 4, 5))
    assert reporting_window(12, Settings(due_day=10)) == (dt.date(2024, 12, 11), dt.date(2025, 1, 10))
    assert reporting_window(1, Settings()) == (dt.date(2024, 1, 6), dt.date(2024, 2, 5))
    assert reporting_window(2, Settings(due_day=31)) == (dt.date(2024, 3, 1), dt.date(2024, 3, 31))


# ---------------------------------------------------------------- a unit's return: re-sorted, moved, duplicated

def _as_return(sheet, order, move_to_front: str, blank_after: int | None = None):
    """The month sheet as a clerk sends it back: rows re-sorted, a column moved first, a blank row inserted."""
    from minsheng.model.book import Sheet

    header = sheet.rows[0]
    front = header.index(move_to_front)
    perm = [front] + [i for i in range(len(header)) if i != front]
    rows = [[row[i] for i in perm] for row in [header] + [sheet.rows[n] for n in order]]
    if blank_after is not None:
        rows.insert(blank_after + 1, [None] * len(header))
    return Sheet(sheet.name, rows)


def test_a_return_resorted_with_columns_moved_gives_the_same_findings(reported):
    type_into(reported, 3, {JOBS: {"累计完成": "1.2万", "联系电话": "8221234"}, MASSAGE: {"形象进度": 1.2}})
    book = read_master(reported)
    master = validate(reported)
    returned = _as_return(book.month(3), list(range(len(book.month(3).rows) - 1, 0, -1)), "联系电话", blank_after=3)
    plan = {key: record["3月"] for key, (_, record) in book[L.PLAN_SHEET].by_key().items()}
    report = validate_month(returned, 3, previous=book.month(2), settings=Settings(), source="人社局.xlsx",
                            plan=plan)
    assert sorted(report.flat("item", "indicator", "code")) == sorted(master.flat("item", "indicator", "code"))
    phone = [f for f in report.findings if f.code == "phone-format"][0]
    assert phone.cell == "A33"  # 联系电话 moved to column A; 1-1 now the last row, after one blank row
    assert report.file == "人社局.xlsx" and len(report.findings) == len(master.findings) == 4


def test_a_return_with_a_duplicated_row_and_a_missing_column(reported):
    from minsheng.model.book import Sheet

    month = read_master(reported).month(3)
    header = list(month.header)
    drop = header.index("填报日期")
    rows = [[v for i, v in enumerate(row) if i != drop] for row in month.rows[:3] + [month.rows[1]]]
    report = validate_month(Sheet("3月", rows), 3, previous=None, settings=Settings(), source="残联.xlsx",
                            plan={JOBS: 750, MASSAGE: 0.25})
    assert report.flat() == [("A1", "missing-column"), ("A4", "duplicate-row")]
    assert "填报日期" in report.findings[0].message and "第 2 行" in report.findings[1].message
    assert report.stats["rows"] == 2


# ---------------------------------------------------------------- the codes themselves

def test_every_code_renders_and_every_rule_is_listed():
    assert len(RULES) == len({rule.__name__ for rule in RULES}) == 14  # only_spaces (issue 13)
    for code, spec in CODES.items():
        assert code == code.lower() and " " not in code and spec.severity in (ERROR, WARNING)
        assert spec.message and spec.hint and spec.title


def test_units_are_named_canonically_when_a_directory_is_given(reported):
    from minsheng.model.units import default
    from minsheng.model.book import Sheet

    month = read_master(reported).month(3)
    unit = month.header.index("责任单位")
    rows = [list(month.rows[0]), list(month.rows[1])]
    rows[1][unit] = "人力资源社会保障局"  # as a clerk shortens it
    rows[1][month.header.index("联系电话")] = "8221234"
    sheet = Sheet("3月", rows)
    plain = validate_month(sheet, 3, previous=None, settings=Settings(), source="x", plan={JOBS: 750})
    named = validate_month(sheet, 3, previous=None, settings=Settings(), source="x", plan={JOBS: 750}, units=default())
    assert plain.flat("unit") == [("人力资源社会保障局",)] and named.flat("unit") == [("县人力资源社会保障局",)]
