"""调整计划的项目 (issue 15): a plan a unit set at 年初建账 and changed later is listed in the next
bulletin with item, indicator, unit and old → new; a plan set once, or changed before the period, is not."""

from __future__ import annotations

from datetime import date, datetime

from minsheng import cli
from minsheng.engines.file import FileEngine, read_master
from minsheng.jobs import plan_merge as job
from minsheng.model import layout as L
from minsheng.model import settings as settings_mod
from minsheng.paper import bulletin
from minsheng.status.progress import compute

from test_plan_roundtrip import JOBS, RSJ, edit, form, months

DAY = date(2024, 4, 8)


def text(master, month: int = 3, day: date = DAY) -> str:
    book = read_master(master)
    return bulletin.bulletin(compute(book, month), book, settings_mod.load(book), day).text()


def test_a_later_adjustment_is_listed_in_the_next_bulletin(master, tmp_path):
    assert cli.main(["split", str(master), "--plan", "--out", str(tmp_path / "下发")]) == cli.OK
    sent = form(tmp_path / "下发", RSJ)
    first = edit(sent, tmp_path / "一" / "人社局.xlsx", {JOBS: months([300 * min(m, 10) for m in L.MONTHS])})
    assert cli.main(["consolidate", str(master), str(first), "--plan"]) == cli.OK  # 年初建账: set, not adjusted
    assert "调整计划" not in text(master)
    later = edit(sent, tmp_path / "二" / "人社局.xlsx", {JOBS: months([200 * m if m < 4 else 250 * m for m in L.MONTHS])})
    done = job.plan_merge(FileEngine(master), [later], now=datetime(2024, 3, 20, 9, 30))
    assert done.written and done.result.adjusted == [JOBS]
    shown = text(master)
    assert "六、调整计划的项目\n" in shown and "七、下步督办建议" in shown
    assert "    本期有1个指标调整了已确定的逐月计划" in shown
    assert ("表4  调整计划的指标\n编号 | 指标 | 责任单位 | 调整内容 | 调整日期\n"
            "1-1 | 城镇新增就业 | 县人力资源社会保障局 | 1月 300 → 200；2月 600 → 400；3月 900 → 600；4月 1200 → 1000；"
            "5月 1500 → 1250；6月 1800 → 1500；7月 2100 → 1750；8月 2400 → 2000；9月 2700 → 2250；10月 3000 → 2500；"
            "11月 3000 → 2750 | 3月20日\n") in shown
    # the April bulletin, once March's was mailed (日志 通报发送), no longer lists it
    book = read_master(master)
    sent_row = ["2024-04-08 16:00:00", "通报发送", "通报.docx", "", "县政府督查室", "2024年3月通报：已发送至 dcs@weishan.example.cn"]
    FileEngine(master).apply([], [sent_row])
    assert "调整计划" not in text(master, 4, date(2024, 5, 8))
    assert "调整计划的项目" in text(master)  # March's own, reissued, still lists it
    assert book  # read before the log row: nothing else changed


def test_an_adjustment_before_the_month_is_not_news(master, tmp_path):
    assert cli.main(["split", str(master), "--plan", "--out", str(tmp_path / "下发")]) == cli.OK
    sent = form(tmp_path / "下发", RSJ)
    for n, (values, when) in enumerate(((500, datetime(2024, 1, 10)), (400, datetime(2024, 2, 20))), start=1):
        path = edit(sent, tmp_path / str(n) / "人社局.xlsx", {JOBS: months([min(values * m, 3000) for m in L.MONTHS])})
        job.plan_merge(FileEngine(master), [path], now=when)
    assert "调整计划" not in text(master)  # February's change was February's news
    assert "调整计划的项目" in text(master, 2, date(2024, 3, 8))
