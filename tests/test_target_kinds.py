"""目标类型 (issue 15): 累计, 达到, 以内, 清零 and 金额, each read by its own rule, in Python and in the
native formulas alike (LibreOffice recalculates a master built from a catalogue with every kind)."""

from __future__ import annotations

import csv

import pytest
from openpyxl import load_workbook

from minsheng.builder import targets
from minsheng.builder.master import build
from minsheng.engines.file import read_master
from minsheng.engines.libreoffice import recalculate
from minsheng.model import catalogue, formulas
from minsheng.model import layout as L
from minsheng.status import progress
from xlsm_book import load_xlsm

COL = {h: i for i, h in enumerate(L.MONTH_HEADERS)}

ROWS = [  # 项目编号, 指标, 目标值 as the notice says it, 计量单位
    ("1", "新增就业", "不少于3000", "人"),
    ("2", "接入率", "达到95%", ""),
    ("3", "失业率", "控制在3%以内", ""),
    ("4", "零就业家庭", "动态清零", "户"),
    ("5", "年度投资", "1.2亿元", "万元"),
]


def test_each_kind_by_its_own_rule():
    assert formulas.completion(1200, 3000) == 0.4
    assert formulas.level(62, "%") == 62 and formulas.level(0.62, "%") == 62 and formulas.level(0.62, "人") == 0.62
    assert formulas.completion(62, 95, kind="达到") == pytest.approx(62 / 95)
    assert formulas.completion(2.1, 3, kind="以内") == 1.0
    assert formulas.completion(3.5, 3, kind="以内") == pytest.approx(3 / 3.5)
    assert formulas.time_progress(1.5, 3, "以内") is None and formulas.time_progress(5, 0, "清零") is None
    assert formulas.status(1.0, None, kind="以内") == "正常"
    assert formulas.status(1.0, None, kind="以内", final=True) == "已完成"
    assert formulas.status(0.86, None, kind="以内", final=True) == "超出控制目标"
    assert formulas.completion(0, 0, kind="清零") == 1.0 and formulas.completion(3, 0, kind="清零") == 0.0
    assert formulas.status(0.0, None, kind="清零") == "滞后"
    assert formulas.completion(3, 0) is None  # a 累计 row with 0 stays without a rate, as before


def test_the_notice_words_give_the_kind():
    read = [(t.value, t.kind) for t in (targets.read(raw, m) for _, _, raw, m in ROWS)]
    assert read == [(3000, "累计"), (95, "达到"), (3, "以内"), (0, "清零"), (12000, "金额")]


@pytest.mark.libreoffice
@pytest.mark.parametrize("month", [6, 12])
def test_libreoffice_and_python_agree_on_every_kind(tmp_path, month):
    source = tmp_path / "目录2025.csv"
    with source.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["项目编号", "项目类别", "项目内容", "责任单位", "指标", "目标值", "计量单位", "基期值"])
        for item, name, raw, measure in ROWS:
            out.writerow([item, "民生", name, "县人社局", name, raw, measure, ""])
        out.writerow(["6", "民生", "零就业家庭（基期8户）", "县人社局", "零就业家庭（基期8户）", "动态清零", "户", 8])
    master = build(catalogue.load(source, read_target=targets.read), tmp_path / "民生实事2025.xlsm")
    # 1200 人; 62 typed into a rate row (62 %); 3.5 % over the ceiling; 2 households left (of 8 at
    # the start in row 7); 6000 万元
    typed = {2: 1200, 3: 62, 4: 0.035, 5: 2, 6: 6000, 7: 2}
    book = load_xlsm(master)
    sheet = book[L.month_sheet(month)]
    for row, value in typed.items():
        sheet.cell(row, COL["累计完成"] + 1, value)
    filled = tmp_path / "filled.xlsm"
    book.save(filled)
    native = load_workbook(recalculate(filled, tmp_path / "lo"), data_only=True)[L.month_sheet(month)]
    computed = {i.id: i for i in progress.compute(read_master(filled), month).indicators}
    seen = {}
    for row in typed:
        shown = {h: native.cell(row, c + 1).value for h, c in COL.items()}
        python = computed[str(shown["项目编号"])]
        assert shown["状态"] == python.light, shown
        rate = shown["完成率"]
        assert (rate in (None, "") and python.completion is None) or rate == pytest.approx(python.completion), shown
        timep = shown["时序进度"]
        assert (timep in (None, "") and python.time_progress is None) or timep == pytest.approx(python.time_progress)
        seen[python.id] = (python.kind, round(python.completion, 4), python.light)
    plan = month / 12
    assert seen == {
        "1": ("累计", 0.4, "严重滞后" if plan - 0.4 > 0.3 else "滞后" if plan - 0.4 > 0.1 else "正常"),
        "2": ("达到", round(62 / 95, 4), "严重滞后" if plan - 62 / 95 > 0.3 else
              "滞后" if plan - 62 / 95 > 0.1 else "正常"),
        "3": ("以内", round(3 / 3.5, 4), "超出控制目标"),
        "4": ("清零", 0.0, "滞后"),
        "5": ("金额", 0.5, "严重滞后" if plan - 0.5 > 0.3 else "滞后" if plan - 0.5 > 0.1 else "正常"),
        "6": ("清零", 0.75, "滞后"),  # (基期值 8 − 2) / 8
    }


