"""The demo's returns: a row behind plan says so under 进展情况 (what is done, below the plan of the
month), so no row the master lights 滞后 or 严重滞后 reads “按计划推进”; a row on plan still does."""

from __future__ import annotations

from minsheng.demo.explanations import progress
from minsheng.demo.story import split_and_consolidate
from minsheng.engines.file import read_master
from minsheng.model import layout as L
from minsheng.model import settings as settings_mod
from minsheng.status.progress import compute


def test_the_text_follows_the_figures():
    assert progress(3, 200, 375, "人", False) == "3月累计完成200人，低于计划（375人），正在加快推进。"
    assert progress(3, 0.08, 0.25, "%", True) == "3月形象进度达到8%，低于计划（25%），正在加快推进。"
    assert progress(3, 375, 375, "人", False) == progress(3, 0.3, 0.25, "%", True) == "3月按计划推进，已完成阶段性任务。"
    assert progress(6, 1, None, "个", False) == "6月按计划推进，已完成阶段性任务。"  # no plan typed: nothing to compare


def test_lagging_rows_of_the_demo_report_progress_below_plan(master, tmp_path, capsys):
    split_and_consolidate(master, 3, tmp_path, 2024)
    capsys.readouterr()
    book = read_master(master)
    found = compute(book, 3, settings_mod.load(book))
    said = {(str(r["项目编号"]), str(r["指标"])): str(r.get("进展情况") or "") for _, r in book[L.month_sheet(3)].records()}
    behind = [(i.id, i.indicator) for i in found.indicators if i.status in ("滞后", "严重滞后")]
    on_plan = [(i.id, i.indicator) for i in found.indicators if i.status in ("正常", "已完成")]
    assert behind and on_plan
    assert all(said[k].startswith("3月") and "低于计划" in said[k] for k in behind), {k: said[k] for k in behind}
    assert not any("按计划推进" in said[k] for k in behind)
    assert any(said[k] == "3月按计划推进，已完成阶段性任务。" for k in on_plan)
