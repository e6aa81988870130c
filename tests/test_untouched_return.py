"""An untouched return is not a report (issue 15): a file sent back with its input cells as they went
out (last month's figures and texts, prefilled) is recorded as 原样退回 in 报送记录, nothing of it is
merged, and 催报 chases the unit as one that has not reported."""

from __future__ import annotations

import json
from datetime import date

from minsheng import cli
from minsheng.commands import remind as command
from minsheng.engines.file import apply_changes, read_master
from minsheng.model import layout as L
from minsheng.model.book import CellChange

from clerk import copy_as, fill, master_value, roster, split

ELDER = ("4-1", "适老化改造")   # 县民政局
MEALS = ("4-2", "老年人食堂")   # 县民政局
BLIND = ("1-2", "形象进度")     # 县残联


def last_month(master):
    """February as 县民政局 reported it: what March's files are prefilled with."""
    february = read_master(master).month(2)
    changes = []
    for key, values in {ELDER: {"累计完成": 50, "进展情况": "入户评估 50 户"},
                        MEALS: {"累计完成": 2, "进展情况": "两处食堂开业"}}.items():
        row = february.by_key()[key][0]
        changes += [CellChange("2月", february.address(row, h), None, v) for h, v in values.items()]
    apply_changes(master, changes)


def consolidate(master, *paths, capsys):
    capsys.readouterr()
    code = cli.main(["consolidate", str(master), *map(str, paths), "--month", "3", "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_a_return_sent_back_as_it_went_out_is_untouched_and_chased(master, tmp_path, capsys):
    last_month(master)
    files = split(master, 3, tmp_path / "下发")
    untouched = copy_as(files["县民政局"], "民政局回复.xlsx", mtime_shift=60)  # opened, saved, sent back
    blind = fill(files["县残联"], {BLIND: {"形象进度": 0.3, "进展情况": "开班培训 20 人", "填报日期": "4月2日"}})
    code, out = consolidate(master, untouched, blind, capsys=capsys)
    assert out["rejected"] == []
    assert [(f["code"], f["unit"]) for f in out["untouched"]] == [("returned-untouched", "县民政局")]
    assert "与下发时一样" in out["untouched"][0]["message"]
    assert "县民政局" in out["missing_units"] and "县残联" not in out["missing_units"]
    status = roster(master, 3)
    assert status["县民政局"] == "原样退回" and status["县残联"] == "已报送"
    record = next(r for _, r in read_master(master)[L.REPORTS_SHEET].records()
                  if int(r["月份"]) == 3 and r["单位"] == "县民政局")
    assert record["文件"] == "民政局回复.xlsx"
    assert master_value(master, 3, ELDER, "累计完成") is None  # February's 50 is not March's figure
    assert master_value(master, 3, BLIND, "进展情况") == "开班培训 20 人"

    capsys.readouterr()
    args = cli.make_parser().parse_args(["remind", str(master), "--month", "3", "--dry-run",
                                         "--eml-dir", str(tmp_path / "草稿")])
    args.date = date(2024, 4, 8)
    command.run(args)
    shown = capsys.readouterr().out
    assert "县民政局（未报送6项）" in shown

    # the same unit then types March's figure: a report, and 原样退回 moves on to 已报送
    fill(files["县民政局"], {ELDER: {"累计完成": 60}}, out=tmp_path / "民政局更正.xlsx")
    code, out = consolidate(master, tmp_path / "民政局更正.xlsx", capsys=capsys)
    assert out["rejected"] == out["untouched"] == []
    assert roster(master, 3)["县民政局"] == "已报送"
    assert master_value(master, 3, ELDER, "累计完成") == 60


def test_one_cell_changed_is_a_report(master, tmp_path, capsys):
    last_month(master)
    files = split(master, 3, tmp_path / "下发")
    path = fill(files["县民政局"], {MEALS: {"进展情况": "两处食堂开业，第三处装修中"}})
    code, out = consolidate(master, path, capsys=capsys)
    assert out["rejected"] == out["untouched"] == []
    assert roster(master, 3)["县民政局"] == "已报送"
    assert master_value(master, 3, MEALS, "进展情况") == "两处食堂开业，第三处装修中"
    assert master_value(master, 3, ELDER, "累计完成") == 50  # carried as prefilled: the unit left it so


def test_an_untouched_return_after_a_report_changes_nothing(master, tmp_path, capsys):
    last_month(master)
    files = split(master, 3, tmp_path / "下发")
    sent = copy_as(files["县民政局"], "原件.xlsx")
    fill(files["县民政局"], {ELDER: {"累计完成": 60}}, out=tmp_path / "已填.xlsx")
    copy_as(tmp_path / "已填.xlsx", "已填2.xlsx", mtime_shift=120)
    consolidate(master, tmp_path / "已填.xlsx", capsys=capsys)
    assert roster(master, 3)["县民政局"] == "已报送"
    consolidate(master, sent, capsys=capsys)  # the untouched file turns up later: the report stands
    assert roster(master, 3)["县民政局"] == "已报送"
    assert master_value(master, 3, ELDER, "累计完成") == 60
