"""Shared items (issue 12 point 4): partners named 配合 and not chased for a row the lead reports;
sub-targets, one row per unit with its own 目标, summed for the item and ranked per unit. Built,
split, filled by a clerk (openpyxl), consolidated, computed and written as people read them."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

import clerk
from minsheng.engines.file import FileEngine, read_master
from minsheng.jobs import build as build_job
from minsheng.jobs import consolidate as consolidate_job
from minsheng.mail import reminders
from minsheng.model import catalogue
from minsheng.model import contacts as contacts_mod
from minsheng.model import layout as L
from minsheng.model import settings as settings_mod
from minsheng.paper import bulletin
from minsheng.status import shared
from minsheng.status.progress import compute

HEADER = ["项目编号", "项目类别", "项目内容", "分管县领导", "责任单位", "协办单位", "指标", "目标值", "计量单位"]
ROWS = [
    # three streets each with their own part of one indicator (the 30%/10%/15% case)
    ["1", "城市更新", "老旧小区加装电梯", "李二", "甲街道", "", "加装电梯", "12", "部"],
    ["1", "城市更新", "老旧小区加装电梯", "李二", "乙街道", "", "加装电梯", "8", "部"],
    ["1", "城市更新", "老旧小区加装电梯", "李二", "丙街道", "", "加装电梯", "10", "部"],
    # a shared item without sub-targets: the first listed leads
    ["2", "社会保障", "困难群众救助", "王一", "县民政局、县财政局", "", "救助人数", "100", "人"],
    ["2", "社会保障", "困难群众救助", "王一", "县民政局、县财政局", "", "发放资金", "200", "万元"],
    ["3", "城市更新", "城区供水", "王一", "县水务局、县城投公司", "", "新建管网", "40", "公里"],
]


def write_csv(path: Path) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows([HEADER, *ROWS])
    return path


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("shared")
    built = build_job.build(folder / "民生实事2026.xlsm", write_csv(folder / "城关区2026年民生实事.csv"))
    files = clerk.split(built.out, 3, folder / "out")
    clerk.fill(files["甲街道"], {("1", "加装电梯（甲街道）"): {"累计完成": 9, "进展情况": "已加装9部"}})
    clerk.fill(files["乙街道"], {("1", "加装电梯（乙街道）"): {"累计完成": 1, "进展情况": "已加装1部"}})
    clerk.fill(files["丙街道"], {("1", "加装电梯（丙街道）"): {"累计完成": 3, "进展情况": "已加装3部"}})
    # The lead returns its file with one shared row left blank; the partner sends nothing.
    clerk.fill(files["县民政局"], {("2", "救助人数"): {"累计完成": 10, "存在问题": "核查未完成"}})
    done = consolidate_job.consolidate(FileEngine(built.out), [files[u] for u in
                                                               ("甲街道", "乙街道", "丙街道", "县民政局")], 3)
    book = read_master(built.out)
    return built, files, done, book, compute(book, 3)


def test_sub_targets_are_one_row_per_unit_each_with_its_own_target(run):
    built, files, _, book, _ = run
    item = built.catalogue.item("1")
    assert [(i.name, i.units, i.target, i.part_of) for i in item.indicators] == [
        ("加装电梯（甲街道）", ("甲街道",), 12.0, "加装电梯"), ("加装电梯（乙街道）", ("乙街道",), 8.0, "加装电梯"),
        ("加装电梯（丙街道）", ("丙街道",), 10.0, "加装电梯")]
    assert item.units == ("甲街道", "乙街道", "丙街道")
    month = [(r["指标"], r["责任单位"], r["目标值"]) for _, r in book.month(3).records() if r["项目编号"] == "1"]
    assert month == [("加装电梯（甲街道）", "甲街道", 12), ("加装电梯（乙街道）", "乙街道", 8),
                     ("加装电梯（丙街道）", "丙街道", 10)]
    # each street's file holds its own part, open for input, and no other street's
    assert clerk_keys(files["乙街道"]) == [("1", "加装电梯（乙街道）")]
    # the master's 项目表 reads back as the same catalogue
    again = catalogue.from_rows([r for _, r in book[L.PROJECTS_SHEET].records()], 2026)
    assert again.item("1").indicators == item.indicators


def clerk_keys(path: Path) -> list[tuple[str, str]]:
    from openpyxl import load_workbook

    _, rows = clerk._locate(load_workbook(path).worksheets[0])
    return list(rows)


def test_every_part_is_merged_and_nothing_is_dropped(run):
    built, _, done, _, _ = run
    assert [clerk.master_value(built.out, 3, ("1", f"加装电梯（{u}）"), "累计完成") for u in ("甲街道", "乙街道", "丙街道")] \
        == [9, 1, 3]
    assert [(d.code, d.unit) for d in done.result.duplicates] == []


def test_the_item_is_the_sum_and_each_unit_is_ranked_on_its_own_part(run):
    _, _, _, book, found = run
    [whole] = shared.wholes(found)
    assert (whole.id, whole.indicator, whole.target, whole.actual, whole.completion) == ("1", "加装电梯", 30.0, 13.0,
                                                                                         round(13 / 30, 6))
    streets = [(u["unit"], u["completion"]) for u in found.units() if u["unit"].endswith("街道")]
    assert streets == [("甲街道", 0.75), ("丙街道", 0.3), ("乙街道", 0.125)]
    text = bulletin.bulletin(found, book, settings_mod.load(book), date(2026, 4, 5)).text()
    overall = text.split("一、总体进展")[1].split("表1")[0]
    assert ("1 加装电梯分解到3个单位，合计目标30部，合计完成13部，完成率43.3%"
            "（甲街道9部/12部、乙街道1部/8部、丙街道3部/10部）。") in overall
    behind = text.split("三、进度滞后项目")[1].split("四、")[0]
    assert "1 加装电梯（乙街道，" in behind and "（乙街道）（乙街道" not in text  # the unit named once
    # the three parts count as one indicator in the totals, listed beneath it
    assert len(found.indicators) == len(ROWS) == 6 and "4个民生实事指标中" in overall


def test_partners_are_named_as_such_and_not_chased_for_what_the_lead_reports(run):
    _, _, _, book, found = run
    text = bulletin.bulletin(found, book, settings_mod.load(book), date(2026, 4, 5)).text()
    behind = text.split("三、进度滞后项目")[1].split("四、")[0]
    assert "2 救助人数（牵头：县民政局；配合：县财政局，滞后）" in behind
    missing = text.split("四、未报送情况")[1].split("五、")[0]
    # the lead returned its file, so the blank shared row is the lead's; the silent lead's partner is still named
    assert "县民政局1项（2）" in missing and "县财政局" not in missing
    assert "县水务局1项（3）" in missing and "县城投公司1项（3）" in missing
    contacts = contacts_mod.load(book)
    plan = reminders.plan(found, contacts, year=2026, due_day=5, returned=shared.returned(book, 3))
    chased = {r.unit: sorted(f"{i.id}{i.indicator}" for i in r.missing + r.behind)
              for r in plan.send + plan.no_address}
    assert chased["县民政局"] == ["2发放资金", "2救助人数"]
    assert "县财政局" not in chased
    assert chased["县城投公司"] == ["3新建管网"]
    # without 报送记录 the partner would still be chased for the missing row: the record is what spares it
    unaware = reminders.plan(found, contacts, year=2026, due_day=5)
    assert [sorted(i.indicator for i in r.missing + r.behind) for r in unaware.send + unaware.no_address
            if r.unit == "县财政局"] == [["发放资金"]]


def test_every_total_counts_the_sub_target_indicator_once(run):
    """The status line, the 汇总 dashboard's county / category / leader rows and the leader's digest
    count 加装电梯's three parts as one indicator; the units are still ranked on their own parts."""
    from minsheng.paper import digest
    from minsheng.status import dashboard
    from minsheng.status.table import render

    _, _, _, book, found = run
    settings = settings_mod.load(book)
    assert f"{settings.place.whole} 3 项 4 个指标：" in render(found)
    assert found.county()["indicators"] == 4 and found.county()["missing"] == 2  # 2 发放资金, 3 新建管网
    cells = dashboard.cells(found)
    lay = dashboard.for_progress(found)
    assert cells[(lay.county.first, 1)] == "3 项 4 个指标"
    categories = {c["category"]: c["indicators"] for c in found.categories()}
    assert categories == {"城市更新": 2, "社会保障": 2}
    [area] = [a for a in lay.tables if a.key == "categories"]
    assert [cells[(area.first + r, 3)] for r in range(2)] == [2, 2]
    assert {x["leader"]: x["indicators"] for x in found.leaders()} == {"李二": 1, "王一": 3}
    # 甲 9/12 ahead, 乙 1/8 and 丙 3/10 behind: the whole is lit from the sums, 13/30 against its plan
    [whole] = [x for x in found.leaders() if x["leader"] == "李二"]
    assert whole["completion"] == round(13 / 30, 6)
    text = digest.digest("李二", digest.leaders(found, book)["李二"], found, book, settings, date(2026, 4, 5)).text()
    assert "您分管的1个指标中" in text
    assert text.count("加装电梯") >= 3  # the parts are still listed beneath
    assert [u["indicators"] for u in found.units() if u["unit"].endswith("街道")] == [1, 1, 1]
