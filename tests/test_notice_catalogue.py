"""A county's own list in its notice's words (issue 12, points 3 and 4): catalogues made here as a
clerk would paste them from a notice, built into masters and run split → consolidate → status →
bulletin, asserting what people read."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

import clerk
from minsheng.builder import targets
from minsheng.engines.file import FileEngine, read_master
from minsheng.jobs import build as build_job
from minsheng.jobs import consolidate as consolidate_job
from minsheng.jobs import status as status_job
from minsheng.model import catalogue
from minsheng.model import layout as L
from minsheng.model import settings as settings_mod
from minsheng.paper import bulletin, digest
from minsheng.status.progress import compute

# A 区's notice table as pasted into Excel: numbered 1..N across categories, the category merged
# down its items, the notice's own headers, targets in its own words, an extra column.
NOTICE = [
    ("序号", "类别", "事项名称", "建设内容", "牵头单位", "配合单位", "责任领导", "指标", "目标", "计量单位",
     "建设地点", "完成时限", "年度投资（万元）", "附件"),
    ("1", "就业增收", "城镇新增就业", "实现城镇新增就业1.4万人以上。", "区人社局", "区财政局", "王一",
     "城镇新增就业", "1.4万", "人", "全区", "12月底", 0, "见附件1"),
    ("2", None, "零工市场", "建成零工市场不少于10个。", "区人社局", None, "王一、李二",
     "零工市场", "不少于10", "个", "各街道", "10月底", 300, None),
    ("3", "教育医疗", "学前教育普惠", "普惠性幼儿园覆盖率达到95%。", "区教育局", None, None,
     "普惠覆盖率", "达到95%", "%", None, None, None, None),
    ("4", None, "老旧小区加装电梯", "三个街道共同完成加装电梯30部。", "甲街道、乙街道、丙街道", "区住建局", "李二",
     "加装电梯", "30", "部", "甲乙丙街道", "11月底", 1500, None),
    ("5", None, "社区医院", "社区医院6月底前建成投用。", "区卫健局", None, "李二",
     "形象进度", "6月底前完成", None, "东湖社区", "6月底", None, None),
]


def notice_xlsx(path: Path, rows=NOTICE) -> Path:
    book = Workbook()
    ws = book.active
    ws.title = "附件"
    for row in rows:
        ws.append(list(row))
    ws.merge_cells("B2:B3")  # 就业增收 over items 1 and 2
    ws.merge_cells("B4:B6")  # 教育医疗 over items 3, 4 and 5
    book.save(path)
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("notice")
    source = notice_xlsx(folder / "海曙区2026年民生实事.xlsx")
    return build_job.build(folder / "民生实事2026.xlsm", source)


def test_the_notice_table_builds_in_its_own_terms(built):
    data = built.catalogue
    assert [i.id for i in data.items] == ["1", "2", "3", "4", "5"]
    assert data.categories == ["就业增收", "教育医疗"]
    assert [(i.id, i.name, i.leaders, i.units[0]) for i in data.items] == [
        ("1", "城镇新增就业", ("王一",), "区人社局"), ("2", "零工市场", ("王一", "李二"), "区人社局"),
        ("3", "学前教育普惠", (), "区教育局"), ("4", "老旧小区加装电梯", ("李二",), "甲街道"),
        ("5", "社区医院", ("李二",), "区卫健局")]
    assert [(ind.target, ind.measure, ind.kind) for i in data.items for ind in i.indicators] == [
        (14000.0, "人", "累计"), (10.0, "个", "累计"), (95.0, "%", "达到"), (30.0, "部", "累计"), (None, "", "节点")]
    assert data.notes == ("海曙区2026年民生实事.xlsx/附件: 未识别的列“附件”已略过",)
    book = read_master(built.out)
    projects = [r for _, r in book[L.PROJECTS_SHEET].records()]
    assert [(r["项目编号"], r["项目名称"], r["建设地点"], r["完成时限"], r["年度投资(万元)"], r["目标类型"])
            for r in projects] == [
        ("1", "城镇新增就业", "全区", "12月底", 0, "累计"), ("2", "零工市场", "各街道", "10月底", 300, "累计"),
        ("3", "学前教育普惠", None, None, None, "达到"), ("4", "老旧小区加装电梯", "甲乙丙街道", "11月底", 1500, "累计"),
        ("5", "社区医院", "东湖社区", "6月底", None, "节点")]
    contacts = [r["单位"] for _, r in book[L.CONTACTS_SHEET].records()]
    leaders = [c for c in contacts if "（" in c]
    assert leaders == ["王一（分管区领导）", "李二（分管区领导）"]  # the blank leader of item 3 makes no row; 海曙区's words


def test_split_consolidate_status_bulletin_on_the_notice_master(built, tmp_path):
    master = Path(tmp_path / built.out.name)
    master.write_bytes(built.out.read_bytes())
    files = clerk.split(master, 3, tmp_path / "out")
    assert sorted(files) == sorted(["区人社局", "区教育局", "甲街道", "乙街道", "丙街道", "区卫健局"])
    assert locked_inputs(files["甲街道"]) == {("4", "加装电梯"): False}
    assert locked_inputs(files["乙街道"]) == locked_inputs(files["丙街道"]) == {("4", "加装电梯"): True}
    clerk.fill(files["区人社局"], {("1", "城镇新增就业"): {"累计完成": "3500", "进展情况": "已新增3500人"},
                                  ("2", "零工市场"): {"累计完成": 1, "进展情况": "建成1个", "存在问题": "选址未定"}})
    clerk.fill(files["区教育局"], {("3", "普惠覆盖率"): {"累计完成": 96, "进展情况": "覆盖率96%"}})
    # The lead (first listed) and a partner of a joint item both report; the lead's figure counts.
    clerk.fill(files["甲街道"], {("4", "加装电梯"): {"累计完成": 9, "进展情况": "甲街道牵头，已加装9部"}})
    clerk.fill(files["乙街道"], {("4", "加装电梯"): {"累计完成": 3, "进展情况": "乙街道加装3部"}})
    clerk.fill(files["区卫健局"], {("5", "形象进度"): {"形象进度": 0.05, "进展情况": "完成设计"}})
    engine = FileEngine(master)
    done = consolidate_job.consolidate(engine, list(files.values()), 3)
    assert clerk.master_value(master, 3, ("1", "城镇新增就业"), "累计完成") == 3500
    assert clerk.master_value(master, 3, ("4", "加装电梯"), "累计完成") == 9
    partner = [(d.code, d.item, d.details["values"][files["乙街道"].name]["累计完成"]) for d in done.result.duplicates]
    assert partner == [("overridden", "4", "3")]  # the partner's differing figure is reported, not dropped
    assert "甲街道" in done.result.duplicates[0].message
    again = consolidate_job.consolidate(FileEngine(master), list(files.values()), 3).result
    assert again.changes == []
    assert [(d.code, d.unit, d.item) for d in again.duplicates] == [("partner-not-merged", "乙街道", "4")]
    assert "配合单位 乙街道" in again.duplicates[0].message and "甲街道" in again.duplicates[0].hint

    status_job.status(FileEngine(master), 3)
    book = read_master(master)
    found = compute(book, 3)
    assert [(c["no"], c["category"]) for c in found.categories()] == [(1, "就业增收"), (2, "教育医疗")]
    assert {x["leader"]: x["indicators"] for x in found.leaders()} == {"王一": 2, "李二": 3}
    doc = bulletin.bulletin(found, book, settings_mod.load(book), date(2026, 4, 5))
    text = doc.text()
    assert "2026年" in text
    done_part = text.split("二、已完成项目")[1].split("三、")[0]
    behind_part = text.split("三、进度滞后项目")[1].split("四、")[0]
    assert "3 普惠覆盖率（区教育局）：目标95%，累计完成96%" in done_part
    assert "2 零工市场（区人社局，滞后）\n    存在问题：选址未定" in behind_part
    # a 形象进度 item is named by its 项目名称, not by its content's first clause
    assert "5 社区医院（区卫健局，" in behind_part and "建成投用" not in behind_part
    assert "三个街道共同完成" not in text  # items are named by 项目名称, not their content's first clause
    digests = digest.leaders(found, book)
    assert {name: [i.id for i in items] for name, items in digests.items()} == {
        "王一": ["1", "2"], "李二": ["2", "4", "5"]}


def locked_inputs(path: Path) -> dict[tuple[str, str], bool]:
    """Per row of a fill-in file: whether its 累计完成 and 进展情况 cells are locked (read by openpyxl)."""
    sheet = load_workbook(path).worksheets[0]
    cols = {c.value: c.column for c in sheet[1]}
    out = {}
    for r in range(2, sheet.max_row + 1):
        cells = [sheet.cell(r, cols[h]).protection.locked for h in ("累计完成", "进展情况")]
        assert len(set(cells)) == 1
        out[(str(sheet.cell(r, 1).value), sheet.cell(r, cols["指标"]).value)] = cells[0]
    return out


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_every_unreadable_row_is_listed_at_once_with_its_cell_and_a_hint(tmp_path):
    source = write_csv(tmp_path / "目录2025.csv",
                       ["项目编号", "项目类别", "项目内容", "牵头单位", "指标", "目标值", "计量单位", "原文", "需核对"], [
                           ["一", "就业", "新增就业", "人社局", "新增就业", "若干", "人", "", ""],
                           ["二", "就业", "技能培训", "人社局", "培训", "约100", "人次", "", ""],
                           ["三", "教育", "校舍改造", "", "形象进度", "", "", "", ""],
                           ["四", "教育", "课后服务", "教育局", "覆盖率", "3%以内", "", "原话", "目标值是否为上限"],
                           ["五", "医疗", "清零", "卫健局", "欠费", "清零", "户", "", ""],
                       ])
    with pytest.raises(build_job.Refused) as refused:
        build_job.build(tmp_path / "m.xlsm", source)
    lines = str(refused.value).splitlines()
    assert lines[0] == "无法读取目录：目录2025.csv: 4 处无法生成主台账，请逐一修改后重试："
    assert [line.split(":")[0] for line in lines[1:]] == ["目录2025.csv F2", "目录2025.csv F3", "目录2025.csv I5",
                                                          "目录2025.csv D4"]
    assert "若干" in lines[1] and "如 3000、1.4万" in lines[1]
    assert "约100" in lines[2]
    assert "目标值是否为上限" in lines[3] and "清空" in lines[3]
    assert "项目 三 没有责任单位" in lines[4] and "列第一位者为牵头单位" in lines[4]
    assert not (tmp_path / "m.xlsm").exists()


def test_a_list_without_leaders_or_units_column_words(tmp_path):
    source = write_csv(tmp_path / "目录2025.csv", ["编号", "事项名称", "责任单位", "指标", "目标", "计量单位"], [
        ["(一)", "背街小巷改造", "城管局", "改造街巷", "1.2万", "米"],
        ["(二)", "困难户清零", "民政局、财政局", "困难户", "清零", ""],
    ])
    data = catalogue.load(source, read_target=targets.read)
    assert [(i.id, i.content, i.leader, i.units) for i in data.items] == [
        ("(一)", "背街小巷改造", "", ("城管局",)), ("(二)", "困难户清零", "", ("民政局", "财政局"))]
    built = build_job.build(tmp_path / "民生实事2025.xlsm", source)
    book = read_master(built.out)
    assert not [r for _, r in book[L.CONTACTS_SHEET].records() if "分管县领导" in str(r["单位"])]
    assert [(r["项目编号"], r["项目内容"], r["目标值"], r["目标类型"]) for _, r in book[L.PROJECTS_SHEET].records()] == [
        ("(一)", "背街小巷改造", 12000, "累计"), ("(二)", "困难户清零", 0, "清零")]
    # issue 15: a 清零 row has the target 0 (what is left is the figure), no longer 形象进度
    assert [(r["项目编号"], r["计量单位"]) for _, r in book.month(1).records()] == [("(一)", "米"), ("(二)", None)]


def test_lists_split_on_any_separator_but_never_inside_brackets():
    assert catalogue.split_list("各镇(街道、园区)、县财政局；县民政局,县残联\n团县委") == (
        "各镇(街道、园区)", "县财政局", "县民政局", "县残联", "团县委")
    assert catalogue.split_list("") == ()


def test_notice_headers_map_to_our_columns():
    assert [catalogue.header_name(h) for h in ("牵头单位", "配合单位", "区政府分管领导", "牵头县领导", "责任领导",
                                               "事项名称", "建设内容", "目标任务", "年度投资（万元）", " 序 号 ")] == [
        "责任单位", "协办单位", "分管县领导", "分管县领导", "分管县领导", "项目名称", "项目内容", "项目内容",
        "年度投资(万元)", "项目编号"]
