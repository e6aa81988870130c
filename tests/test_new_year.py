"""minsheng new-year (issue 16 point 5): next year's master from this year's. The 2024 master is
used for a while the way the office uses it (settings changed, contacts typed, March reported and
consolidated), then the 2025 master is made from it and goes round once: split → a return →
consolidate. The old master is only read."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

import clerk
import filled
from minsheng.cli import main
from minsheng.engines.file import FileEngine, apply_changes, read_master
from minsheng.jobs import consolidate as consolidate_job
from minsheng.jobs import new_year as job
from minsheng.model import catalogue
from minsheng.model import layout as L
from minsheng.model import settings as settings_mod
from minsheng.model.book import CellChange

NOTICE = Path(__file__).parents[1] / "python" / "minsheng" / "data" / "notice2024.txt"
CLERK_SETTINGS = {"黄灯阈值": 0.15, "报送截止日": 8, "督查室": "县委县政府督查室"}
PEOPLE = {"县人力资源社会保障局": ("王敏", "0537-8221234"), "县政府督查室": ("刘洋", "13905371234")}


def used_2024(master: Path) -> Path:
    """The 2024 master after a year's use: settings changed, contacts typed, March reported."""
    filled.fill(master)
    book = read_master(master)
    config, contacts = book[L.CONFIG_SHEET], book[L.CONTACTS_SHEET]
    changes = [CellChange(config.name, config.address(row, "值"), r["值"], CLERK_SETTINGS[r["设置"]])
               for row, r in config.records() if r.get("设置") in CLERK_SETTINGS]
    for row, r in contacts.records():
        if r["单位"] in PEOPLE:
            person, phone = PEOPLE[r["单位"]]
            changes += [CellChange(contacts.name, contacts.address(row, "联系人"), None, person),
                        CellChange(contacts.name, contacts.address(row, "联系电话"), None, phone)]
    apply_changes(master, changes, log=[["2024-04-06 10:00:00", "汇总回收表", "3月", "", "", "已汇总"]])
    return master


def contact_rows(path: Path) -> list[tuple]:
    return [(r["单位"], r["联系人"], r["联系电话"], r["电子邮箱"]) for _, r in read_master(path)[L.CONTACTS_SHEET].records()]


@pytest.fixture
def year2025(master, tmp_path):
    old = used_2024(master)
    before = old.read_bytes()
    done = job.new_year(old, tmp_path / "2025" / "民生实事2025.xlsm", keep=["all"])
    assert old.read_bytes() == before  # only read
    return old, done


def test_new_year_carries_what_does_not_change_with_the_list_and_clears_the_year(year2025):
    old, done = year2025
    new = read_master(done.out)
    settings = settings_mod.load(new)
    assert (settings.year, settings.template, settings.yellow, settings.due_day, settings.office) == (
        2025, "2025.1", 0.15, 8, "县委县政府督查室")
    assert sorted(done.settings) == ["报送截止日 = 8", "督查室 = 县委县政府督查室", "黄灯阈值 = 0.15"]
    # every contact as typed, the office's and the leaders' too (their rows are rebuilt, then filled)
    assert contact_rows(done.out) == [(u if u != "县政府督查室" else "县委县政府督查室", *rest)
                                      for u, *rest in contact_rows(old)]
    assert ("县民政局", None, None, "mzj@weishan.example.cn；mzj-bgs@weishan.example.cn") in contact_rows(done.out)
    assert done.contacts == sum(1 for _, p, t, e in contact_rows(old) if p or t or e)
    # the same list, nothing reported, nothing logged
    assert [r for _, r in new[L.PROJECTS_SHEET].records()] == [r for _, r in read_master(old)[L.PROJECTS_SHEET].records()]
    march = new.month(3)
    assert [r["累计完成"] for _, r in march.records() if r["累计完成"] is not None] == []
    assert [r["进展情况"] for _, r in march.records() if r["进展情况"]] == []
    assert new[L.LOG_SHEET].records() == []
    assert [r["状态"] for _, r in new[L.REPORTS_SHEET].records() if r["状态"]] == []
    assert (done.left, done.arrived) == ([], [])


def test_the_new_master_goes_round_and_last_years_return_is_not_taken(year2025, tmp_path):
    old, done = year2025
    files = clerk.split(done.out, 3, tmp_path / "下发2025")
    unit = "县人力资源社会保障局"
    clerk.fill(files[unit], {("1-1", "城镇新增就业"): {"累计完成": 900, "进展情况": "新增就业900人"}})
    stale = clerk.split(old, 3, tmp_path / "下发2024")[unit]  # last year's file, sent again by mistake
    result = consolidate_job.consolidate(FileEngine(done.out), [files[unit]], 3)
    assert result.written
    rows = read_master(done.out).month(3).by_key()
    assert (rows[("1-1", "城镇新增就业")][1]["累计完成"], rows[("1-1", "城镇新增就业")][1]["进展情况"]) == (900, "新增就业900人")
    before = done.out.read_bytes()
    refused = consolidate_job.consolidate(FileEngine(done.out), [stale], 3, write=False)
    assert refused.result.changes == []
    assert done.out.read_bytes() == before


def test_keep_some_items_and_the_units_that_left_are_listed(master, tmp_path):
    done = job.new_year(master, tmp_path / "民生实事2025.xlsm", keep=["1-1", "2-1"])
    assert [i.id for i in done.catalogue.items] == ["1-1", "2-1"]
    assert [r["项目编号"] for _, r in read_master(done.out)[L.PROJECTS_SHEET].records()] == ["1-1", "2-1"]
    every = catalogue.load()
    kept = {u for i in every.items if i.id in ("1-1", "2-1") for u in i.units}
    assert done.left == [u for u in dict.fromkeys(u for i in every.items for u in i.units) if u not in kept]
    assert done.arrived == []


