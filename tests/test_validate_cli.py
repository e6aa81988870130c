"""minsheng validate: exit codes, JSON, text, on the master and on a unit's return."""

from __future__ import annotations

import json

from openpyxl import Workbook

from minsheng.engines.file import read_master
from minsheng.check.validate import validate_book

from monthfill import good_rows, type_into
from test_cli import run

JOBS = ("1-1", "城镇新增就业")


def test_clean_month_exits_0(master):
    type_into(master, 3, good_rows(master, 3))
    done = run("validate", master, "--month", 3, "--no-write")
    assert done.returncode == 0, done.stderr
    assert "校验 31 行，未发现问题" in done.stdout


def test_findings_exit_1_and_the_json_is_the_report(master):
    type_into(master, 3, {**good_rows(master, 3), JOBS: {**good_rows(master, 3)[JOBS], "累计完成": "一千多"}})
    done = run("validate", master, "--month", 3, "--json", "--no-write")
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout)
    assert data == validate_book(read_master(master), 3, source=master.name).to_dict()
    assert data["file"] == master.name and data["month"] == 3 and data["valid"] is False
    assert data["counts"]["errors"] == 1 and data["counts"]["by_code"] == {"ambiguous-number": 1}
    assert list(data["findings"][0]) == ["code", "severity", "sheet", "cell", "item", "indicator", "unit",
                                         "file", "message", "hint"]
    text = run("validate", master, "--month", 3, "--no-write")
    assert text.returncode == 1
    assert "[错误] 3月!J2：累计完成填写的“一千多”无法读取" in text.stdout and "→ " in text.stdout


def test_unreadable_and_missing_files_exit_2(tmp_path):
    bad = tmp_path / "人社局.xlsx"
    bad.write_bytes(b"not a workbook at all")
    done = run("validate", bad, "--month", 3)
    assert done.returncode == 2 and "人社局.xlsx" in done.stderr and "Traceback" not in done.stderr
    assert run("validate", tmp_path / "无此文件.xlsx", "--month", 3).returncode == 2
    assert run("validate", bad, "--month", 13).returncode == 2


def _return_file(master, path, month=3):
    """A unit's return as a plain .xlsx: the month's headers and two rows, re-sorted."""
    sheet = read_master(master).month(month)
    book = Workbook()
    out = book.active
    out.title = sheet.name
    for row in [sheet.rows[0], sheet.rows[3], sheet.rows[1]]:
        out.append(row)
    book.save(path)
    return path


def test_a_return_takes_its_month_from_the_sheet_name_and_never_gets_written(master, tmp_path):
    rows = good_rows(master, 3)
    type_into(master, 2, good_rows(master, 2))
    type_into(master, 3, {**rows, JOBS: {**rows[JOBS], "累计完成": 300}})  # below February's 500
    path = _return_file(master, tmp_path / "人社局.xlsx")
    before = path.read_bytes()
    alone = json.loads(run("validate", path, "--json").stdout)
    assert alone["month"] == 3 and alone["file"] == "人社局.xlsx"
    assert [(f["cell"], f["code"]) for f in alone["findings"]] == []  # no plan, no last month: nothing to compare
    against = run("validate", path, "--json", "--master", master)
    assert against.returncode == 1
    found = [(f["cell"], f["code"]) for f in json.loads(against.stdout)["findings"]]
    assert found == [("J3", "cumulative-decreased"), ("P3", "behind-plan-unexplained"),
                     ("Q3", "behind-plan-text-unchanged")]
    assert path.read_bytes() == before


def test_a_return_with_several_months_needs_month(master, tmp_path):
    book = Workbook()
    book.active.title = "3月"
    book.create_sheet("4月")
    book.save(tmp_path / "两个月.xlsx")
    done = run("validate", tmp_path / "两个月.xlsx")
    assert done.returncode == 2 and "--month" in done.stderr


def test_the_demo_validates_its_month_and_shows_the_findings(tmp_path):
    out = tmp_path / "demo"
    done = run("demo", "--out", out, "--month", 3)
    assert done.returncode == 0, done.stderr
    shown = done.stdout.split("== 校验 3 月 ==")[1]
    master = out / "民生实事2024.xlsm"
    report = validate_book(read_master(master), 3, source=master.name)
    assert report.findings and all(f.message in shown for f in report.findings)
    assert "minsheng validate 文件 --master" in shown and "无法读取" in shown  # a unit's return with an error
    again = run("validate", master, "--month", 3)
    assert again.returncode == 1 and "未改动" in again.stdout  # the demo left the 校验结果 sheet up to date
