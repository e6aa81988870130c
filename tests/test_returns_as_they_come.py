"""Returns as they really come back (issue 13): each given case is a kind; one bad file never takes
the run down, what a clerk typed reaches the master as typed, and the master still opens."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from openpyxl import load_workbook

from minsheng.cli import INTERNAL, main
from minsheng.engines.file import read_master
from minsheng.engines.libreoffice import convert
from minsheng.jobs import consolidate as job
from minsheng.model import layout as L
from minsheng.roundtrip import intake
from minsheng.xlsx import patch as xlsxpatch

from clerk import fill, master_value, split

JOBS = ("1-1", "城镇新增就业")
ELDER = ("4-1", "适老化改造")


@pytest.fixture
def files(master, tmp_path):
    return split(master, 3, tmp_path / "回收")


def run_json(master, *paths, capsys, month=3, command="consolidate"):
    capsys.readouterr()
    code = main([command, str(master), *map(str, paths), "--month", str(month), "--json"])
    return code, json.loads(capsys.readouterr().out)


def validate_json(path, capsys):
    capsys.readouterr()
    code = main(["validate", str(path), "--month", "3", "--json"])
    return code, json.loads(capsys.readouterr().out)


def opens_everywhere(master):
    load_workbook(master)  # an independent reader takes the master
    read_master(master)


# ---------------------------------------------------------------- (1) no single file takes the run down

def test_a_file_that_trips_a_bug_is_refused_by_name_and_the_others_merge(master, files, monkeypatch, capsys):
    good = fill(files["县人力资源社会保障局"], {JOBS: {"累计完成": 1500}})
    bad = fill(files["县民政局"], {ELDER: {"累计完成": 77}})
    real = intake.Context.read_sealed

    def read_sealed(self, ret, unit):  # a bug that only this file's content reaches
        if unit == "县民政局":
            raise KeyError("这是一个程序错误")
        return real(self, ret, unit)

    monkeypatch.setattr(intake.Context, "read_sealed", read_sealed)
    code, out = run_json(master, good, bad, capsys=capsys)
    assert code == 1
    assert [(r["file"], r["code"]) for r in out["rejected"]] == [(bad.name, "read-failed")]
    assert bad.name in out["rejected"][0]["message"] and "KeyError" in out["rejected"][0]["message"]
    assert master_value(master, 3, JOBS, "累计完成") == 1500
    assert master_value(master, 3, ELDER, "累计完成") != 77


def test_an_internal_error_exits_3_says_where_the_details_are_and_changes_nothing(master, files, monkeypatch,
                                                                                  capsys, tmp_path):
    good = fill(files["县人力资源社会保障局"], {JOBS: {"累计完成": 1500}})
    before = master.read_bytes()

    def broken(*args, **kwargs):
        raise ZeroDivisionError("bug")

    monkeypatch.setattr(job, "plan_consolidation", broken)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile
    monkeypatch.setattr(tempfile, "tempdir", None)
    capsys.readouterr()
    assert main(["consolidate", str(master), str(good), "--month", "3"]) == INTERNAL
    err = capsys.readouterr().err
    assert "程序内部错误" in err and "未做任何改动" in err and "Traceback" not in err
    written = [p for p in tmp_path.glob("minsheng-consolidate-*.txt")]
    assert len(written) == 1 and str(written[0]) in err
    assert "ZeroDivisionError" in written[0].read_text(encoding="utf-8")
    assert master.read_bytes() == before


# ---------------------------------------------------------------- (2) characters XML 1.0 cannot carry

TYPED = {  # as stored in the file → as the clerk sees it
    "第一行_x000B_第二行": "第一行\x0b第二行",          # Shift+Enter pasted from Word
    "铃_x0007_声\t制表": "铃\x07声\t制表",
    "_x005F_x0041_ 照打": "_x0041_ 照打",              # a clerk who typed an escape sequence
}


@pytest.mark.parametrize("stored,seen", TYPED.items())
def test_control_characters_reach_the_master_as_typed_and_a_second_run_changes_nothing(
        master, files, capsys, stored, seen):
    path = fill(files["县民政局"], {ELDER: {"进展情况": stored, "累计完成": 5}})
    code, out = run_json(master, path, capsys=capsys)
    assert (code, out["rejected"]) == (0, []), out
    assert master_value(master, 3, ELDER, "进展情况") == seen
    opens_everywhere(master)
    data = master.read_bytes()
    main(["consolidate", str(master), str(path), "--month", "3"])
    assert master.read_bytes() == data


def test_the_openpyxl_fallback_escapes_as_the_fast_path_does(master, files, capsys, monkeypatch):
    def unsupported(*args, **kwargs):
        raise xlsxpatch.Unsupported("this test writes with openpyxl")

    monkeypatch.setattr(xlsxpatch, "patch", unsupported)
    path = fill(files["县民政局"], {ELDER: {"进展情况": "第一行_x000B_第二行_x005F_x0041_", "累计完成": 5}})
    code, out = run_json(master, path, capsys=capsys)
    assert (code, out["rejected"]) == (0, []), out
    assert master_value(master, 3, ELDER, "进展情况") == "第一行\x0b第二行_x0041_"
    opens_everywhere(master)


@pytest.mark.libreoffice
@pytest.mark.parametrize("to", ["xls", "ods"])
def test_control_characters_in_returns_resaved_by_libreoffice(master, files, tmp_path, capsys, to):
    path = fill(files["县民政局"], {ELDER: {"进展情况": "第一行_x000B_第二行", "累计完成": 5}})
    converted = convert(path, to, tmp_path / "lo")
    from minsheng.roundtrip.returns import read_return
    carried = dict(read_return(converted, 3).records()[0][1])  # what that format kept of the text
    code, out = run_json(master, converted, capsys=capsys)
    assert (code, out["rejected"]) == (0, []), out
    row = next(r for _, r in read_return(converted, 3).records() if (r["项目编号"], r["指标"]) == ELDER)
    assert master_value(master, 3, ELDER, "进展情况") == row["进展情况"]
    assert "第一行" in row["进展情况"] and "第二行" in row["进展情况"] and carried
    opens_everywhere(master)


def _rewrite(path: Path, changes: dict[str, "callable"]) -> Path:
    """Rewrite parts of a zip package in place, as another application would have saved them."""
    import zipfile
    with zipfile.ZipFile(path) as z:
        data = {info.filename: z.read(info) for info in z.infolist()}
    for name, change in changes.items():
        data[name] = change(data[name])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in data.items():
            z.writestr(name, body)
    return path


_CONTROLS = "甲\x01乙\x0b丙&#1;丁_x0001_戊\ufffe".encode()  # raw, as a character reference and escaped


def _properties_with_controls(xml: bytes) -> bytes:
    import re
    xml = re.sub(rb"(<dc:title>)[^<]*", rb"\g<1>" + _CONTROLS, xml)
    xml = re.sub(rb"(<dc:creator>)[^<]*", rb"\g<1>" + _CONTROLS, xml)
    return re.sub(rb"(<cp:lastModifiedBy>|<meta:initial-creator>)[^<]*", rb"\g<1>" + _CONTROLS, xml)


@pytest.mark.parametrize("to", ["xlsx", pytest.param("ods", marks=pytest.mark.libreoffice)])
def test_control_characters_in_document_properties_leave_the_return_and_its_record_intact(
        master, files, tmp_path, capsys, to):
    path = fill(files["县民政局"], {ELDER: {"累计完成": 5}})
    _saved_at(path, "2024-03-28T09:30:00Z")
    if to == "ods":
        path = convert(path, "ods", tmp_path / "lo")
        _rewrite(path, {"meta.xml": lambda xml: _properties_with_controls(xml).replace(
            b"</office:meta>", b'<meta:user-defined meta:name="\xe5\xa4\x87\x01">' + _CONTROLS + b"</meta:user-defined></office:meta>")})
    else:
        _rewrite(path, {"docProps/core.xml": _properties_with_controls,
                        "docProps/app.xml": lambda xml: xml.replace(b"</Properties>", b"<Company>" + _CONTROLS + b"</Company></Properties>"),
                        "docProps/custom.xml": lambda xml: xml.replace(b"</Properties>", (
                            '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="900" name="备注\x0b">'
                            '<vt:lpwstr>').encode() + _CONTROLS + b"</vt:lpwstr></property></Properties>")})
    code, report = validate_json(path, capsys)
    assert [f["code"] for f in report["findings"] if f["severity"] == "error"] == [], report
    code, out = run_json(master, path, capsys=capsys)
    assert (code, out["rejected"], [a["file"] for a in out["accepted"]]) == (0, [], [path.name]), out
    assert master_value(master, 3, ELDER, "累计完成") == 5
    record = [r for _, r in read_master(master)[L.REPORTS_SHEET].records() if r["单位"] == "县民政局" and int(r["月份"]) == 3]
    assert [(r["状态"], r["文件"]) for r in record] == [("已报送", path.name)]
    assert str(record[0]["时间"]).startswith("2024-03-28")
    opens_everywhere(master)


# ---------------------------------------------------------------- (2b) a huge used range

def _far(path, cell, value="x", style_only=False):
    book = load_workbook(path)
    ws = book["3月"]
    if style_only:
        ws[cell].number_format = "0.00"
    else:
        ws[cell] = value
    book.save(path)
    return path


@pytest.mark.parametrize("cell,hint", [("XFD1048576", "第 1048576 行"), ("A6000", "第 6000 行"), ("ZZ3", "ZZ 列")])
def test_content_far_outside_the_sheet_is_refused_naming_the_cell_and_the_rest_merges(
        master, files, capsys, cell, hint):
    good = fill(files["县人力资源社会保障局"], {JOBS: {"累计完成": 1500}})
    far = _far(fill(files["县民政局"], {ELDER: {"累计完成": 77}}), cell)
    assert far.stat().st_size < 64 << 10
    code, out = run_json(master, good, far, capsys=capsys)
    assert code == 1
    assert [(r["file"], r["code"], r["sheet"], r["cell"]) for r in out["rejected"]] == [(far.name, "far-content", "3月", cell)]
    assert hint in out["rejected"][0]["hint"] and cell in out["rejected"][0]["message"]
    assert master_value(master, 3, JOBS, "累计完成") == 1500
    code, report = validate_json(far, capsys)
    assert [f["code"] for f in report["findings"]] == ["far-content"]


@pytest.mark.libreoffice
@pytest.mark.parametrize("cell,hint", [("XFD1048576", "第 1048576 行"), ("A6000", "第 6000 行"), ("ZZ3", "ZZ 列")])
def test_content_far_outside_an_ods_sheet_is_refused_naming_the_cell_before_the_reader_sizes_it(
        master, files, capsys, tmp_path, cell, hint):
    good = fill(files["县人力资源社会保障局"], {JOBS: {"累计完成": 1500}})
    far = convert(_far(fill(files["县民政局"], {ELDER: {"累计完成": 77}}), cell), "ods", tmp_path / "lo")
    code, out = run_json(master, good, far, capsys=capsys)
    assert code == 1
    assert [(r["file"], r["code"], r["sheet"], r["cell"]) for r in out["rejected"]] == [(far.name, "far-content", "3月", cell)]
    assert hint in out["rejected"][0]["hint"] and cell in out["rejected"][0]["message"]
    assert master_value(master, 3, JOBS, "累计完成") == 1500
    code, report = validate_json(far, capsys)
    assert [f["code"] for f in report["findings"]] == ["far-content"]


def test_a_far_cell_that_only_carries_a_format_is_read(master, files, capsys):
    path = _far(fill(files["县民政局"], {ELDER: {"累计完成": 77}}), "XFD1048576", style_only=True)
    code, out = run_json(master, path, capsys=capsys)
    assert (code, out["rejected"]) == (0, []), out
    assert master_value(master, 3, ELDER, "累计完成") == 77


# ---------------------------------------------------------------- (5) file names that are not UTF-8

def test_file_names_in_gbk_or_with_control_characters_are_read_and_named(master, files, tmp_path, capsys):
    filled = fill(files["县民政局"], {ELDER: {"累计完成": 77}})
    other = fill(files["县人力资源社会保障局"], {JOBS: {"累计完成": 1500}})
    inbox = tmp_path / "收件"
    inbox.mkdir()
    gbk = os.fsencode(inbox) + b"/" + "民政局3月.xlsx".encode("gbk")  # as unzipped from a Windows archive
    with open(gbk, "wb") as out:
        out.write(filled.read_bytes())
    (inbox / "人社\x07局.xlsx").write_bytes(other.read_bytes())
    code, out = run_json(master, inbox, capsys=capsys)
    assert (code, out["rejected"]) == (0, []), out
    assert sorted(a["file"] for a in out["accepted"]) == sorted(["民政局3月.xlsx", "人社\\x07局.xlsx"])
    assert master_value(master, 3, ELDER, "累计完成") == 77
    assert master_value(master, 3, JOBS, "累计完成") == 1500
    opens_everywhere(master)
    log = [r["文件"] for _, r in read_master(master)["日志"].records() if r.get("文件")]
    assert "民政局3月.xlsx" in log


# ---------------------------------------------------------------- (4) an older return never overwrites a newer one

def _saved_at(path: Path, when: str) -> Path:
    """Set the document's own saved time (docProps/core.xml), as the application that saved it did."""
    import re
    import zipfile
    data = {}
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            data[info.filename] = z.read(info)
    data["docProps/core.xml"] = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*<", rb"\g<1>" + when.encode() + b"<",
                                       data["docProps/core.xml"])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in data.items():
            z.writestr(name, body)
    return path


