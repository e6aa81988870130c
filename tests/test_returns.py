"""Returns that cannot be taken: each is reported by name with its reason, the others still merge."""

from __future__ import annotations

import io
import json
import re
import zipfile

from msoffcrypto.format.ooxml import OOXMLFile
import pytest
from openpyxl import load_workbook

from minsheng.roundtrip import returns_caps
from minsheng.xlsx import scan as xmlscan
from minsheng.cli import main
from minsheng.engines.libreoffice import convert
from minsheng.roundtrip.returns import Rejected, read_return
from minsheng.xlsx.zipparts import Parts

from clerk import fill, master_value, roster, split

JOBS = ("1-1", "城镇新增就业")
ELDER = ("4-1", "适老化改造")


@pytest.fixture
def files(master, tmp_path):
    return split(master, 3, tmp_path / "回收")


def run_json(master, *paths, capsys, month=3):
    capsys.readouterr()
    code = main(["consolidate", str(master), *map(str, paths), "--month", str(month), "--json"])
    return code, json.loads(capsys.readouterr().out)


def broken_files(folder, good):
    """The kinds of attachment that arrive broken, each beside a good return."""
    folder.mkdir(exist_ok=True)
    data = good.read_bytes()
    (folder / "truncated.xlsx").write_bytes(data[: len(data) // 2])
    (folder / "empty.xlsx").write_bytes(b"")
    (folder / "notes.xlsx").write_text("这不是表格", encoding="utf-8")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    corrupt = bytearray(data)
    corrupt[30:400] = bytes(370)  # first local header and content overwritten
    (folder / "corrupt.xlsx").write_bytes(bytes(corrupt))
    with zipfile.ZipFile(folder / "report.docx", "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    encrypted = io.BytesIO()
    office = OOXMLFile(io.BytesIO(data))
    office.encrypt("123456", encrypted)
    (folder / "password.xlsx").write_bytes(encrypted.getvalue())
    return {"truncated.xlsx": "corrupt", "empty.xlsx": "empty-file", "notes.xlsx": "not-excel",
            "scan.pdf": "not-excel", "corrupt.xlsx": "corrupt", "report.docx": "not-excel",
            "password.xlsx": "password"}


def test_broken_files_are_reported_and_the_rest_merges(master, files, tmp_path, capsys):
    good = fill(files["县人力资源社会保障局"], {JOBS: {"累计完成": 1500}})
    expected = broken_files(tmp_path / "回收", good)
    code, out = run_json(master, tmp_path / "回收", capsys=capsys)
    assert code == 1
    assert {r["file"]: r["code"] for r in out["rejected"]} == expected
    assert all(r["file"] in r["message"] and r["hint"] for r in out["rejected"])
    assert master_value(master, 3, JOBS, "累计完成") == 1500
    assert len(out["accepted"]) == len(files)


def test_zip_bomb_is_refused_before_reading(tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"0" * (returns_caps.MAX_UNCOMPRESSED + 1))
    with pytest.raises(Rejected) as refused:
        read_return(bomb, 3)
    assert refused.value.finding.code == "too-large"


def test_wrong_month_is_rejected_with_its_reason(master, files, tmp_path, capsys):
    april = split(master, 4, tmp_path / "四月")["县民政局"]
    fill(april, {ELDER: {"累计完成": 50}}, sheet="4月")
    code, out = run_json(master, april, files["县人力资源社会保障局"], capsys=capsys)
    assert code == 1
    assert [(r["file"], r["code"]) for r in out["rejected"]] == [(april.name, "wrong-month")]
    assert "4 月" in out["rejected"][0]["message"] and "3 月" in out["rejected"][0]["message"]
    assert master_value(master, 3, ELDER, "累计完成") is None and master_value(master, 4, ELDER, "累计完成") is None
    assert roster(master, 3)["县民政局"] == "已退回"


def test_edited_locked_cell_is_rejected_naming_the_cell(master, files, capsys):
    path = fill(files["县民政局"], {ELDER: {"目标值": 100, "累计完成": 100}})
    code, out = run_json(master, path, capsys=capsys)
    assert code == 1
    [refused] = out["rejected"]
    assert refused["code"] == "locked-cells-edited"
    assert "G2（目标值：150 → 100）" in refused["message"]
    assert master_value(master, 3, ELDER, "累计完成") is None


def _edit_seal_sheet(book):
    meta = book["_meta"]
    row = next(r for r in range(1, meta.max_row + 1) if meta.cell(r, 1).value == "月份")
    meta.cell(row, 2).value = "4"


def _edit_both_seals(book):
    book.custom_doc_props["填报表.月份"].value = "4"
    _edit_seal_sheet(book)


def _edit_seal_sheet_without_properties(book):
    for name in list(book.custom_doc_props.names):  # as an .xls or .ods re-save keeps only the sheet
        del book.custom_doc_props[name]
    _edit_seal_sheet(book)


@pytest.mark.parametrize("edit", [_edit_both_seals, _edit_seal_sheet_without_properties])
def test_edited_metadata_is_rejected(master, files, capsys, edit):
    path = files["县民政局"]
    book = load_workbook(path)
    edit(book)
    book.save(path)
    code, out = run_json(master, path, capsys=capsys, month=4)
    assert [r["code"] for r in out["rejected"]] == ["metadata-edited"] and code == 1


def test_the_seal_is_read_from_the_properties_else_from_the_sheet(master, files):
    path = files["县民政局"]
    book = load_workbook(path)
    _edit_seal_sheet(book)
    book.save(path)
    seal = read_return(path, 3).seal  # the properties hold the seal: the sheet is not read…
    assert seal.intact and seal.fields["单位"] == "县民政局" and len(seal.rows) == 6
    for name in list(book.custom_doc_props.names):
        del book.custom_doc_props[name]
    book.save(path)
    assert not read_return(path, 3).seal.intact  # …until they are gone


def test_properties_an_application_retyped_leave_the_seal_to_the_sheet(master, files, capsys):
    path = files["县民政局"]
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    custom = parts["docProps/custom.xml"].decode()  # 年度 saved as a number, as an application might
    parts["docProps/custom.xml"] = re.sub(r'(name="填报表.年度"><vt:)lpwstr>2024</vt:lpwstr>', r"\1i4>2024</vt:i4>",
                                          custom).encode()
    assert parts["docProps/custom.xml"] != custom.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    seal = read_return(path, 3).seal
    assert seal.intact and seal.fields["年度"] == "2024"
    code, out = run_json(master, path, capsys=capsys)
    assert not out["rejected"] and [a["unit"] for a in out["accepted"]] == ["县民政局"]


def test_the_same_unit_twice_newer_wins_and_differences_are_reported(master, files, capsys):
    first = fill(files["县民政局"], {ELDER: {"累计完成": 40, "进展情况": "初稿"}})
    second = first.with_name("县民政局（更正）.xlsx")
    fill(first, {ELDER: {"累计完成": 45}}, out=second)
    code, out = run_json(master, second, first, capsys=capsys)
    assert code == 0
    assert master_value(master, 3, ELDER, "累计完成") == 45
    [dup] = out["duplicates"]
    assert (dup["code"], dup["kept"], dup["dropped"]) == ("sent-twice", second.name, first.name)
    assert dup["differences"] == [{"item": "4-1", "indicator": "适老化改造", "column": "累计完成",
                                   "kept": "45", "dropped": "40"}]
    assert [a["file"] for a in out["accepted"]] == [second.name]


def test_formula_in_an_input_cell_is_not_taken(master, files, capsys):
    path = fill(files["县民政局"], {ELDER: {"累计完成": "=40+5"}, ("4-2", "老年人食堂"): {"累计完成": 3}})
    code, out = run_json(master, path, capsys=capsys)
    assert code == 1
    assert [(f["code"], f["cell"]) for f in out["row_findings"] if f["severity"] == "error"] == [("formula-in-return", "J2")]
    assert not [f for f in out["row_findings"] if f["cell"] == "J2" and f["code"] != "formula-in-return"]
    assert master_value(master, 3, ELDER, "累计完成") is None
    assert master_value(master, 3, ("4-2", "老年人食堂"), "累计完成") == 3


def test_shared_row_the_lead_unit_wins_and_it_is_reported(master, files, capsys):
    key = ("7-1", "形象进度")
    fill(files["县水务局"], {key: {"形象进度": 0.4}})
    fill(files["微矿集团"], {key: {"形象进度": 0.5}})
    code, out = run_json(master, files["微矿集团"], files["县水务局"], capsys=capsys)
    assert master_value(master, 3, key, "形象进度") == 0.4
    assert [(d["code"], d["files"][0]) for d in out["duplicates"]] == [("overridden", files["县水务局"].name)]


def test_returns_arrive_in_batches(master, files, capsys):
    fill(files["县民政局"], {ELDER: {"累计完成": 40}})
    fill(files["县残联"], {("5-1", "残疾儿童救助"): {"累计完成": 60}})
    run_json(master, files["县民政局"], capsys=capsys)
    code, out = run_json(master, files["县残联"], capsys=capsys)
    status = roster(master, 3)
    assert status["县民政局"] == status["县残联"] == "已报送"
    assert "县民政局" not in out["missing_units"] and "县残联" not in out["missing_units"]
    assert master_value(master, 3, ELDER, "累计完成") == 40


def test_missing_path_or_unreadable_master_is_a_usage_error(master, tmp_path, capsys):
    assert main(["consolidate", str(master), str(tmp_path / "nope"), "--month", "3"]) == 2
    bad = tmp_path / "bad.xlsm"
    bad.write_text("x")
    assert main(["consolidate", str(bad), str(tmp_path), "--month", "3"]) == 2
    assert "无法读取主台账" in capsys.readouterr().err


@pytest.mark.libreoffice
@pytest.mark.parametrize("to", ["xls", "xlsx:Calc MS Excel 2007 XML", "ods"])
def test_files_resaved_by_libreoffice_or_as_xls_are_read(master, files, tmp_path, capsys, to):
    path = fill(files["县民政局"], {ELDER: {"累计完成": 77, "进展情况": "已完成入户评估"}})
    converted = convert(path, to, tmp_path / "lo")
    code, out = run_json(master, converted, capsys=capsys)
    assert (code, out["rejected"], [f for f in out["row_findings"] if f["severity"] == "error"]) == (0, [], []), out
    assert master_value(master, 3, ELDER, "累计完成") == 77
    assert master_value(master, 3, ELDER, "进展情况") == "已完成入户评估"


def test_formula_cells_are_found_whatever_writer_made_the_xml():
    xml = (b'<row r="2"><c r="A2" s="1" t="s"><v>0</v></c><c s="3" r="J2"><f>40+5</f><v>45</v></c>'
           b'<c r="K2" s="2"/><c r="L2"><f t="shared" si="0"/><v>1</v></c><x:c r="M2"><x:f>1</x:f></x:c>'
           b'<c r="N2" s="1"/><c r="O2" t="str"><f>A1</f></c><c r="P2" t="inlineStr"><is><t>=1+1</t></is></c></row>')
    assert sorted(xmlscan.formula_refs(xml)) == ["J2", "L2", "M2", "O2"]


def test_xml_entity_bomb_is_refused_not_expanded(master, files):
    path = files["县民政局"]
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">'
            b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;">]>')
    parts["docProps/core.xml"] = bomb + parts["docProps/core.xml"].split(b"?>", 1)[1].replace(
        b"</dc:title>", b"&lol3;</dc:title>")
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    with pytest.raises(Rejected) as refused:
        read_return(path, 3)
    assert refused.value.finding.code == "unsafe-xml" and path.name in refused.value.finding.message


def test_rows_are_capped(master, files, monkeypatch):
    monkeypatch.setattr(returns_caps, "MAX_ROWS", 5)  # 县民政局: 7 rows with the header; 县人力资源社会保障局: 2
    with pytest.raises(Rejected) as refused:
        read_return(files["县民政局"], 3)
    # an .xlsx is measured by the cells that hold something, and they are named (issue 13, on purpose)
    assert refused.value.finding.code == "far-content" and files["县民政局"].name in refused.value.finding.message
    assert "第 6–7 行" in refused.value.finding.hint
    assert read_return(files["县人力资源社会保障局"], 3).seal is not None


def test_document_properties_are_read_as_any_writer_writes_them():
    xml = ('<?xml version="1.0"?><op:Properties xmlns:op="x" xmlns:vt="y">'
           '<op:property data-name="别的" fmtid="{D5}" pid="2" name="填报表.单位"><vt:lpwstr>县民政局</vt:lpwstr></op:property>'
           "<property pid='3' name='填报表.年度'>\n  <vt:lpwstr xmlns:vt='y'>2024</vt:lpwstr></property>"
           '<property name="填报表.行1" pid="4"><vt:lpwstr>[&quot;4-1&quot;, &quot;适老化改造&quot;]</vt:lpwstr></property>'
           '<property name="空" pid="5"><vt:lpwstr/></property>'
           '<property name="数" pid="6"><vt:i4>7</vt:i4></property></op:Properties>')
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as z:
        z.writestr("docProps/custom.xml", xml)
    assert xmlscan.properties(Parts(data.getvalue())) == {
        "填报表.单位": "县民政局", "填报表.年度": "2024", "填报表.行1": '["4-1", "适老化改造"]', "空": ""}


# ---------------------------------------------------------------- one reader: validate sees what consolidate sees

def _validate_json(master, path, capsys):
    capsys.readouterr()
    code = main(["validate", str(path), "--master", str(master), "--month", "3", "--json"])
    return code, json.loads(capsys.readouterr().out)


def _same_findings(master, path, capsys):
    """(code, sheet, cell) of what ``validate --master`` and ``consolidate --dry-run`` find in one return."""
    _, checked = _validate_json(master, path, capsys)
    capsys.readouterr()
    main(["consolidate", str(master), str(path), "--month", "3", "--json", "--dry-run"])
    merged = json.loads(capsys.readouterr().out)
    seen = sorted((f["code"], f["sheet"], f["cell"]) for f in checked["findings"])
    assert seen == sorted((f["code"], f["sheet"], f["cell"]) for f in merged["rejected"] + merged["row_findings"])
    return seen


def test_validate_and_consolidate_agree_on_a_formula(master, files, capsys):
    path = fill(files["县民政局"], {ELDER: {"累计完成": "=1000+200"}})
    seen = _same_findings(master, path, capsys)
    assert ("formula-in-return", "3月", "J2") in seen
    assert not [s for s in seen if s[2] == "J2" and s[0] != "formula-in-return"]


def test_validate_and_consolidate_agree_on_an_error_cell(master, files, capsys):
    path = fill(files["县民政局"], {ELDER: {"累计完成": "#DIV/0!"}})
    assert ("excel-error", "3月", "J2") in _same_findings(master, path, capsys)


def test_validate_and_consolidate_agree_on_a_dtd(master, files, capsys):
    path = files["县民政局"]
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["docProps/core.xml"] = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "a">]>' + \
        parts["docProps/core.xml"].split(b"?>", 1)[1]
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    assert _same_findings(master, path, capsys) == [("unsafe-xml", "", "")]
    code, _ = _validate_json(master, path, capsys)
    assert code == 2


def test_validate_and_consolidate_agree_on_an_oversized_sheet(master, files, capsys, monkeypatch):
    monkeypatch.setattr(returns_caps, "MAX_ROWS", 5)  # 县民政局: 7 rows with the header
    assert _same_findings(master, files["县民政局"], capsys) == [("far-content", "3月", "A6")]


# ---------------------------------------------------------------- and so does validate without a master

def _validate_alone(path, capsys, *argv):
    capsys.readouterr()
    code = main(["validate", str(path), "--json", *argv])
    out = capsys.readouterr()
    return code, json.loads(out.out), out.err


def _at(findings, cell):
    return sorted((f["code"], f["sheet"], f["cell"]) for f in findings if f["cell"] == cell)


def test_validate_without_a_master_reads_a_formula_as_consolidate_does(master, files, capsys):
    path = fill(files["县民政局"], {ELDER: {"累计完成": "=1000+200"}})
    code, alone, _ = _validate_alone(path, capsys)  # the month from the seal
    _, merged = run_json(master, path, capsys=capsys)
    assert code == 1 and alone["month"] == 3
    assert _at(alone["findings"], "J2") == _at(merged["row_findings"], "J2") == [("formula-in-return", "3月", "J2")]


def test_validate_without_a_master_reads_an_error_cell_as_consolidate_does(master, files, capsys):
    path = fill(files["县民政局"], {ELDER: {"累计完成": "#DIV/0!"}})
    code, alone, _ = _validate_alone(path, capsys, "--month", "3")
    _, merged = run_json(master, path, capsys=capsys)
    assert code == 1
    assert ("excel-error", "3月", "J2") in _at(alone["findings"], "J2")
    assert _at(alone["findings"], "J2") == _at(merged["row_findings"], "J2")


def test_validate_without_a_master_refuses_a_dtd(files, capsys):
    path = files["县民政局"]
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["docProps/core.xml"] = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "a">]>' + \
        parts["docProps/core.xml"].split(b"?>", 1)[1]
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    code, alone, err = _validate_alone(path, capsys, "--month", "3")
    assert code == 2 and [f["code"] for f in alone["findings"]] == ["unsafe-xml"] and "县民政局" in err


def test_validate_without_a_master_refuses_an_oversized_sheet(master, files, capsys, monkeypatch):
    monkeypatch.setattr(returns_caps, "MAX_ROWS", 5)  # 县民政局: 7 rows with the header
    code, alone, _ = _validate_alone(files["县民政局"], capsys)
    _, merged = run_json(master, files["县民政局"], capsys=capsys)
    assert code == 2 and [(f["code"], f["sheet"]) for f in alone["findings"]] == [("far-content", "3月")]
    assert alone["findings"] == merged["rejected"]


def test_validate_without_a_master_refuses_broken_files_as_consolidate_does(files, tmp_path, capsys):
    expected = broken_files(tmp_path / "坏", files["县民政局"])
    seen = {}
    for name in expected:
        code, alone, err = _validate_alone(tmp_path / "坏" / name, capsys, "--month", "3")
        assert code == 2 and name in err and "Traceback" not in err
        seen[name] = [f["code"] for f in alone["findings"]]
    assert seen == {name: [code] for name, code in expected.items()}


def test_a_master_is_still_validated_as_a_master(master, capsys):
    code, report, _ = _validate_alone(master, capsys, "--month", "3", "--no-write")
    assert report["file"] == master.name and report["counts"]["rows"] == 31 and code == 1


def test_ods_formula_and_error_cells_are_placed_through_repeated_rows_and_columns():
    from minsheng.xlsx import ods

    content = ('<office:document-content><office:body><office:spreadsheet>'
               '<table:table table:name="其他"><table:table-row><table:table-cell table:formula="of:=1"/>'
               '</table:table-row></table:table>'
               '<table:table table:name="3&amp;月"><table:table-column table:number-columns-repeated="9"/>'
               '<table:table-header-rows><table:table-row><table:table-cell/></table:table-row></table:table-header-rows>'
               '<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="3"/>'
               '</table:table-row>'
               '<table:table-row><table:covered-table-cell/><table:table-cell table:number-columns-repeated="2" '
               'table:formula="of:=1/0" calcext:value-type="error"><office:annotation><text:p>#注</text:p>'
               '</office:annotation><text:p>#DIV/0!</text:p></table:table-cell>'
               '<table:table-cell table:formula="of:=[.A1]&gt;0" office:value-type="float"><text:p>1</text:p>'
               '</table:table-cell></table:table-row>'
               '<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:formula="of:=2" '
               'table:number-columns-repeated="16384"/></table:table-row>'
               '</table:table></office:spreadsheet></office:body></office:document-content>').encode()
    formulas, errors = ods.formulas_and_errors(content, "3&月", 6, 3)
    assert sorted(formulas) == ["A5", "A6", "B4", "B5", "B6", "C4", "C5", "C6"]
    assert errors == {(3, 1): "#DIV/0!", (3, 2): "#DIV/0!"}


def test_ods_merges_and_far_content_are_found_through_repeats_and_covered_cells():
    from minsheng.xlsx import ods

    def sheet(rows: str) -> bytes:
        return ('<office:document-content><office:body><office:spreadsheet><table:table table:name="3月">'
                + rows + '</table:table></office:spreadsheet></office:body></office:document-content>').encode()

    merged = sheet('<table:table-row><table:table-cell/><table:table-cell table:number-rows-spanned="3" '
                   'table:number-columns-spanned="1" office:value-type="string"><text:p>王芳</text:p></table:table-cell>'
                   '<table:table-cell table:number-columns-spanned="2"/><table:covered-table-cell/></table:table-row>'
                   '<table:table-row table:number-rows-repeated="2"><table:table-cell/><table:covered-table-cell/>'
                   '</table:table-row>')
    found = ods.scan(merged, "3月", 10, 10)
    assert (found.merges, found.far) == ([((0, 1), (2, 1)), ((0, 2), (0, 3))], [])
    far = sheet('<table:table-row table:number-rows-repeated="4999"><table:table-cell table:number-columns-repeated="300" '
                'table:style-name="ce1"/><table:table-cell><text:p>看</text:p></table:table-cell></table:table-row>'
                '<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="2"/>'
                '<table:table-cell office:value-type="float" office:value="1"/></table:table-row>'
                '<table:table-row><table:table-cell><text:p><text:s/></text:p></table:table-cell></table:table-row>')
    found = ods.scan(far, "3月", 5000, 256)
    assert [a1 for _, _, a1 in found.far] == ["KO1", "C5001", "C1052999"]
    assert ods.scan_all(far, 5000, 256)["3月"].far == found.far
    assert ods.scan(sheet('<table:table-row><table:table-cell table:number-columns-repeated="16384" table:style-name="a"/>'
                          '</table:table-row>'), "3月", 5000, 256).far == []
