"""汇总回收表: returns made by split, filled and altered the way a clerk would, merged into the master."""

from __future__ import annotations

import json
import shutil
import time
import zipfile

import pytest
from openpyxl import load_workbook

from minsheng.model import layout as L
from minsheng.cli import main
from minsheng.roundtrip.consolidate import plan_consolidation
from minsheng.engines.disk import sha256
from minsheng.engines.file import read_master
from minsheng.engines.libreoffice import recalculate

from clerk import fill, master_value, move_and_hide_columns, resort_and_blank_rows, roster, split
from conftest import zip_read
from xlsm_book import load_xlsm

JOBS = ("1-1", "城镇新增就业")
EDU = ("2-1", "普通高中新增招生")
ELDER = ("4-1", "适老化改造")  # 县民政局: 4-1..4-3 by number, 5-3..5-5 by 形象进度


def consolidate(master, *paths, month=3, extra=()):
    return main(["consolidate", str(master), *map(str, paths), "--month", str(month), *extra])


def run_json(master, *paths, capsys, month=3):
    capsys.readouterr()
    code = consolidate(master, *paths, month=month, extra=("--json",))
    return code, json.loads(capsys.readouterr().out)


@pytest.fixture
def files(master, tmp_path):
    return split(master, 3, tmp_path / "回收")


def test_filled_returns_are_merged_logged_and_recorded(master, files, capsys):
    fill(files["县人力资源社会保障局"], {JOBS: {"累计完成": "1.2万", "进展情况": "新增就业 1.2 万人", "填报日期": "4月3日"}})
    fill(files["县教育和体育局"], {EDU: {"累计完成": 300, "存在问题": "无"}})
    code, out = run_json(master, files["县人力资源社会保障局"], files["县教育和体育局"], capsys=capsys)
    assert code == 0, out
    assert master_value(master, 3, JOBS, "累计完成") == 12000
    assert master_value(master, 3, JOBS, "进展情况") == "新增就业 1.2 万人"
    assert str(master_value(master, 3, JOBS, "填报日期"))[:10] == "2024-04-03"
    assert master_value(master, 3, EDU, "存在问题") == "无"
    assert sorted((a["unit"], a["changed_cells"]) for a in out["accepted"]) == [
        ("县人力资源社会保障局", 3), ("县教育和体育局", 2)]
    status = roster(master, 3)
    assert status["县人力资源社会保障局"] == status["县教育和体育局"] == "已报送"
    assert status["县民政局"] == "未报送" and "县民政局" in out["missing_units"]
    assert len(out["missing_units"]) == len(status) - 2
    assert roster(master, 4) == {}  # other months untouched: 报送记录 holds no April row
    log = [r for _, r in read_master(master)[L.LOG_SHEET].records()]
    jobs = next(r for r in log if r["单位"] == "县人力资源社会保障局")
    assert "→ 12000（填写为“1.2万”" in jobs["内容"] and len(jobs["sha256"]) == 64


def test_second_run_changes_nothing(master, files, capsys):
    fill(files["县民政局"], {ELDER: {"累计完成": 1}})
    assert consolidate(master, files["县民政局"].parent) == 0
    before = master.read_bytes()
    code, out = run_json(master, files["县民政局"].parent, capsys=capsys)
    assert master.read_bytes() == before
    assert out["changed_cells"] == 0 and out["backup"] is None


def test_rows_found_by_key_and_columns_by_header(master, files):
    path = files["县民政局"]
    ws = load_workbook(path)["3月"]
    rows = [(ws.cell(r, 1).value, ws.cell(r, 6).value, ws.cell(r, 7).value) for r in range(2, ws.max_row + 1)]
    values = {(i, n): {("形象进度" if target is None else "累计完成"): (k + 1) / 10 if target is None else k + 1,
                       "进展情况": f"第{k + 1}项"} for k, (i, n, target) in enumerate(rows)}
    fill(path, values)
    resort_and_blank_rows(path)
    move_and_hide_columns(path)
    assert consolidate(master, path) == 0
    for key, cells in values.items():
        for header, value in cells.items():
            assert master_value(master, 3, key, header) == value, (key, header)
    assert {k[0][0] for k in values} == {"4", "5"}  # numbers and 形象进度 both


def test_text_that_looks_like_a_formula_stays_text(master, files):
    fill(files["县人力资源社会保障局"], {JOBS: {"累计完成": 900, "进展情况": "=SUM(A1:A9)", "存在问题": "+5 个岗位待落实",
                                             "下步措施": "-继续推进", "填报人": "@张三"}},
         text=("进展情况",))
    assert consolidate(master, files["县人力资源社会保障局"]) == 0
    book = load_xlsm(master)
    row = read_master(master).month(3).by_key()[JOBS][0]
    cell = book["3月"][f"{L.col('进展情况')}{row}"]
    assert cell.value == "=SUM(A1:A9)" and cell.data_type == "s"
    assert master_value(master, 3, JOBS, "存在问题") == "+5 个岗位待落实"
    assert master_value(master, 3, JOBS, "下步措施") == "-继续推进"
    assert master_value(master, 3, JOBS, "填报人") == "@张三"