@pytest.mark.parametrize("to", ["xlsx", "xls", "ods"])
def test_an_earlier_draft_consolidated_later_does_not_overwrite_the_newer_return(master, files, capsys, tmp_path, to):
    draft = fill(files["县民政局"], {ELDER: {"累计完成": 10}}, out=tmp_path / "草稿.xlsx")
    fixed = fill(files["县民政局"], {ELDER: {"累计完成": 20}}, out=tmp_path / "更正.xlsx")
    _saved_at(draft, "2024-04-01T08:00:00Z")
    _saved_at(fixed, "2024-04-02T08:00:00Z")
    if to != "xlsx":  # re-saved by LibreOffice, which keeps the time the file was saved in
        draft, fixed = convert(draft, to, tmp_path / "lo"), convert(fixed, to, tmp_path / "lo")
    later = fixed.stat().st_mtime + 3600
    os.utime(draft, (later, later))  # the inbox's file times say nothing: the draft was saved to disk last
    code, _ = run_json(master, fixed, capsys=capsys)  # Monday: the corrected return
    assert code == 0 and master_value(master, 3, ELDER, "累计完成") == 20
    code, out = run_json(master, draft, capsys=capsys)  # Tuesday: the draft that arrived first
    assert master_value(master, 3, ELDER, "累计完成") == 20
    assert [(d["code"], d["file"]) for d in out["duplicates"]] == [("older-than-merged", draft.name)]
    assert fixed.name in out["duplicates"][0]["message"]


