"""导入通知 from pasted text (numbered prose, "目标任务：… 责任单位：…" blocks) and every kind of
需核对 a draft row can carry, each from a one-line notice."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from minsheng.jobs import import_notice as job
from minsheng.model.units import default
from minsheng.notice import draft, read, table

GOLDEN = Path(__file__).resolve().parent / "golden"
PROSE = """2025年县政府民生实事项目
一、就业创业
1.城镇新增就业不少于3000人。（责任单位：县人力资源社会保障局；配合单位：县财政局）
2.项目名称：职业技能培训
  目标任务：开展职业技能培训5000人次，6月底前完成。
  责任单位：县人力资源社会保障局
二、教育
1、新建幼儿园三所，9 月底前投入使用。
   责任单位：县教育和体育局
（2）实施校舍改造，年底前完成。
   牵头单位：县教育和体育局  配合单位：县住房城乡建设局
"""
NUMBERED = """今年县政府承诺办好以下民生实事：
1.新增城镇公办学位1200个，责任单位：县教育和体育局。
2．改造老旧小区10个，惠及居民2000户，12月底前完工。责任单位：县住房城乡建设局、县财政局
★3、开展免费健康体检。
"""


def draft_of(tmp_path: Path, text: str) -> list[dict]:
    path = tmp_path / "通知.txt"
    path.write_text(text, "utf-8")
    return job.draft_rows(path)


def golden_csv(rows: list[dict], name: str) -> None:
    """The draft as the office reads it, against tests/golden/NAME (UPDATE_GOLDEN=1 rewrites it:
    read the diff before committing)."""
    path = GOLDEN / name
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=draft.DRAFT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(buffer.getvalue(), "utf-8")
    assert buffer.getvalue() == path.read_text("utf-8")


def test_labelled_blocks_under_headings(tmp_path):
    rows = draft_of(tmp_path, PROSE)
    assert [(r["项目编号"], r["项目类别"], r["指标"], r["目标值"], r["计量单位"], r["责任单位"], r["协办单位"],
             r["完成时限"]) for r in rows] == [
        ("1-1", "就业创业", "城镇新增就业", "3000", "人", "县人力资源社会保障局", "县财政局", ""),
        ("1-2", "就业创业", "开展职业技能培训", "5000", "人次", "县人力资源社会保障局", "", "6月底前"),
        ("2-1", "教育", "新建幼儿园", "3", "所", "县教育和体育局", "", "9月底前"),
        ("2-2", "教育", "形象进度", "", "%", "县教育和体育局", "县住房和城乡建设局", "年底前"),
    ]
    assert rows[1]["项目名称"] == "职业技能培训" and rows[1]["项目内容"] == "开展职业技能培训5000人次，6月底前完成。"
    assert rows[1]["原文"].startswith("第4行：")
    assert not [r for r in rows if r[draft.CHECK]]
    golden_csv(rows, "notice_prose_draft.csv")


def test_numbered_prose_without_headings(tmp_path):
    rows = draft_of(tmp_path, NUMBERED)
    assert [(r["项目编号"], r["指标"], r["目标值"], r["计量单位"], r["责任单位"], r["完成时限"]) for r in rows] == [
        ("1-1", "新增城镇公办学位", "1200", "个", "县教育和体育局", ""),
        ("1-2", "改造老旧小区", "10", "个", "县住房和城乡建设局、县财政局", "12月底前"),
        ("1-2", "惠及居民", "2000", "户", "县住房和城乡建设局、县财政局", "12月底前"),
        ("1-3", "形象进度", "", "%", "", ""),
    ]
    assert rows[-1][draft.CHECK] == "没有责任单位；请补填"
    golden_csv(rows, "notice_numbered_draft.csv")


def test_a_deadline_in_a_table_cell_goes_to_its_column_and_is_no_target(tmp_path):
    rows = draft_of(tmp_path, "序号\t项目内容\t责任单位\n1\t10 月底前建成公园 2 处\t县住房城乡建设局\n")
    assert [(r["指标"], r["目标值"], r["完成时限"], r[draft.CHECK]) for r in rows] == [("建成公园", "2", "10月底前", "")]


KINDS = [  # (项目内容, 责任单位, its finding's code, what 需核对 says)
    ("建设口袋公园 10 处，其中 3 处在城区", "县住房城乡建设局", "notice-sub-part", "在“其中”之后，是分项"),
    ("每学期开展 1 次心理辅导", "县教育和体育局", "notice-per-time", "按“每学期”计"),
    ("完成 3 项改革", "县教育和体育局", "notice-no-measure", "没有计量单位"),
    ("每户修缮补助不低于 12000 元", "县住房城乡建设局", "notice-per-time", "按“每户”计"),
    ("发放补贴 500 元", "县财政局", "notice-yuan", "以元计的金额"),
    ("将个人卫生支出占比控制在 27% 以内", "县卫生健康局", "notice-ceiling", "是上限"),
    ("新增拖欠工资案件 0 件，新建公厕 0 座", "县人力资源社会保障局", "notice-zero-target", "目标为 0"),
    ("新增供热、供气面积各 10 万平方米", "县住房城乡建设局", "notice-each", "可能是几个指标各"),
    ("改造农村公路 20 公里，改造农村公路 5 座", "县交通运输局", "notice-name-repeated", "重复"),
    ("新增病床 20 张", "县卫生健康局 县财政局", "notice-spaced-units", "空格分隔"),
    ("新增病床 20 张", "县卫生建康局", "notice-unit-close", "与“县卫生健康局”相近"),
    ("新增病床 20 张", "火星开发办", "notice-unit-unknown", "请确认名称或在单位目录中添加"),
    ("新增病床 20 张", "", "notice-no-unit", "没有责任单位"),
    ("新增病床 20 张", "县卫生健康局、县财政局", "notice-lead-guessed", "已把列第一位的“县卫生健康局”作为牵头单位"),
]


@pytest.mark.parametrize("content, unit, code, says", KINDS, ids=[k[2] + " " + k[3] for k in KINDS])
def test_each_kind_of_check(tmp_path, content, unit, code, says):
    path = tmp_path / "通知.txt"
    path.write_text(f"序号\t项目内容\t责任单位\n1\t{content}\t{unit}\n", "utf-8")
    items = table.items(read.rows(path))
    found = draft.findings(items, default())
    assert code in [f.code for f in found], [f.code for f in found]
    rows = draft.rows(items, default())
    assert any(says in r[draft.CHECK] for r in rows), [r[draft.CHECK] for r in rows]
    assert [r[draft.CHECK] for r in rows] == ["；".join(dict.fromkeys(draft.text(f) for f in found if f.indicator == r["指标"]))
                                            for r in rows]  # 需核对 is the findings' own text


def test_a_lead_the_notice_marks_goes_first_and_is_no_guess(tmp_path):
    rows = draft_of(tmp_path, "序号\t项目内容\t责任单位\n1\t新增病床 20 张\t县财政局、县卫生健康局（牵头）\n")
    assert [(r["责任单位"], r[draft.CHECK]) for r in rows] == [("县卫生健康局、县财政局", "")]


@pytest.mark.parametrize("content", ["城镇新增就业不少于 3000 人", "新建幼儿园 3 所，9月底前投入使用", "新建5G基站"])
def test_sure_rows_carry_no_mark(tmp_path, content):
    rows = draft_of(tmp_path, f"序号\t项目内容\t责任单位\n1\t{content}\t县人力资源社会保障局\n")
    assert [r[draft.CHECK] for r in rows] == [""]


def flat_items(rows: list[dict]) -> list[tuple]:
    return [(r["项目编号"], r["项目类别"], r["指标"], r["目标值"], r["责任单位"], r["备注"]) for r in rows]


CELL_PER_LINE = """附件