def test_only_own_rows_are_taken(master, files, capsys):
    path = files["县人力资源社会保障局"]
    ws_book = load_workbook(path)
    ws = ws_book["3月"]
    ws.append(["2-1", None, None, None, None, "普通高中新增招生", 565, "人", None, 999])
    ws_book.save(path)
    fill(path, {JOBS: {"累计完成": 800}})
    code, out = run_json(master, path, capsys=capsys)
    assert code == 0  # warnings only: the 校验 rules ask for the texts left blank, the row still merges
    assert sorted((f["code"], f["cell"], f["item"]) for f in out["row_findings"]) == [
        ("foreign-row", "A3", "2-1"), *(("required-field-missing", cell, "1-1") for cell in ("O2", "R2", "S2", "T2"))]
    assert master_value(master, 3, EDU, "累计完成") is None
    assert master_value(master, 3, JOBS, "累计完成") == 800


def test_rows_with_errors_are_not_merged_others_are(master, files, capsys):
    path = files["县民政局"]
    ws = load_workbook(path)["3月"]
    first, second = [(ws.cell(r, 1).value, ws.cell(r, 6).value) for r in (2, 3)]
    fill(path, {first: {"累计完成": "约500", "进展情况": "推进中"}, second: {"累计完成": 20}})
    code, out = run_json(master, path, capsys=capsys)
    assert code == 1
    errors = [(f["cell"], f["code"]) for f in out["row_findings"] if f["severity"] == "error"]
    assert errors == [("J2", "ambiguous-number")]
    assert {f["code"] for f in out["row_findings"] if f["severity"] == "warning"} == {"required-field-missing", "not-reported"}
    assert master_value(master, 3, first, "进展情况") is None
    assert master_value(master, 3, second, "累计完成") == 20
    assert roster(master, 3)["县民政局"] == "已报送"


def test_dry_run_writes_nothing(master, files):
    fill(files["县民政局"], {ELDER: {"累计完成": 1}})
    before = master.read_bytes()
    assert consolidate(master, files["县民政局"], extra=("--dry-run",)) == 0
    assert master.read_bytes() == before


def test_master_open_in_excel_changes_nothing(master, files, capsys):
    fill(files["县民政局"], {ELDER: {"累计完成": 1}})
    lock = master.with_name("~$" + master.name)
    lock.write_bytes(b"owner")
    before = master.read_bytes()
    assert consolidate(master, files["县民政局"]) == 2
    assert master.read_bytes() == before
    assert "正在被" in capsys.readouterr().err


def test_master_keeps_macros_ribbon_validation_formats_tables_protection(master, files):
    vba = zip_read(master, "xl/vbaProject.bin")
    fill(files["县民政局"], {ELDER: {"累计完成": 1}})
    assert consolidate(master, files["县民政局"]) == 0
    with zipfile.ZipFile(master) as z:
        assert z.read("xl/vbaProject.bin") == vba
        assert "customUI/customUI.xml" in z.namelist()
    book = load_xlsm(master)
    ws = book["3月"]
    assert ws.protection.sheet
    assert len(ws.data_validations.dataValidation) >= 4
    assert len(ws.conditional_formatting) >= 1
    assert list(ws.tables) == [L.table_name("3月")]
    assert list(book[L.REPORTS_SHEET].tables) == [L.table_name(L.REPORTS_SHEET)]
    assert ws[f"{L.col('完成率')}2"].value.startswith("=")


def test_plan_is_pure_and_says_what_changes(master, files):
    fill(files["县人力资源社会保障局"], {JOBS: {"累计完成": 900}})
    before = master.read_bytes()
    result = plan_consolidation(read_master(master), [files["县人力资源社会保障局"]], 3)
    assert master.read_bytes() == before
    row = read_master(master).month(3).by_key()[JOBS][0]
    assert [(c.sheet, c.cell, c.old, c.new) for c in result.changes if c.sheet == "3月"] == [
        ("3月", f"J{row}", None, 900)]
    assert set(result.to_dict()) >= {"month", "accepted", "rejected", "row_findings", "missing_units", "duplicates"}