# ---------------------------------------------------------------- (3) a formula showing an error

@pytest.mark.libreoffice
@pytest.mark.parametrize("to", ["xlsx:Calc MS Excel 2007 XML", "xls", "ods"])
def test_a_formula_showing_an_error_is_reported_once_the_same_way_by_consolidate_and_validate(
        master, files, tmp_path, capsys, to):
    typed = fill(files["县民政局"], {ELDER: {"累计完成": "=1/0", "进展情况": "已完成入户评估"}})
    resaved = convert(typed, to, tmp_path / "lo")  # cached #DIV/0!
    before = master_value(master, 3, ELDER, "进展情况")
    code, out = run_json(master, resaved, capsys=capsys)
    at = [(f["cell"], f["code"]) for f in out["row_findings"] if f["severity"] == "error"]
    assert code == 1 and at == [("J2", "formula-in-return")], out
    assert master_value(master, 3, ELDER, "进展情况") == before  # the rest of the row is not merged
    code, report = validate_json(resaved, capsys)
    assert [(f["cell"], f["code"]) for f in report["findings"] if f["severity"] == "error"] == at


# ---------------------------------------------------------------- (5) the 1904 date system

def _date1904(path: Path, serial_for) -> Path:
    """A workbook set to count from 1904, 填报日期 pasted as values into a General cell."""
    from openpyxl.utils.datetime import CALENDAR_MAC_1904
    book = load_workbook(path)
    book.epoch = CALENDAR_MAC_1904
    ws = book["3月"]
    header = next(r for r in range(1, 11) if "项目编号" in [c.value for c in ws[r]])
    cols = {c.value: c.column for c in ws[header] if c.value}
    for r in range(header + 1, ws.max_row + 1):
        if (ws.cell(r, cols["项目编号"]).value, ws.cell(r, cols["指标"]).value) == ELDER:
            cell = ws.cell(r, cols["填报日期"])
            cell.value = serial_for
            cell.number_format = "General"
    book.save(path)
    return path


