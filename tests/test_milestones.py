"""目标类型 节点 (issue 15): milestones with dates, read from the catalogue's 节点 column, counted in
累计完成, judged alike by Python and by the native formulas recalculated in LibreOffice."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from openpyxl import load_workbook

from minsheng.builder import targets
from minsheng.builder.master import build
from minsheng.cli import main
from minsheng.engines.file import read_master
from minsheng.engines.libreoffice import recalculate
from minsheng.model import catalogue, milestones
from minsheng.model import layout as L
from minsheng.model import settings as settings_mod
from minsheng.paper import bulletin
from minsheng.status import progress

from clerk import fill, split
from xlsm_book import load_xlsm

NODES = "动工 3月底；主体完工 8月底；投入使用 12月底"


def _catalogue(tmp_path, nodes=NODES):
    source = tmp_path / "目录2025.csv"
    with source.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["项目编号", "项目类别", "项目内容", "责任单位", "指标", "目标值", "计量单位", "目标类型", "节点"])
        out.writerow(["1", "民生", "城区学校建设", "县教育局", "形象进度", "", "", "节点", nodes])
        out.writerow(["2", "民生", "敬老院改造", "县民政局", "形象进度", "", "", "节点", "开工 2月；竣工 5月底"])
        out.writerow(["3", "民生", "新增就业", "县人社局", "新增就业", "3000", "人", "", ""])
    return source


def test_nodes_are_read_as_the_notice_writes_them_and_planned_by_their_months():
    nodes, problem = milestones.read(NODES)
    assert problem == "" and [(n.name, n.month) for n in nodes] == [("动工", 3), ("主体完工", 8), ("投入使用", 12)]
    assert milestones.plan(nodes) == [0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3]
    assert milestones.late(nodes, 1, 8) == "主体完工（8月底）未完成，滞后"
    assert milestones.late(nodes, 1, 9) == "主体完工（8月底）未完成，严重滞后"
    assert milestones.late(nodes, 1, 7) == "" and milestones.late(nodes, 3, 12) == ""
    assert milestones.read("动工 三月底、投入使用 九月")[0][1].month == 9


def test_unreadable_nodes_are_a_build_problem_naming_the_cell(tmp_path):
    with pytest.raises(catalogue.CatalogueError) as raised:
        catalogue.load(_catalogue(tmp_path, "动工 3月底；主体完工 秋天"), read_target=targets.read)
    assert raised.value.problems == (
        "目录2025.csv I2: 节点“主体完工秋天”无法读取：应为节点名称加月份——" + milestones.HINT,)
    with pytest.raises(catalogue.CatalogueError) as raised:
        catalogue.load(_catalogue(tmp_path, "主体完工 8月底；动工 3月底"), read_target=targets.read)
    assert "早于前一节点“主体完工 8月底”" in raised.value.problems[0]


def test_a_built_master_reads_back_its_nodes(tmp_path):
    master = build(catalogue.load(_catalogue(tmp_path), read_target=targets.read), tmp_path / "民生实事2025.xlsm")
    again = catalogue.load(master, read_target=catalogue.plain_target)
    ind = again.item("1").indicators[0]
    assert (ind.name, ind.target, ind.measure, ind.kind, milestones.text(ind.nodes)) == (
        milestones.INDICATOR, 3, milestones.MEASURE, "节点", NODES)


@pytest.mark.libreoffice
@pytest.mark.parametrize("month", [8, 9])
def test_libreoffice_and_python_agree_on_milestones(tmp_path, month):
    master = build(catalogue.load(_catalogue(tmp_path), read_target=targets.read), tmp_path / "民生实事2025.xlsm")
    col = {h: i + 1 for i, h in enumerate(L.month_headers(("节点",)))}
    book = load_xlsm(master)
    sheet = book[L.month_sheet(month)]
    assert sheet.cell(1, col["节点"]).value == "节点" and sheet.cell(2, col["节点"]).value == NODES
    for row, done in {2: 1, 3: 2, 4: 2000}.items():  # 动工 only; both nodes of item 2; 2000 人
        sheet.cell(row, col["累计完成"], done)
    filled = tmp_path / "filled.xlsm"
    book.save(filled)
    native = load_workbook(recalculate(filled, tmp_path / "lo"), data_only=True)[L.month_sheet(month)]
    computed = {i.id: i for i in progress.compute(read_master(filled), month).indicators}
    seen = {}
    for row in (2, 3, 4):
        shown = {h: native.cell(row, c).value for h, c in col.items()}
        python = computed[str(shown["项目编号"])]
        assert (shown["状态"], shown["完成率"]) == (python.light, pytest.approx(python.completion, abs=1e-6)), shown
        assert shown["时序进度"] == pytest.approx(python.time_progress, abs=1e-6), shown
        seen[python.id] = (python.kind, round(python.completion, 4), python.light)
    assert seen["1"] == ("节点", round(1 / 3, 4), "滞后" if month == 8 else "严重滞后")
    assert seen["2"] == ("节点", 1.0, "已完成")


def test_split_consolidate_status_and_the_bulletin_name_the_late_node(tmp_path, capsys):
    master = build(catalogue.load(_catalogue(tmp_path), read_target=targets.read), tmp_path / "民生实事2025.xlsm")
    files = split(master, 8, tmp_path / "回收")
    school, home = files["县教育局"], files["县民政局"]
    sheet = load_workbook(school).worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert sheet.cell(2, headers.index("节点") + 1).value == NODES  # the unit sees its nodes and dates
    assert sheet.cell(2, headers.index("计量单位") + 1).value == milestones.MEASURE
    fill(school, {("1", milestones.INDICATOR): {"累计完成": 1, "进展情况": "已动工，主体施工中",
                                               "存在问题": "雨季停工", "下步措施": "增加班组"}})
    fill(home, {("2", milestones.INDICATOR): {"累计完成": 2, "进展情况": "已竣工"}})
    capsys.readouterr()
    assert main(["consolidate", str(master), str(school), str(home), "--month", "8"]) == 0, capsys.readouterr()
    book = read_master(master)
    found = {i.id: i for i in progress.compute(book, 8).indicators}
    assert (found["1"].actual, found["1"].completion, found["1"].light) == (1, pytest.approx(1 / 3, abs=1e-6), "滞后")
    assert (found["2"].light, found["3"].light) == ("已完成", "未报送")
    text = bulletin.bulletin(progress.compute(book, 8), book, settings_mod.load(book), dt.date(2025, 9, 5)).text()
    assert "节点：主体完工（8月底）未完成，滞后" in text
    assert "2 敬老院改造（县民政局）：2个节点全部完成。已竣工" in text
    assert "（一）1 城区学校建设（县教育局，滞后）" in text
