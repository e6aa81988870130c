"""年初建账 (issue 15): split --plan sends each lead unit its indicators × months, prefilled with the
default plan and sealed; consolidate --plan takes back only what a unit may set, checks it, records
who set each row and when, logs a later change with old and new values; status then plans by it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from minsheng import cli
from minsheng.engines.file import read_master
from minsheng.model import layout as L
from minsheng.model.plan import Plan
from minsheng.roundtrip.plan_merge import plan_merge
from minsheng.roundtrip.plan_split import split_plan
from minsheng.status import progress

JOBS = ("1-1", "城镇新增就业")  # 县人力资源社会保障局, 3000 人, no 完成时限: linear to December
RSJ = "县人力资源社会保障局"


def form(folder: Path, unit: str) -> Path:
    return next(folder.glob(f"2024年计划表_{unit}.xlsx"))


def edit(path: Path, out: Path, cells: dict[tuple[str, str], dict[str, object]]) -> Path:
    """A clerk's edit: open the form, type into cells found by row key and header, save under a new name."""
    book = load_workbook(path)
    sheet = book[L.PLAN_FORM_SHEET]
    col = {c.value: c.column for c in sheet[1]}
    for r in range(2, sheet.max_row + 1):
        key = (str(sheet.cell(r, col["项目编号"]).value), str(sheet.cell(r, col["指标"]).value))
        for header, value in cells.get(key, {}).items():
            sheet.cell(r, col[header]).value = value
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return out


def months(values) -> dict[str, object]:
    return {f"{m}月": v for m, v in zip(L.MONTHS, values)}


@pytest.fixture
def sent(master, tmp_path) -> Path:
    assert cli.main(["split", str(master), "--plan", "--out", str(tmp_path / "下发")]) == cli.OK
    return tmp_path / "下发"


def test_each_lead_unit_gets_its_rows_prefilled_inputs_unlocked_and_sealed(master, sent):
    book = read_master(master)
    plan = book[L.PLAN_SHEET].by_key()
    files = sorted(sent.iterdir())
    leads = {str(r.get("责任单位")).split("、")[0] for _, r in book[L.PROJECTS_SHEET].records()}
    assert len(files) == len({u for u in leads})
    path = form(sent, RSJ)
    assert "xl/vbaProject.bin" not in zipfile.ZipFile(path).namelist()
    assert b"minsheng-plan/1" in zipfile.ZipFile(path).read("docProps/custom.xml")
    sheet = load_workbook(path)[L.PLAN_FORM_SHEET]
    assert sheet.protection.sheet
    col = {c.value: c.column for c in sheet[1]}
    assert tuple(col) == L.PLAN_FORM_HEADERS
    rows = {(sheet.cell(r, 1).value, sheet.cell(r, col["指标"]).value): r for r in range(2, sheet.max_row + 1)}
    assert JOBS in rows and all(k in plan for k in rows)
    r = rows[JOBS]
    assert [sheet.cell(r, col[f"{m}月"]).value for m in L.MONTHS] == [plan[JOBS][1][f"{m}月"] for m in L.MONTHS]
    assert [sheet.cell(r, col[h]).protection.locked for h in L.PLAN_FORM_HEADERS] == \
        [True] * len(L.PLAN_FORM_LOCKED) + [False] * 12


def test_a_returned_plan_goes_into_the_plan_sheet_and_status_follows_it(master, sent, tmp_path):
    front = [500 * min(m, 6) for m in L.MONTHS]  # the unit does it in the first half
    edit(form(sent, RSJ), tmp_path / "回收" / "人社局.xlsx", {JOBS: months(front)})
    before = progress.compute(read_master(master), 3)
    assert {i.id: i.plan for i in before.indicators}["1-1"] == 750
    assert cli.main(["consolidate", str(master), str(tmp_path / "回收"), "--plan"]) == cli.OK
    book = read_master(master)
    row = book[L.PLAN_SHEET].by_key()[JOBS][1]
    assert [row[f"{m}月"] for m in L.MONTHS] == front
    assert (row["计划类型"], row["计划来源"]) == ("自定义", "单位报送") and row["确定日期"]
    [log] = [r for _, r in book[L.LOG_SHEET].records() if r["操作"] == "汇总计划表"]
    assert log["单位"] == RSJ and "3月 750 → 1500" in log["内容"] and "原计划来源：默认" in log["内容"]
    assert Plan.of(book).get(JOBS, 3).value == 1500
    after = {i.id: i for i in progress.compute(book, 3).indicators}
    assert after["1-1"].plan == 1500
    stamp = master.read_bytes()
    assert cli.main(["consolidate", str(master), str(tmp_path / "回收"), "--plan"]) == cli.OK
    assert master.read_bytes() == stamp  # a second run changes nothing