@pytest.mark.parametrize("to", ["xlsx", pytest.param("xls", marks=pytest.mark.libreoffice),
                                pytest.param("ods", marks=pytest.mark.libreoffice)])
def test_a_bare_date_serial_in_a_1904_workbook_reaches_the_master_as_the_day_the_clerk_saw(
        master, files, capsys, tmp_path, to):
    import datetime as dt
    serial = (dt.date(2024, 3, 28) - dt.date(1904, 1, 1)).days  # 43917, as Excel for Mac shows it
    path = _date1904(fill(files["县民政局"], {ELDER: {"累计完成": 5}}), serial)
    if to != "xlsx":
        path = convert(path, to, tmp_path / "lo")
    code, out = run_json(master, path, capsys=capsys)
    assert out["rejected"] == [], out
    got = master_value(master, 3, ELDER, "填报日期")
    assert (got.date() if isinstance(got, dt.datetime) else got) == dt.date(2024, 3, 28)


# ---------------------------------------------------------------- (6) merged cells

def _merge_down(path: Path, headers: tuple[str, ...], first: dict[str, object]) -> tuple[Path, list[tuple]]:
    """Type ``first`` into the unit's first data row and merge each column down all its rows,
    as a clerk does for who filled the form in and when."""
    book = load_workbook(path)
    ws = book["3月"]
    header = next(r for r in range(1, 11) if "项目编号" in [c.value for c in ws[r]])
    cols = {c.value: c.column for c in ws[header] if c.value}
    last = max(r for r in range(header + 1, ws.max_row + 1) if ws.cell(r, cols["项目编号"]).value)
    keys = [(ws.cell(r, cols["项目编号"]).value, ws.cell(r, cols["指标"]).value) for r in range(header + 1, last + 1)]
    for h in headers:
        ws.cell(header + 1, cols[h]).value = first.get(h)
        ws.merge_cells(start_row=header + 1, start_column=cols[h], end_row=last, end_column=cols[h])
    book.save(path)
    return path, keys


