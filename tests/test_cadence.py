"""报送周期 (issue 15): a county that reports each quarter sets 配置 报送周期 = 季. Fill-in files and
status are made at quarter ends; each file is prefilled from the row's last report, whatever month
that was; 连续滞后升红 counts quarters. End to end through split → consolidate → status."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest
from openpyxl import load_workbook

from minsheng.builder.master import build
from minsheng.cli import main
from minsheng.model import cadence, catalogue
from minsheng.model import layout as L

from clerk import fill, master_value, split
from xlsm_book import load_xlsm

JOBS = ("1", "新增就业")      # 1200 人, 县人社局: planned 300 by March, 600 by June
HOMES = ("2", "改造老旧小区")  # 12 个, 县住建局: never reported
TEXT = {"进展情况": "招聘会三场", "存在问题": "企业用工需求不足", "下步措施": "加大岗位开发",
        "填报人": "张敏", "联系电话": "0537-8221234"}


@pytest.fixture
def master(tmp_path):
    source = tmp_path / "目录2025.csv"
    with source.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["项目编号", "项目类别", "项目内容", "责任单位", "指标", "目标值", "计量单位"])
        out.writerow([*JOBS[:1], "就业", "新增就业", "县人社局", JOBS[1], 1200, "人"])
        out.writerow([*HOMES[:1], "住房", "改造老旧小区", "县住建局", HOMES[1], 12, "个"])
    return build(catalogue.load(source), tmp_path / "民生实事2025.xlsm")


def set_cadence(master, value: str) -> None:
    """The clerk types the cadence into 配置, as any setting."""
    book = load_xlsm(master)
    sheet = book[L.CONFIG_SHEET]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "报送周期")
    sheet.cell(row, 2).value = value
    book.save(master)


def report(master, month: int, tmp_path, values: dict) -> dict:
    """Split the month, fill the 人社局 file, consolidate it: the files as sent, by unit."""
    files = split(master, month, tmp_path / f"下发{month}")
    fill(files["县人力资源社会保障局"], values)
    assert main(["consolidate", str(master), str(files["县人力资源社会保障局"]), "--month", str(month)]) in (0, 1)
    return files


def sent(path, key, header):
    sheet = load_workbook(path).worksheets[0]
    headers = {c.value: c.column for c in sheet[1]}
    for r in range(2, sheet.max_row + 1):
        if (str(sheet.cell(r, headers["项目编号"]).value), sheet.cell(r, headers["指标"]).value) == key:
            return sheet.cell(r, headers[header]).value
    raise KeyError(key)


def status(master, month: int, capsys) -> dict:
    capsys.readouterr()
    main(["status", str(master), "--month", str(month), "--json"])
    return json.loads(capsys.readouterr().out)


def test_the_cadence_rule():
    assert cadence.report_months("季") == (3, 6, 9, 12) and cadence.report_months("月") == tuple(range(1, 13))
    assert cadence.previous(6, "季") == 3 and cadence.previous(3, "季") is None and cadence.previous(6, "月") == 5
    assert cadence.periods_to(7, "季") == [3, 6]
    assert [cadence.read(t) for t in ("季度", "按季", " 月 ", "半年", "")] == ["季", "季", "月", None, None]
    assert cadence.period_name(9, "季") == "三季度" and cadence.period_name(9, "月") == "9月"


def test_a_quarterly_county_end_to_end(master, tmp_path, capsys):
    set_cadence(master, "季度")
    capsys.readouterr()
    assert main(["split", str(master), "--month", "2", "--out", str(tmp_path / "下发2")]) == 2
    said = capsys.readouterr().err
    assert "按季报送" in said and "2月不是报送月份" in said and "3、6、9、12" in said
    assert not (tmp_path / "下发2").exists()

    report(master, 3, tmp_path, {JOBS: {"累计完成": 150, **TEXT, "填报日期": dt.datetime(2025, 4, 2)}})
    assert master_value(master, 3, JOBS, "累计完成") == 150

    june = split(master, 6, tmp_path / "下发6")  # prefilled from March, two months back
    assert sent(june["县人力资源社会保障局"], JOBS, "累计完成") == 150
    assert sent(june["县人力资源社会保障局"], JOBS, "进展情况") == TEXT["进展情况"]
    assert sent(june["县住房和城乡建设局"], HOMES, "累计完成") is None

    fill(june["县人力资源社会保障局"], {JOBS: {"累计完成": 420, "进展情况": "招聘会五场", "存在问题": "岗位少",
                                               "下步措施": "再办两场", "填报日期": dt.datetime(2025, 7, 3)}})
    assert main(["consolidate", str(master), str(june["县人力资源社会保障局"]), "--month", "6"]) in (0, 1)
    found = status(master, 6, capsys)
    jobs = next(i for i in found["indicators"] if i["id"] == "1")
    homes = next(i for i in found["indicators"] if i["id"] == "2")
    # 150/1200 = 12.5 % against 25 %, then 35 % against 50 %: two quarters 滞后 in a row become 严重滞后
    assert (jobs["lights"], jobs["history"], jobs["status"]) == (["滞后", "滞后"], ["滞后", "严重滞后"], "严重滞后")
    assert homes["history"] == ["未报送", "未报送"]
    assert [h["month"] for h in found["county"]["history"]] == [3, 6]


def test_the_same_reports_monthly_are_not_two_periods_in_a_row(master, tmp_path, capsys):
    """Under 月 the months between are 未报送, which breaks the run: 滞后, not 严重滞后."""
    report(master, 3, tmp_path, {JOBS: {"累计完成": 150, **TEXT, "填报日期": dt.datetime(2025, 4, 2)}})
    june = split(master, 6, tmp_path / "下发6")
    assert sent(june["县人力资源社会保障局"], JOBS, "累计完成") == 150  # the last report, April and May missed
    fill(june["县人力资源社会保障局"], {JOBS: {"累计完成": 420, "进展情况": "招聘会五场", "存在问题": "岗位少",
                                               "下步措施": "再办两场", "填报日期": dt.datetime(2025, 7, 3)}})
    main(["consolidate", str(master), str(june["县人力资源社会保障局"]), "--month", "6"])
    jobs = next(i for i in status(master, 6, capsys)["indicators"] if i["id"] == "1")
    assert jobs["history"] == ["未报送", "未报送", "滞后", "未报送", "未报送", "滞后"]
    assert jobs["status"] == "滞后"


def test_an_unread_cadence_keeps_monthly(master, tmp_path, capsys):
    set_cadence(master, "半年")
    assert main(["split", str(master), "--month", "2", "--out", str(tmp_path / "下发2")]) == 0


def test_the_bulletin_counts_quarters(master, tmp_path):
    from minsheng.engines.file import read_master
    from minsheng.model import settings as settings_mod
    from minsheng.paper import bulletin
    from minsheng.status.progress import compute

    set_cadence(master, "季")
    report(master, 3, tmp_path, {JOBS: {"累计完成": 150, **TEXT, "填报日期": dt.datetime(2025, 4, 2)}})
    book = read_master(master)
    text = bulletin.bulletin(compute(book, 3), book, settings_mod.load(book), dt.date(2025, 4, 8)).text()
    assert "连续2个季度滞后的，按严重滞后督办" in text and "连续两个季度未报送的" in text
    lines = text.splitlines()
    assert lines[1] == "2025年第1期" and "关于2025年一季度民生实事推进情况的通报" in lines
    assert "    本季度暂无完成全年目标的指标。" in lines and "责任单位在下季度报送中说明赶进措施" in text


def test_validate_and_the_ribbon_refuse_a_month_between_quarters(master, remote, capsys):
    from excel_payload import alerts

    from minsheng import xl

    set_cadence(master, "季")
    capsys.readouterr()
    assert main(["validate", str(master), "--month", "5", "--no-write"]) == 2
    said = capsys.readouterr().err
    assert "5月不是报送月份：请改用 3、6、9、12 月（如 --month 3）" in said
    assert main(["validate", str(master), "--month", "6", "--no-write"]) in (0, 1)
    for button in (xl.status, xl.validate, xl.split):
        book = remote(master, active=L.month_sheet(5))
        button()
        assert alerts(book) == ["本台账按季报送（配置 报送周期 = 季），5月不是报送月份：请改用 3、6、9、12 月（打开“3月”表再点按钮）"]
    book = remote(master, active=L.month_sheet(6))
    xl.status()
    assert "6 月滞后预警" in alerts(book)[0]


def test_the_dashboard_lights_quarters_in_their_months_with_a_legend_that_says_so(master, tmp_path, capsys):
    from minsheng.engines.file import read_master

    set_cadence(master, "季")
    report(master, 3, tmp_path, {JOBS: {"累计完成": 150, **TEXT, "填报日期": dt.datetime(2025, 4, 2)}})
    assert main(["status", str(master), "--month", "3"]) in (0, 1)
    rows = [[v for v in row] for row in read_master(master)[L.DASHBOARD_SHEET].rows]
    top = next(n for n, row in enumerate(rows) if str(row[0] or "").startswith("指标明细"))
    assert rows[top][0].endswith("  季度灯在3、6、9、12月：完＝已完成，超＝超出控制目标，余为状态首字")
    months = {h: c for c, h in enumerate(rows[top + 1]) if h in [f"{m}月" for m in L.MONTHS]}
    jobs = next(row for row in rows[top + 2:] if str(row[0]) == JOBS[0])
    assert [jobs[months[f"{m}月"]] for m in L.MONTHS] == [None, None, "滞", *[None] * 9]