def test_mistakes_are_said_by_cell_and_leave_the_row_as_it_was(master, sent, tmp_path):
    book = read_master(master)
    rows = [k for k, (_, r) in book[L.PLAN_SHEET].by_key().items()]
    falls, short, words = [k for k in rows if k[0].startswith("4-")][:3]
    path = form(sent, "县民政局")
    sheet = load_workbook(path)[L.PLAN_FORM_SHEET]
    col = {c.value: c.column for c in sheet[1]}
    at = {(str(sheet.cell(r, 1).value), str(sheet.cell(r, col["指标"]).value)): r for r in range(2, sheet.max_row + 1)}
    target = book[L.PLAN_SHEET].by_key()[short][1]["目标值"]
    half = 0.5 if target is None else target / 2  # every month at half: never falls, never reaches the target
    mistakes = {falls: {"5月": 0}, short: months([half] * 12), words: {"7月": "约一半"}}
    returned = edit(path, tmp_path / "回收" / "民政局.xlsx", mistakes)
    result = plan_merge(read_master(master), [returned])
    letter = {h: L.column_letter(col[h] - 1) for h in col}
    assert sorted(result.flat("file", "cell", "code")) == sorted([
        ("民政局.xlsx", f"{letter['5月']}{at[falls]}", "plan-falls"),
        ("民政局.xlsx", f"{letter['12月']}{at[short]}", "plan-short"),
        ("民政局.xlsx", f"{letter['7月']}{at[words]}", "plan-not-a-number"),
    ])
    assert all(f.sheet == L.PLAN_FORM_SHEET and f.hint for f in result.row_findings)
    assert not result.changes and not result.all_merged


def test_only_a_sealed_plan_form_of_this_master_is_taken(master, sent, tmp_path):
    other = tmp_path / "回收"
    edit(form(sent, RSJ), other / "改了目标.xlsx", {JOBS: {"目标值": 30}})
    assert cli.main(["split", str(master), "--month", "3", "--out", str(tmp_path / "月报")]) == cli.OK
    monthly = next((tmp_path / "月报").glob(f"*{RSJ}*"))
    result = plan_merge(read_master(master), [other / "改了目标.xlsx", monthly])
    assert [(f.file, f.code) for f in result.rejected] == [("改了目标.xlsx", "locked-cells-edited"),
                                                          (monthly.name, "wrong-format")]
    assert not result.changes
    # and the monthly consolidation refuses a plan form
    assert cli.main(["consolidate", str(master), str(form(sent, RSJ)), "--month", "3", "--dry-run"]) == cli.PROBLEMS


def test_a_later_change_to_an_accepted_plan_is_logged_as_an_adjustment(master, sent, tmp_path):
    first = edit(form(sent, RSJ), tmp_path / "一" / "人社局.xlsx", {JOBS: months([500 * min(m, 6) for m in L.MONTHS])})
    assert cli.main(["consolidate", str(master), str(first), "--plan"]) == cli.OK
    second = edit(form(sent, RSJ), tmp_path / "二" / "人社局.xlsx",
                  {JOBS: months([300 * min(m, 10) for m in L.MONTHS])})
    result = plan_merge(read_master(master), [second])
    assert result.adjusted == [JOBS]
    [log] = result.log
    assert log[1] == "调整计划" and "1月 500 → 300" in log[5] and "原计划来源：单位报送" in log[5]


def test_a_unit_that_owns_no_row_gets_no_form(master, tmp_path):
    paths = split_plan(read_master(master), tmp_path / "下发")
    assert all(load_workbook(p)[L.PLAN_FORM_SHEET].max_row >= 2 for p in paths)