@pytest.mark.parametrize("to", ["xlsx", pytest.param("xls", marks=pytest.mark.libreoffice),
                                pytest.param("ods", marks=pytest.mark.libreoffice)])
def test_who_and_when_merged_down_the_units_rows_reach_every_row(master, files, capsys, tmp_path, to):
    import datetime as dt
    path, keys = _merge_down(files["县民政局"], ("填报人", "联系电话", "填报日期"),
                             {"填报人": "王芳", "联系电话": "0537-8211234", "填报日期": dt.datetime(2024, 3, 28)})
    assert len(keys) > 1
    fill(path, {key: {"累计完成": 5, "进展情况": "已入户"} for key in keys})
    if to != "xlsx":
        path = convert(path, to, tmp_path / "lo")
    code, out = run_json(master, path, capsys=capsys)
    assert out["rejected"] == [], out
    missing = [(f["cell"], f["message"]) for f in out["row_findings"]
               if f["code"] == "required-field-missing" and ("填报人" in f["message"] or "联系电话" in f["message"])]
    assert missing == []
    merged = [key for key in keys if master_value(master, 3, key, "进展情况") == "已入户"]
    assert len(merged) > 1
    for key in merged:
        assert master_value(master, 3, key, "填报人") == "王芳"
        assert master_value(master, 3, key, "联系电话") == "0537-8211234"
        day = master_value(master, 3, key, "填报日期")
        assert (day.date() if isinstance(day, dt.datetime) else day) == dt.date(2024, 3, 28)