def test_a_catalogue_with_a_new_unit(master, tmp_path):
    rows = catalogue.load().rows()
    rows = [r for r in rows if r["责任单位"] != "县残联"] + [
        {**rows[0], "项目编号": "10-1", "项目类别": "新增", "项目内容": "新建城市书房3处", "责任单位": "县图书馆",
         "协办单位": "", "指标": "城市书房", "目标值": 3, "计量单位": "处"}]
    path = tmp_path / "目录2025.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    done = job.new_year(master, tmp_path / "民生实事2025.xlsm", catalog=path)
    assert (done.catalogue.year, done.left, done.arrived) == (2025, ["县残联"], ["县图书馆"])
    assert "县图书馆" in [r["单位"] for _, r in read_master(done.out)[L.CONTACTS_SHEET].records()]


def new_list(path: Path, ids: dict[str, str]) -> Path:
    """A new year's catalogue of two items (项目编号 → 项目内容), the way the office types one."""
    rows = [{**catalogue.load().rows()[0], "项目编号": k, "项目类别": "新增", "项目内容": v, "责任单位": "县图书馆",
             "协办单位": "", "指标": f"指标{n}", "目标值": 3, "计量单位": "处"} for n, (k, v) in enumerate(ids.items())]
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return path


def test_keep_with_a_catalogue_gives_the_items_that_continue_then_the_new_list(master, tmp_path, capsys):
    path = new_list(tmp_path / "目录2025.csv", {"10-1": "新建城市书房3处", "10-2": "新建口袋公园3处"})
    out = tmp_path / "民生实事2025.xlsm"
    assert main(["new-year", str(master), "--keep", "1-1,2-1", "--catalog", str(path), "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert [r["项目编号"] for _, r in read_master(out)[L.PROJECTS_SHEET].records()] == ["1-1", "2-1", "10-1", "10-2"]
    assert "2025 年）：3 类 4 项 4 个指标" in said
    assert "新承担项目的单位（请在“单位通讯录”中补填联系人）：县图书馆" in said


def test_keep_and_a_catalogue_that_use_one_number_are_a_finding_naming_both(master, tmp_path):
    kept = {i.id: i.content for i in catalogue.load().items}
    path = new_list(tmp_path / "目录2025.csv", {"1-1": "新建城市书房3处", "2-1": "新建口袋公园3处"})
    out = tmp_path / "民生实事2025.xlsm"
    with pytest.raises(job.Refused) as refused:
        job.new_year(master, out, keep=["1-1", "2-1", "3-1"], catalog=path)
    assert [(f.code, f.item) for f in refused.value.findings] == [("new-year-id-clash", "1-1"),
                                                                 ("new-year-id-clash", "2-1")]
    first = refused.value.findings[0].message
    assert kept["1-1"] in first and "新建城市书房3处" in first and master.name in first and path.name in first
    assert "2 个项目编号重复" in str(refused.value) and not out.exists()


def test_a_notice_with_marks_writes_its_draft_and_builds_once_it_is_cleared(master, tmp_path):
    notice = Path(shutil.copy(NOTICE, tmp_path / "2025年民生实事通知.txt"))
    out = tmp_path / "民生实事2025.xlsm"
    with pytest.raises(job.Refused) as refused:
        job.new_year(master, out, notice=notice)
    draft = tmp_path / "目录草稿2025.xlsx"
    assert not out.exists() and draft.exists()
    assert "需核对" in str(refused.value) and draft.name in str(refused.value)
    book = load_workbook(draft)  # the clerk reviews every mark and clears it
    sheet = book["项目表"]
    at = [c.value for c in sheet[1]].index("需核对") + 1
    marked = [r for r in range(2, sheet.max_row + 1) if sheet.cell(r, at).value]
    for r in marked:
        sheet.cell(r, at).value = None
    book.save(draft)
    assert marked
    done = job.new_year(master, out, catalog=draft)
    assert done.catalogue.year == 2025
    assert settings_mod.load(read_master(out)).year == 2025


@pytest.mark.parametrize("kwargs, says", [
    ({}, "--keep all"),
    ({"keep": ["1-1", "99-9"]}, "没有项目编号 99-9"),
    ({"keep": ["all"], "year": 2024}, "新年度应晚于"),
    ({"notice": NOTICE, "catalog": Path("目录2025.csv")}, "只选一种"),
])
def test_refusals_say_why_and_write_nothing(master, tmp_path, kwargs, says):
    out = tmp_path / "民生实事2025.xlsm"
    with pytest.raises(job.Refused, match=says):
        job.new_year(master, out, **kwargs)
    assert not out.exists()


def test_cli_never_overwrites_without_force_nor_the_old_master_and_a_second_run_changes_nothing(master, tmp_path, capsys):
    out = tmp_path / "民生实事2025.xlsm"
    assert main(["new-year", str(master), "--keep", "all", "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "2025 年" in said and "沿用上一年" in said
    first = out.read_bytes()
    assert main(["new-year", str(master), "--keep", "all", "--out", str(out)]) == 2
    assert "--force" in capsys.readouterr().err and out.read_bytes() == first
    assert main(["new-year", str(master), "--keep", "all", "--out", str(master), "--force", "--year", "2025"]) == 2
    assert "不能覆盖" in capsys.readouterr().err
    assert main(["new-year", str(master), "--keep", "all", "--out", str(out), "--force"]) == 0
    assert out.read_bytes() == first and not (tmp_path / "备份").exists()  # a second run changes nothing