2025年民生实事项目表
序号
项目类别
项目内容
责任单位
1
就业创业
城镇新增就业不少于3000人
县人力资源社会保障局

就业创业
开展职业技能培训5000人次
县人力资源社会保障局
序号
项目类别
项目内容
责任单位
2
教育
新建幼儿园3所
县教育和体育局

"""


def test_a_table_pasted_one_cell_per_line(tmp_path):
    """A Word table copied as text: each cell on its own line, an empty cell a blank line, the
    header repeated where the page broke."""
    rows = draft_of(tmp_path, CELL_PER_LINE)
    assert flat_items(rows) == [
        ("1-1", "就业创业", "城镇新增就业", "3000", "县人力资源社会保障局", ""),
        ("1-2", "就业创业", "开展职业技能培训", "5000", "县人力资源社会保障局", ""),
        ("2-1", "教育", "新建幼儿园", "3", "县教育和体育局", "")]
    assert [r["原文"].split("：")[0] for r in rows] == ["第8行", "第12行", "第20行"]


HEADINGS = """2025年县政府民生实事
一、就业创业
（一）城镇新增就业不少于3000人。责任单位：县人力资源社会保障局
（二）开展职业技能培训5000人次。责任单位：县人力资源社会保障局
二、教育
（一）新建幼儿园3所。责任单位：县教育和体育局
"""


def test_prose_numbered_one_and_bracketed_one(tmp_path):
    """一、 numbers the categories and （一）（二） the items under each."""
    assert flat_items(draft_of(tmp_path, HEADINGS)) == [
        ("1-1", "就业创业", "城镇新增就业", "3000", "县人力资源社会保障局", ""),
        ("1-2", "就业创业", "开展职业技能培训", "5000", "县人力资源社会保障局", ""),
        ("2-1", "教育", "新建幼儿园", "3", "县教育和体育局", "")]


def test_a_docx_table_with_heading_rows_and_bracketed_numbers(tmp_path):
    """A .docx whose categories are merged heading rows (一、就业创业) and items numbered （一）."""
    import docx

    document = docx.Document()
    t = document.add_table(rows=0, cols=3)
    for cells in (["序号", "项目内容", "责任单位"], ["一、就业创业"] * 3,
                  ["（一）", "城镇新增就业不少于3000人", "县人力资源社会保障局"],
                  ["（二）", "开展职业技能培训5000人次", "县人力资源社会保障局"], ["二、教育"] * 3,
                  ["（一）", "新建幼儿园3所", "县教育和体育局"]):
        row = t.add_row()
        if len(set(cells)) == 1:
            row.cells[0].merge(row.cells[2]).text = cells[0]
        else:
            for cell, text in zip(row.cells, cells):
                cell.text = text
    path = tmp_path / "通知.docx"
    document.save(path)
    assert flat_items(job.draft_rows(path)) == [
        ("1-1", "就业创业", "城镇新增就业", "3000", "县人力资源社会保障局", ""),
        ("1-2", "就业创业", "开展职业技能培训", "5000", "县人力资源社会保障局", ""),
        ("2-1", "教育", "新建幼儿园", "3", "县教育和体育局", "")]


def test_city_and_district_sections_in_an_xlsx(tmp_path):
    """市级/区级 sections as merged rows of an .xlsx, numbering starting again at 1: the section is
    kept in each item's 备注, the categories go on."""
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    for cells in (["2025年民生实事项目"], ["序号", "项目类别", "项目内容", "责任单位", "备注"],
                  ["一、市级民生实事项目（区级承接）"], ["1", "就业创业", "城镇新增就业不少于3000人", "区人社局", ""],
                  ["2", "教育", "新建幼儿园3所", "区教育局", "续建"],
                  ["二、区级民生实事项目"], ["1", "城市更新", "改造老旧小区10个", "区住建局", ""]):
        ws.append(cells)
    for r in (1, 3, 6):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=5)
    path = tmp_path / "通知.xlsx"
    book.save(path)
    assert flat_items(job.draft_rows(path)) == [
        ("1-1", "就业创业", "城镇新增就业", "3000", "区人社局", "市级民生实事项目（区级承接）"),
        ("2-1", "教育", "新建幼儿园", "3", "区教育局", "市级民生实事项目（区级承接）；续建"),
        ("3-1", "城市更新", "改造老旧小区", "10", "区住建局", "区级民生实事项目")]


def test_city_and_district_sections_in_prose(tmp_path):
    text = "一、市级民生实事\n1.城镇新增就业不少于3000人。责任单位：区人社局\n二、区级民生实事\n1.新建幼儿园3所。责任单位：区教育局\n"
    assert [(r["项目编号"], r["指标"], r["备注"]) for r in draft_of(tmp_path, text)] == [
        ("1-1", "城镇新增就业", "市级民生实事"), ("1-2", "新建幼儿园", "区级民生实事")]