@pytest.mark.parametrize("to", ["xlsx", pytest.param("xls", marks=pytest.mark.libreoffice),
                                pytest.param("ods", marks=pytest.mark.libreoffice)])
def test_a_figure_merged_down_several_indicators_is_refused_naming_the_merge(master, files, capsys, tmp_path, to):
    good = fill(files["县人力资源社会保障局"], {JOBS: {"累计完成": 1500}})
    path, keys = _merge_down(files["县民政局"], ("累计完成",), {"累计完成": 30})
    if to != "xlsx":
        path = convert(path, to, tmp_path / "lo")
    code, out = run_json(master, good, path, capsys=capsys)
    assert code == 1
    assert [(r["file"], r["code"], r["sheet"]) for r in out["rejected"]] == [(path.name, "merged-figure", "3月")]
    assert "取消合并" in out["rejected"][0]["hint"] and ":" in out["rejected"][0]["message"]
    assert master_value(master, 3, JOBS, "累计完成") == 1500


# ---------------------------------------------------------------- (4) a filled copy of the sheet

def _copy_sheet(path: Path, values: dict, *, also: dict | None = None, copies: int = 1, drop_row: bool = False) -> Path:
    """移动或复制 → 建立副本: ``3月 (2)`` made from ``3月``, ``values`` typed into the copy and ``also``
    into the sent sheet."""
    book = load_workbook(path)
    for n in range(copies):
        copy = book.copy_worksheet(book["3月"])
        copy.title = f"3月 ({n + 2})"
    book.save(path)
    for n in range(copies):
        fill(path, values, sheet=f"3月 ({n + 2})")
    if also:
        fill(path, also, sheet="3月")
    if drop_row:
        book = load_workbook(path)
        book["3月 (2)"].delete_rows(book["3月 (2)"].max_row)
        book.save(path)
    return path


@pytest.mark.parametrize("to", ["xlsx", pytest.param("xls", marks=pytest.mark.libreoffice),
                                pytest.param("ods", marks=pytest.mark.libreoffice)])
def test_figures_typed_into_a_copy_of_an_untouched_sheet_are_taken_with_a_warning(master, files, capsys, tmp_path, to):
    path = _copy_sheet(files["县民政局"], {ELDER: {"累计完成": 77, "进展情况": "已入户评估"}})
    if to != "xlsx":
        path = convert(path, to, tmp_path / "lo")
    code, out = run_json(master, path, capsys=capsys)
    assert out["rejected"] == [], out
    assert master_value(master, 3, ELDER, "累计完成") == 77
    assert master_value(master, 3, ELDER, "进展情况") == "已入户评估"
    notes = [f for f in out["row_findings"] if f["code"] == "taken-from-copy"]
    assert len(notes) == 1 and "3月 (2)" in notes[0]["message"]
    code, report = validate_json(path, capsys)
    assert "taken-from-copy" in [f["code"] for f in report["findings"]]


