"""催报 chases a ceiling exceeded (以内, 超出控制目标) as it chases a lagging row (issue 17, part D):
the unit gets the lagging unit's text, naming the row with its limit and its figure."""

from __future__ import annotations

import csv
from datetime import date

from openpyxl import load_workbook

from minsheng.builder import targets
from minsheng.builder.master import build
from minsheng.engines.file import read_master
from minsheng.mail import reminders
from minsheng.model import catalogue, contacts
from minsheng.model import layout as L
from minsheng.status import progress

COL = {h: i + 1 for i, h in enumerate(L.MONTH_HEADERS)}
ROWS = [  # 项目编号, 指标, 目标值 as a notice says it, 计量单位, 责任单位, typed in March
    ("1", "新增就业", "不少于3000", "人", "县人力资源社会保障局", 100),
    ("2", "城镇登记失业率", "控制在3%以内", "", "县人力资源社会保障局", 0.035),
    ("3", "特困人员占比", "控制在5%以内", "", "县民政局", 0.06),
    ("4", "新增养老床位", "不少于100", "张", "县民政局", 10),
]


def _march(tmp_path):
    source = tmp_path / "目录2025.csv"
    with source.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["项目编号", "项目类别", "项目内容", "责任单位", "指标", "目标值", "计量单位"])
        for item, name, raw, measure, unit, _ in ROWS:
            out.writerow([item, "民生", f"{name}工作", unit, name, raw, measure])
    master = build(catalogue.load(source, read_target=targets.read), tmp_path / "民生实事2025.xlsm")
    book = load_workbook(master, keep_vba=True)
    sheet = book[L.month_sheet(3)]
    for r in range(2, sheet.max_row + 1):  # the clerk types the figures a unit reported
        typed = {row[0]: row[5] for row in ROWS}.get(str(sheet.cell(r, COL["项目编号"]).value))
        if typed is not None:
            sheet.cell(r, COL["累计完成"], typed)
    book.save(master)
    book = read_master(master)
    return book, reminders.plan(progress.compute(book, 3), contacts.load(book), year=2025, due_day=5)


def test_a_ceiling_exceeded_is_chased_with_its_limit_and_figure(tmp_path):
    book, plan = _march(tmp_path)
    chased = {r.unit: r for r in plan.send + plan.no_address}
    assert {u: sorted((i.id, i.status) for i in r.behind) for u, r in chased.items()} == {
        "县人力资源社会保障局": [("1", "滞后"), ("2", "超出控制目标")],
        "县民政局": [("3", "超出控制目标"), ("4", "滞后")]}
    rsj, mzj = chased["县人力资源社会保障局"], chased["县民政局"]
    assert (rsj.reason, mzj.reason) == ("滞后1项、超出控制目标1项", "滞后1项、超出控制目标1项")
    text = reminders.body(mzj, None, date(2025, 4, 3))
    assert "3 特困人员占比工作——特困人员占比：控制在5%以内，现为6%（超出控制目标）" in text
    assert "一、进度滞后或超出控制目标（2项）" in text
    assert "贵单位本月报表已收到。以上指标进度滞后或超出控制目标" in text and "忽略" not in text
    assert "赶进、控制措施" in text


def test_a_unit_only_over_its_ceiling_is_asked_for_its_reasons_and_control_measures(tmp_path):
    book, plan = _march(tmp_path)
    mzj = next(r for r in plan.send + plan.no_address if r.unit == "县民政局")
    only_over = reminders.Reminder(mzj.unit, mzj.year, mzj.month, mzj.due, (),
                                   tuple(i for i in mzj.behind if i.status == "超出控制目标"), mzj.contact)
    assert only_over.reason == "超出控制目标1项" and only_over.fingerprint != mzj.fingerprint
    assert reminders.subject(only_over) == "【催报】2025年3月民生实事进展请说明超出控制目标原因（县民政局，4月5日前）"
    text = reminders.body(only_over, None, date(2025, 4, 3))
    assert "一、超出控制目标（1项）" in text and "以上指标超出控制目标，请在" in text and "写明原因、控制措施和完成时限" in text