def test_copies_of_the_master_give_their_changed_rows_to_the_responsible_units(master, tmp_path, capsys):
    folder = tmp_path / "副本"
    folder.mkdir()
    a, b = folder / "台账-人社局改.xlsm", folder / "台账-民政局改.xlsm"
    for path, jobs in ((a, 1000), (b, 1100)):
        shutil.copy2(master, path)
        fill(path, {JOBS: {"累计完成": jobs}}, sheet="3月")
    fill(b, {ELDER: {"累计完成": 30, "进展情况": "入户评估 30 户"}}, sheet="3月")
    code, out = run_json(master, folder, capsys=capsys)
    assert code == 0, out
    assert master_value(master, 3, ELDER, "累计完成") == 30
    assert master_value(master, 3, JOBS, "累计完成") is None  # the two copies disagree: not merged
    [clash] = out["duplicates"]
    assert (clash["code"], clash["item"], sorted(clash["files"])) == ("copies-disagree", "1-1", [a.name, b.name])
    assert {x["file"]: (x["kind"], x["unit"]) for x in out["accepted"]} == {
        a.name: ("master-copy", "（无改动）"), b.name: ("master-copy", "县民政局")}
    assert roster(master, 3)["县民政局"] == "已报送"


def test_a_units_own_return_wins_over_a_copy_of_the_master(master, files, tmp_path, capsys):
    copy = tmp_path / "台账副本.xlsm"
    shutil.copy2(master, copy)
    fill(copy, {ELDER: {"累计完成": 31}}, sheet="3月")
    fill(files["县民政局"], {ELDER: {"累计完成": 33}})
    code, out = run_json(master, copy, files["县民政局"], capsys=capsys)
    assert master_value(master, 3, ELDER, "累计完成") == 33
    assert [(d["code"], d["files"]) for d in out["duplicates"]] == [("overridden", [files["县民政局"].name, copy.name])]


@pytest.mark.libreoffice
def test_consolidated_master_opens_in_libreoffice_with_its_values(master, files, tmp_path):
    fill(files["县民政局"], {ELDER: {"累计完成": 75}})
    assert consolidate(master, files["县民政局"]) == 0
    out = recalculate(master, tmp_path / "lo")
    ws = load_workbook(out, data_only=True)["3月"]
    row = read_master(master).month(3).by_key()[ELDER][0]
    assert ws[f"{L.col('累计完成')}{row}"].value == 75
    assert ws[f"{L.col('完成率')}{row}"].value == pytest.approx(0.5)
    assert ws[f"{L.col('状态')}{row}"].value == "正常"


def test_demo_month_sends_fills_and_consolidates(master, tmp_path, capsys):
    from minsheng.demo.story import split_and_consolidate

    split_and_consolidate(master, 3, tmp_path, 2024)
    out = capsys.readouterr().out
    status = roster(master, 3)
    assert sorted(u for u, s in status.items() if s != "已报送") == sorted(
        ["县民政局", "县红十字会", "县应急局", "县消防救援大队"])
    assert status["县民政局"] == status["县消防救援大队"] == "已退回"
    assert status["县红十字会"] == status["县应急局"] == "未报送"  # a corrupt file names no unit: no guessing
    assert master_value(master, 3, JOBS, "累计完成") == 800  # typed as “800人”
    assert master_value(master, 3, EDU, "累计完成") is None  # “约500”: not merged
    assert "采用保存时间较晚的 2024年3月填报表_县残联.xlsx" in out
    health = next(r for _, r in read_master(master)[L.CONTACTS_SHEET].records() if r["单位"] == "县卫生健康局")
    assert (health["联系人"], health["电子邮箱"]) == ("李静", "wjj@weishan.gov.cn")  # its new contact person


def test_demo_month_keeps_the_story_clock_in_its_log_and_backups(built_master, tmp_path, capsys):
    """Two runs of the demo's month in two fresh folders, seconds apart: 日志 and the backups carry the same
    story times (March's returns consolidated on 8 April 2024), whatever today is; 日志 is the same, sha256
    of each return included, and the forms sent out are the same bytes (stamped the story's day)."""
    from minsheng.demo.story import split_and_consolidate

    runs = []
    for name in ("first", "second"):
        folder = tmp_path / name
        folder.mkdir()
        master = folder / built_master.name
        master.write_bytes(built_master.read_bytes())
        split_and_consolidate(master, 3, folder, 2024)
        log = [(str(r["时间"]), r["操作"], r["文件"], r["sha256"]) for _, r in read_master(master)[L.LOG_SHEET].records()]
        backups = sorted(p.name.replace(master.stem, "") for p in (folder / "备份").iterdir())
        sent = {p.name: sha256(p) for p in sorted((folder / "下发").iterdir())}
        runs.append((log, backups, sent))
        time.sleep(2.1)  # a zip entry's time has a 2-second step: today's time would differ on the second run
    capsys.readouterr()
    (log, backups, sent), again = runs
    assert log and {t[:10] for t, *_ in log} == {"2024-04-08"} and sent
    assert len([r for r in log if r[1] == "汇总回收表" and r[3]]) >= 10
    assert len(backups) == 1 and backups[0].startswith(".20240408-10")  # the morning of the 8th
    assert again == runs[0]