@pytest.mark.parametrize("how,state", [
    ({"also": {ELDER: {"累计完成": 10}}}, "也已填写"),   # both filled, differently
    ({"copies": 2}, "不止一张"),                          # two copies
    ({"drop_row": True}, "表头或行"),                     # the copy's rows differ
])
def test_a_copy_that_cannot_be_taken_for_sure_returns_the_file_naming_the_sheet(master, files, capsys, how, state):
    good = fill(files["县人力资源社会保障局"], {JOBS: {"累计完成": 1500}})
    path = _copy_sheet(files["县民政局"], {ELDER: {"累计完成": 77}}, **how)
    before = master_value(master, 3, ELDER, "累计完成")
    code, out = run_json(master, good, path, capsys=capsys)
    assert code == 1
    assert [(r["file"], r["code"], r["sheet"]) for r in out["rejected"]] == [(path.name, "filled-copy", "3月 (2)")]
    assert state in out["rejected"][0]["message"] and "“3月”" in out["rejected"][0]["hint"]
    assert master_value(master, 3, ELDER, "累计完成") == before
    assert master_value(master, 3, JOBS, "累计完成") == 1500


def test_a_backup_copy_identical_to_the_filled_sheet_is_ignored(master, files, capsys):
    path = fill(files["县民政局"], {ELDER: {"累计完成": 77}})
    path = _copy_sheet(path, {ELDER: {"累计完成": 77}})
    code, out = run_json(master, path, capsys=capsys)
    assert (code, out["rejected"]) == (0, []), out
    assert master_value(master, 3, ELDER, "累计完成") == 77


# ---------------------------------------------------------------- (2c) any text a clerk can type

from hypothesis import HealthCheck, Phase, example, given, settings as hsettings, strategies as st  # noqa: E402

TEXT_COLUMNS = ("进展情况", "存在问题", "下步措施")
_ESCAPES = st.sampled_from(["_x000B_", "_x0041_", "_x005F_x0041_", "_xD800_", "_x_", "_X000b_", "_xFFFF_", "_x001F_"])
_TYPED = st.lists(st.one_of(st.characters(codec="utf-8"),  # no lone surrogate: a sheet's XML cannot hold one (Excel stores _xD800_)
                            st.characters(max_codepoint=0x1F), _ESCAPES,
                            st.sampled_from(["=", "+", "-", "@", "=SUM(A1)", "\r\n", " "])),
                  min_size=1, max_size=12).map("".join)


def _as_excel_stores(typed: str) -> str:
    """What Excel writes into the sheet XML for ``typed``: ``_x`` before four hex digits and a ``_``
    escaped as ``_x005F_``, characters XML 1.0 cannot carry (and CR, which XML would fold) as ``_xHHHH_``."""
    import re
    out = re.sub(r"_(?=x[0-9A-Fa-f]{4}_)", "_x005F_", typed)
    return "".join(f"_x{ord(c):04X}_" if (ord(c) < 0x20 and c not in "\t\n") or c in "\ufffe\uffff" else c
                   for c in out)


def _merged_exactly_or_refused(master, files, tmp_path, typed: dict[str, str], capsys) -> Path:
    import shutil
    import uuid
    here = tmp_path / uuid.uuid4().hex[:8]
    here.mkdir()
    book = Path(shutil.copy2(master, here / master.name))
    path = fill(files["县民政局"], {ELDER: {"累计完成": 5, **{h: _as_excel_stores(t) for h, t in typed.items()}}},
                text=TEXT_COLUMNS, out=here / files["县民政局"].name)
    before = {h: master_value(book, 3, ELDER, h) for h in typed}
    code, out = run_json(book, path, capsys=capsys)
    assert code in (0, 1), out
    refused = {f["cell"][:1] for f in out["row_findings"] if f["severity"] == "error"}
    if out["rejected"] or refused:  # rejected with a finding: nothing of the row is merged
        assert all(master_value(book, 3, ELDER, h) == before[h] for h in typed), out
    else:
        blank = {h: t if t.strip() else None for h, t in typed.items()}  # only spaces: not filled in
        assert {h: master_value(book, 3, ELDER, h) for h in typed} == blank, out
    load_workbook(book)  # an independent reader opens the master
    return book


