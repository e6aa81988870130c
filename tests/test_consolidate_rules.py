"""汇总回收表 checks every returned row with the 校验 rules: errors keep a row out, warnings are reported."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from minsheng.cli import main
from minsheng.engines.file import apply_changes, read_master
from minsheng.model.book import CellChange

from clerk import fill, master_value, resort_and_blank_rows, split

ELDER = ("4-1", "适老化改造")   # 县民政局, target 2000 户
MEALS = ("4-2", "老年人食堂")   # 县民政局


@pytest.fixture
def files(master, tmp_path):
    february = read_master(master).month(2)
    row = february.by_key()[ELDER][0]
    apply_changes(master, [CellChange("2月", february.address(row, "累计完成"), None, 50)])  # last month: 50
    return split(master, 3, tmp_path / "回收")


def run_json(master, path, capsys):
    capsys.readouterr()
    code = main(["consolidate", str(master), str(path), "--month", "3", "--json"])
    return code, json.loads(capsys.readouterr().out)


def findings(out, severity):
    return [(f["code"], f["cell"], f["item"]) for f in out["row_findings"] if f["severity"] == severity]


def test_a_rule_error_keeps_the_row_out_and_the_others_merge(master, files, capsys):
    """累计完成 below last month's is readable, yet wrong: the rule (not the reader) stops it."""
    path = fill(files["县民政局"], {ELDER: {"累计完成": 40, "进展情况": "入户评估"}, MEALS: {"累计完成": 3}})
    code, out = run_json(master, path, capsys)
    assert code == 1
    assert findings(out, "error") == [("cumulative-decreased", "J2", "4-1")]
    error = next(f for f in out["row_findings"] if f["severity"] == "error")
    assert error["message"] == "3月!J2：累计完成 40 小于上月（2月）的 50，累计数不应减少"
    assert master_value(master, 3, ELDER, "累计完成") is None
    assert master_value(master, 3, ELDER, "进展情况") is None  # the whole row stays out
    assert master_value(master, 3, MEALS, "累计完成") == 3


def test_warnings_are_reported_and_the_row_merges(master, files, capsys):
    path = fill(files["县民政局"], {ELDER: {"累计完成": 90000, "进展情况": "入户评估", "填报人": "王五",
                                           "联系电话": "12345", "填报日期": "4月3日"}})
    code, out = run_json(master, path, capsys)
    assert code == 0 and findings(out, "error") == []
    assert ("far-above-target", "J2", "4-1") in findings(out, "warning")
    assert ("phone-format", "S2", "4-1") in findings(out, "warning")
    assert master_value(master, 3, ELDER, "累计完成") == 90000


def test_findings_name_the_cell_the_clerk_sees_after_rows_were_inserted(master, files, capsys):
    path = fill(files["县民政局"], {ELDER: {"累计完成": -5, "进展情况": "入户评估"}})
    resort_and_blank_rows(path)  # two rows above the header, data rows reversed with blanks between
    sheet = load_workbook(path)["3月"]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == ELDER[0]
               and sheet.cell(r, 6).value == ELDER[1])
    code, out = run_json(master, path, capsys)
    assert code == 1
    assert findings(out, "error") == [("negative-number", f"J{row}", "4-1"), ("cumulative-decreased", f"J{row}", "4-1")]
    error = next(f for f in out["row_findings"] if f["severity"] == "error")
    assert error["message"].startswith(f"3月!J{row}：") and error["unit"] == "县民政局"


def test_an_excel_error_value_in_a_return_is_an_error_not_a_blank(master, files, capsys):
    """calamine reads #REF! as an empty cell; the reader puts it back, so the row is refused with
    the parser's excel-error rather than taken as not filled in."""
    path = fill(files["县民政局"], {ELDER: {"累计完成": "#REF!", "进展情况": "入户评估"}, MEALS: {"累计完成": 3}})
    assert load_workbook(path)["3月"]["J2"].data_type == "e"
    code, out = run_json(master, path, capsys)
    assert code == 1
    assert findings(out, "error") == [("excel-error", "J2", "4-1")]
    assert master_value(master, 3, ELDER, "进展情况") is None and master_value(master, 3, MEALS, "累计完成") == 3
