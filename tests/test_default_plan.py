"""Default plans from the catalogue's 完成时限 (issue 15): a deadline ends the linear plan at its
month; a small whole-number target (1 家, 2 座) is planned whole at its deadline; without a deadline
the plan rises linearly to December, as the 2024 master's does."""

from __future__ import annotations

import csv

import pytest

from minsheng.builder import targets
from minsheng.builder.master import build
from minsheng.engines.file import read_master
from minsheng.model import catalogue
from minsheng.model import layout as L
from minsheng.model.plan import Plan, deadline_month
from minsheng.status import progress
from xlsm_book import load_xlsm

ROWS = [  # 项目编号, 指标, 目标值, 计量单位, 完成时限
    ("1", "新增就业", "3000", "人", ""),
    ("2", "暑期托管", "1200", "人", "8月底前"),
    ("3", "老年食堂", "1", "家", "9月投入使用"),
    ("4", "形象进度", "形象进度", "%", "6月底前"),  # 公园改造
    ("5", "口袋公园", "12", "个", "三季度"),
]


@pytest.fixture
def master(tmp_path):
    source = tmp_path / "目录2025.csv"
    with source.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["项目编号", "项目类别", "项目内容", "责任单位", "指标", "目标值", "计量单位", "完成时限"])
        for item, name, target, measure, deadline in ROWS:
            out.writerow([item, "民生", name, "县民政局", name, "" if target == "形象进度" else target, measure, deadline])
    return build(catalogue.load(source, read_target=targets.read), tmp_path / "民生实事2025.xlsm")


def test_the_deadline_words_give_the_month():
    assert [deadline_month(t, 2025) for t in ("6月底前", "9月投入使用", "三季度", "上半年", "年底前", "十月",
                                              "3月启动，6月底前完成", "2026年6月", "", None, "长期")] == \
        [6, 9, 9, 6, 12, 10, 6, 12, None, None, None]


def test_the_plan_follows_the_deadline(master):
    plan = read_master(master)[L.PLAN_SHEET]
    rows = {key: record for key, (_, record) in plan.by_key().items()}

    def months(key):
        return [rows[key][f"{m}月"] for m in L.MONTHS]

    assert rows[("1", "新增就业")]["计划类型"] == "线性"
    assert months(("1", "新增就业")) == [250 * m for m in L.MONTHS]  # no deadline: to December
    assert months(("2", "暑期托管")) == [150 * min(m, 8) for m in L.MONTHS]
    assert rows[("3", "老年食堂")]["计划类型"] == "到期完成"
    assert months(("3", "老年食堂")) == [0] * 8 + [1] * 4  # no 0.33 of a canteen in April
    assert months(("4", "形象进度")) == pytest.approx([min(m, 6) / 6 for m in L.MONTHS], abs=1e-4)
    assert months(("5", "口袋公园")) == pytest.approx([12 * min(m, 9) / 9 for m in L.MONTHS], abs=1e-4)
    assert Plan.of(read_master(master)).get(("3", "老年食堂"), 9).value == 1


def test_a_canteen_due_in_september_is_on_time_in_april(master, tmp_path):
    book = load_xlsm(master)
    sheet = book[L.month_sheet(4)]
    col = {c.value: c.column for c in sheet[1]}
    for r in range(2, sheet.max_row + 1):
        if sheet.cell(r, col["项目编号"]).value in ("2", "3"):
            sheet.cell(r, col["累计完成"], 0)
    book.save(master)
    found = {i.id: i for i in progress.compute(read_master(master), 4).indicators}
    assert (found["3"].time_progress, found["3"].light) == (0, "正常")
    assert found["2"].time_progress == pytest.approx(0.5) and found["2"].light == "严重滞后"
