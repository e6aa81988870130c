"""目标类型 read alike by 校验, consolidation, the bulletin, the dashboard and the build (issue 15):
a ceiling over its mark is explained and counted red, a ceiling met is no 已达标未显示完成, 0.62
typed as text into a rate row has two readings and is not merged, 清零 counts down from its 基期值,
money is summed in the bulletin, and a 完成时限 nobody can read is said at build."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest
from openpyxl import load_workbook

from minsheng.builder import targets
from minsheng.builder.master import build
from minsheng.cli import main
from minsheng.engines.file import read_master
from minsheng.jobs.build import build as build_job
from minsheng.model import catalogue, formulas
from minsheng.model import layout as L
from minsheng.model import settings as settings_mod
from minsheng.paper import bulletin
from minsheng.status.progress import compute

from clerk import fill, master_value, split
from monthfill import GOOD_TEXT, Text, cell, type_into, validate
from xlsm_book import load_xlsm

UNIT = "县人社局"
OWNER = "县人力资源社会保障局"  # as the directory names 县人社局
JOBS = ("1", "新增就业")          # 不少于3000 人
ACCESS = ("2", "接入率")          # 达到95%
JOBLESS = ("3", "失业率")         # 控制在3%以内
ZERO = ("4", "零就业家庭")        # 动态清零, 基期值 8 户
INVEST = ("5", "年度投资")        # 1.2亿元 → 12000 万元
INVEST2 = ("6", "设备投资")       # 3000 万元
LINES = [(JOBS, "不少于3000", "人", ""), (ACCESS, "达到95%", "", ""), (JOBLESS, "控制在3%以内", "", ""),
         (ZERO, "动态清零", "户", "8"), (INVEST, "1.2亿元", "万元", ""), (INVEST2, "3000万元", "万元", "")]


def catalogue_csv(path, deadline: dict[str, str] | None = None):
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["项目编号", "项目类别", "项目内容", "责任单位", "指标", "目标值", "计量单位", "基期值", "完成时限"])
        for (item, name), raw, measure, base in LINES:
            out.writerow([item, "民生", name, UNIT, name, raw, measure, base, (deadline or {}).get(item, "")])
    return path


@pytest.fixture
def master(tmp_path):
    source = catalogue_csv(tmp_path / "目录2025.csv")
    return build(catalogue.load(source, read_target=targets.read), tmp_path / "民生实事2025.xlsm")


def with_text(values: dict) -> dict:
    return {k: {**v, **{h: "" for h in ("存在问题", "下步措施")}} for k, v in values.items()}


def test_a_ceiling_over_its_mark_asks_for_an_explanation_and_one_met_is_not_shown_done(master):
    type_into(master, 3, with_text({JOBLESS: {"累计完成": 0.035, "进展情况": "超了"},
                                    INVEST: {"累计完成": 6000, **GOOD_TEXT}}))
    found = {(f.cell, f.code) for f in validate(master).findings
             if f.code.startswith("behind-plan") or f.code == "target-reached-not-done"}
    assert found == {(cell(master, 3, JOBLESS, "存在问题"), "behind-plan-unexplained"),
                     (cell(master, 3, JOBLESS, "下步措施"), "behind-plan-unexplained")}
    over = next(f for f in validate(master).findings if f.code == "behind-plan-unexplained")
    assert "超出控制目标" in over.message and "时序进度 不适用" in over.message

    type_into(master, 3, {JOBLESS: {"累计完成": 0.021, **GOOD_TEXT}})  # 2.1 %: met, shown 正常 until December
    codes = {f.code for f in validate(master).findings if f.item == JOBLESS[0]}
    assert "target-reached-not-done" not in codes and "behind-plan-unexplained" not in codes


def test_a_rate_typed_as_text_has_two_readings_and_stays_out(master, tmp_path, capsys):
    type_into(master, 3, {ACCESS: {"累计完成": Text("0.62"), **GOOD_TEXT}})
    found = [f for f in validate(master).findings if f.item == ACCESS[0] and f.severity == "error"]
    assert [(f.cell, f.code) for f in found] == [(cell(master, 3, ACCESS, "累计完成"), "ambiguous-number")]
    assert "62%" in found[0].message and "0.62%" in found[0].message
    type_into(master, 3, {ACCESS: {"累计完成": None}})

    files = split(master, 3, tmp_path / "回收")
    fill(files[OWNER], {JOBS: {"累计完成": 800, "进展情况": "招聘会"}})
    path = fill(files[OWNER], {ACCESS: {"累计完成": "0.62", "进展情况": "接入"}}, text=("累计完成",))
    capsys.readouterr()
    code = main(["consolidate", str(master), str(path), "--month", "3", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1
    assert [(f["code"], f["item"]) for f in out["row_findings"] if f["severity"] == "error"] == [
        ("ambiguous-number", "2")]
    assert master_value(master, 3, ACCESS, "累计完成") is None
    assert master_value(master, 3, JOBS, "累计完成") == 800
    # a number (62 % typed in Excel) and 62 typed are one reading: no finding
    type_into(master, 3, {ACCESS: {"累计完成": 0.62, **GOOD_TEXT}})
    assert not [f for f in validate(master).findings if f.item == ACCESS[0] and f.severity == "error"]


def test_clearing_counts_down_from_its_base():
    assert formulas.completion(2, 0, kind="清零", base=8) == 0.75
    assert formulas.completion(10, 0, kind="清零", base=8) == 0.0  # more than at the start: not below 0
    assert formulas.completion(0, 0, kind="清零", base=8) == 1.0
    assert formulas.completion(2, 0, kind="清零") == 0.0  # no 基期值: at zero or not
    row = {"目标值": 0, "计量单位": "户", "累计完成": 2, "本月计划累计": 0}
    assert formulas.month_results(row, 3, "清零", base=8)["完成率"] == 0.75
    assert "8>0" in formulas.month_formulas(3, 2, "清零", 8)["完成率"]


def test_a_base_that_is_not_a_number_stops_the_build(tmp_path):
    source = catalogue_csv(tmp_path / "目录2025.csv")
    text = source.read_text(encoding="utf-8").replace(",户,8,", ",户,约8户,")
    source.write_text(text, encoding="utf-8")
    with pytest.raises(catalogue.CatalogueError) as e:
        catalogue.load(source, read_target=targets.read)
    assert "基期值“约8户”应为大于 0 的数字" in str(e.value)


def test_clearing_in_the_master_and_in_the_unit_file(master, tmp_path):
    type_into(master, 3, {ZERO: {"累计完成": 2, **GOOD_TEXT}})
    found = {i.id: i for i in compute(read_master(master), 3).indicators}
    assert (found["4"].completion, found["4"].light) == (0.75, "滞后")
    files = split(master, 3, tmp_path / "回收")
    sheet = load_workbook(files[OWNER]).worksheets[0]
    formulas_text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if isinstance(c.value, str))
    assert "IF(8>0,MAX(0,(8-" in formulas_text  # the file carries its 基期值 as a constant


def test_the_bulletin_sums_money_counts_the_ceiling_red_and_says_its_rule(master):
    type_into(master, 3, {JOBS: {"累计完成": 900, **GOOD_TEXT}, ACCESS: {"累计完成": 60, **GOOD_TEXT},
                          JOBLESS: {"累计完成": 0.035, **GOOD_TEXT}, ZERO: {"累计完成": 0, **GOOD_TEXT},
                          INVEST: {"累计完成": 6000, **GOOD_TEXT}})  # 设备投资 left blank
    book = read_master(master)
    progress = compute(book, 3)
    text = bulletin.bulletin(progress, book, settings_mod.load(book), dt.date(2025, 4, 8)).text()
    assert "已完成1个，正常推进3个，滞后0个，严重滞后1个，未报送1个" in text  # 以内 over: 严重滞后
    assert ("金额类指标2个，合计目标15000万元，累计完成6000万元，占40.0%，时序进度25.0%；"
            "1个未报送，不计入合计。") in text
    assert "注：完成率按已报送指标计" in text and "金额类指标不与数量、比率指标平均" in text
    assert "3 | 失业率 | 县人力资源社会保障局 | 85.7% | — | — | 超出控制目标" in text  # 表2, no time progress
    assert "以下1个指标完成率落后于时序进度或超出控制目标，其中严重滞后0个、超出控制目标1个。" in text
    assert "4 零就业家庭（县人力资源社会保障局）：已动态清零（基期8户）。" in text
    # mean completion: 900/3000, 60/95, 3/3.5 (capped 1 not reached), 1 (清零 at 0): money left out
    mean = (0.3 + 60 / 95 + 3 / 3.5 + 1.0) / 4
    assert f"已报送指标平均完成率{mean * 100:.1f}%" in text


def test_the_dashboard_lights_a_ceiling_over_red(master):
    sheet = load_xlsm(master)[L.DASHBOARD_SHEET]
    rules = [(r.formula, r.dxf.fill.fgColor.rgb if r.dxf and r.dxf.fill else None)
             for cf in sheet.conditional_formatting for r in cf.rules]
    over = [fill for f, fill in rules if f == [f'"{formulas.OVER}"']]
    red = [fill for f, fill in rules if f == ['"严重滞后"']]
    assert over and set(over) == set(red)


def test_a_deadline_nobody_can_read_is_said_at_build(tmp_path):
    source = catalogue_csv(tmp_path / "目录2025.csv", {"1": "长期", "2": "9月底前", "5": "持续推进", "6": "年内"})
    built = build_job(tmp_path / "民生实事2025.xlsm", source)
    said = [(w.code, w.cell, w.item) for w in built.warnings]
    assert said == [("deadline-unread", "I2", "1"), ("deadline-unread", "I6", "5")]
    assert "完成时限“长期”没有写明月份，计划按全年平均到12月" in built.warnings[0].message
    assert "9月底前" in built.warnings[0].hint