@hsettings(max_examples=15, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate], suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(typed=st.fixed_dictionaries({h: _TYPED for h in TEXT_COLUMNS}))
@example(typed={"进展情况": "第一行\x0b第二行", "存在问题": "=1/0", "下步措施": "_x0041_\r\n@A1"})
@example(typed={"进展情况": "_x005F_x0041__x0042_", "存在问题": "a_x0041_x0041_x0041_b", "下步措施": "_x0041_x0042_"})
@example(typed={"进展情况": "已完成", "存在问题": "x\uffffy", "下步措施": "\ufffe"})
def test_any_text_in_a_returns_text_cells_is_merged_exactly_or_refused(master, files, tmp_path, capsys, typed):
    _merged_exactly_or_refused(master, files, tmp_path, typed, capsys)


@pytest.mark.libreoffice
def test_masters_holding_awkward_text_open_in_libreoffice(master, files, tmp_path, capsys):
    from minsheng.engines.libreoffice import convert_all
    samples = [{"进展情况": "第一行\x0b第二行\x00尾", "存在问题": "=HYPERLINK(\"x\")", "下步措施": "_x005F_\U0001F600"},
               {"进展情况": "+1\r\n-2", "存在问题": "@SUM(1)", "下步措施": "\x1f_xD800_"}]
    books = [_merged_exactly_or_refused(master, files, tmp_path, typed, capsys) for typed in samples]
    for typed, saved in zip(samples, convert_all(books, "ods", tmp_path / "lo")):
        assert saved.stat().st_size > 0
        from minsheng.roundtrip.returns import read_return  # noqa: F401  (LibreOffice read the whole master)
        seen = read_master(saved).month(3).by_key()[ELDER][1]
        assert "第一行" in str(seen["进展情况"]) or "+1" in str(seen["进展情况"])


def test_escape_like_sequences_sharing_an_underscore_are_each_kept_literal():
    from minsheng.xlsx.xstring import escape
    assert escape("_x0041_x0042_") == "_x005F_x0041_x005F_x0042_"  # as Excel stores it: the shared _ escaped twice
    assert escape("a\ufffe_x0041_") == "a_xFFFE__x005F_x0041_"


def test_a_noncharacter_in_a_text_cell_refuses_the_row_naming_the_cell(master, files, capsys):
    path = fill(files["县民政局"], {ELDER: {"累计完成": 5, "存在问题": "_xFFFE_"}}, text=TEXT_COLUMNS)
    code, out = run_json(master, path, capsys=capsys)
    found = [(f["code"], f["severity"]) for f in out["row_findings"] if f["code"] == "not-text"]
    assert found == [("not-text", "error")], out
    assert "_xFFFE_" in next(f["message"] for f in out["row_findings"] if f["code"] == "not-text")
    assert master_value(master, 3, ELDER, "累计完成") != 5


def test_a_cell_holding_only_spaces_is_read_as_not_filled_in_and_says_so(master, files, capsys):
    path = fill(files["县民政局"], {ELDER: {"累计完成": 5, "形象进度": " \n", "进展情况": "\u3000 ", "存在问题": "  ",
                                          "下步措施": "按计划推进"}})
    code, out = run_json(master, path, capsys=capsys)
    assert (code, out["rejected"]) == (0, []), out
    said = [(f["code"], f["message"]) for f in out["row_findings"] if "只有空格" in f["message"]]
    assert [c for c, _ in said] == ["only-spaces", "required-field-missing", "behind-plan-unexplained"], said
    assert [h in m for (_, m), h in zip(said, ("形象进度", "进展情况", "存在问题"))] == [True] * 3
    assert master_value(master, 3, ELDER, "累计完成") == 5
    assert master_value(master, 3, ELDER, "存在问题") is None and master_value(master, 3, ELDER, "下步措施") == "按计划推进"
    code, report = validate_json(path, capsys)
    assert [f["code"] for f in report["findings"] if "只有空格" in f["message"]] == [c for c, _ in said]