def test_money_is_summed_never_averaged_with_counts_and_a_blank_row_is_missing_not_zero():
    def ind(id_, kind, target, actual, plan):
        rate = None if actual is None else actual / target
        return progress.IndicatorProgress(id_, id_, id_, "县人社局", target, actual, rate, plan / target,
                                          None, "未报送" if actual is None else "正常", "正常", kind=kind, plan=plan)

    group = [ind("1", "累计", 100, 40, 50), ind("2", "金额", 1000, 900, 500), ind("3", "金额", 9000, 1000, 4500),
             ind("4", "累计", 100, None, 50)]
    got = progress.tally(group)
    assert got["completion"] == 0.4  # the count alone: the blank row 4 is 未报送, not a 0 in the mean
    assert got["missing"] == 1
    assert got["money"] == {"target": 10000, "actual": 1900, "plan": 5000, "completion": 0.19,
                            "time_progress": 0.5, "missing": 0}
    assert "money" not in progress.tally(group[:1])


def test_a_clear_row_holds_0_and_is_taken_as_0_by_the_catalogue_reader_and_into_next_year(tmp_path):
    from minsheng.jobs import new_year

    source = tmp_path / "目录2025.csv"
    with source.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["项目编号", "项目类别", "项目内容", "责任单位", "指标", "目标值", "计量单位", "目标类型", "基期值"])
        out.writerow(["1", "民生", "零就业家庭动态清零", "县人社局", "零就业家庭", 0, "户", "清零", 12])
        out.writerow(["2", "民生", "新增就业", "县人社局", "新增就业", 1200, "人", "", ""])
    master = build(catalogue.load(source, read_target=targets.read), tmp_path / "民生实事2025.xlsm")
    rows = {r["项目编号"]: (r["目标值"], r["目标类型"], r["基期值"]) for _, r in read_master(master)[L.PROJECTS_SHEET].records()}
    assert rows["1"] == (0, "清零", 12)
    done = new_year.new_year(master, tmp_path / "2026" / "民生实事2026.xlsm", keep=["all"])  # 项目表 read back
    assert {r["项目编号"]: (r["目标值"], r["目标类型"]) for _, r in read_master(done.out)[L.PROJECTS_SHEET].records()
            } == {"1": (0, "清零"), "2": (1200, "累计")}
    sheet = load_workbook(master)[L.PROJECTS_SHEET]  # Excel's own check of a typed 目标值 lets 清零's 0 through
    (rule,) = [v for v in sheet.data_validations.dataValidation if L.col("目标值", L.PROJECT_HEADERS) in str(v.sqref)]
    assert rule.type == "custom" and '="清零"' in rule.formula1
    with source.open("w", encoding="utf-8", newline="") as f:  # a 0 that is not 清零 is still refused
        csv.writer(f).writerows([["项目编号", "项目类别", "项目内容", "责任单位", "指标", "目标值", "计量单位"],
                                 ["1", "民生", "新增就业", "县人社局", "新增就业", 0, "人"]])
    with pytest.raises(catalogue.CatalogueError, match="目标值应大于 0"):
        catalogue.load(source, read_target=targets.read)
