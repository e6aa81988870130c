"""A return's parts are inflated and scanned once per file (``Parts.memo``), with the same answers."""

from __future__ import annotations

import io
import zipfile

import pytest

from minsheng.xlsx import rels, scan
from minsheng.xlsx.zipparts import Parts

SHEET_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
WORKBOOK = ('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<workbookPr{pr}/><sheets><sheet name="3月" sheetId="1" r:id="rId1"/></sheets></workbook>')
RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{SHEET_TYPE}" Target="worksheets/sheet1.xml"/></Relationships>')


def package(sheet: bytes, pr: str = "", extra: dict[str, bytes] | None = None) -> Parts:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(rels.WORKBOOK, WORKBOOK.format(pr=pr))
        z.writestr(rels.WORKBOOK_RELS, RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return Parts(buffer.getvalue())


PLAIN_ROW = (b'<row r="2"><c r="A2" t="s"><v>0</v></c><c s="3" r="J2"><f>40+5</f><v>45</v></c>'
             b'<c r="K2" s="2"/><f>stray</f><c r="L2"><f t="shared" si="0"/><v>1</v></c>'
             b'<c r="M2">\n  <f\tref="M2">1</f></c><c r="N2"><fx>1</fx></c><c r="O2" t="str"><f>A1&lt;B1</f></c>'
             b'<c r="P2" t="inlineStr"><is><t>=1+1 &lt;f&gt;</t></is></c><c r="Q2"><v>1</v><f>1</f></c></row>')


@pytest.mark.parametrize("text", [b"", b'<c r="R2" t="inlineStr"><is><t>http:f ok</t></is></c>'])
def test_formula_cells_are_the_same_whichever_search_finds_the_f_elements(text):
    """The plain ``<f`` search and the prefixed one (taken when ``:f`` appears, here in a text) agree."""
    xml = b"<sheetData>" + PLAIN_ROW.replace(b"</row>", text + b"</row>") + b"</sheetData>"
    assert sorted(scan.formula_refs(xml)) == ["J2", "L2", "M2", "O2"]


def test_prefixed_formula_elements_are_found_beside_plain_ones():
    xml = b'<x:row r="2"><x:c r="A2"><x:f>1</x:f></x:c><c r="B2"><f>2</f></c><x:c r="C2"><x:fx/></x:c></x:row>'
    assert sorted(scan.formula_refs(xml)) == ["A2", "B2"]


def test_returns_with_the_same_workbook_part_keep_their_own_sheets_and_epoch():
    one = package(b'<sheetData><row r="1"><c r="A1"><f>1</f></c></row></sheetData>', pr=' date1904="1"')
    two = package(b'<sheetData><row r="1"><c r="B1"><f>1</f></c></row></sheetData>', pr=' date1904="1"')
    plain = package(b"<sheetData/>")
    assert [scan.formula_refs(scan.sheet_xml(p, "3月")) for p in (one, two)] == [{"A1"}, {"B1"}]
    assert [scan.date1904(p) for p in (one, two, plain)] == [True, True, False]
    assert scan.sheet_xml(one, "4月") is None


def test_a_part_is_inflated_once_however_many_readers_ask():
    parts = package(b"<sheetData/>", extra={"docProps/core.xml": b"<cp:coreProperties><dcterms:modified>"
                                            b"2024-03-28T08:00:00Z</dcterms:modified></cp:coreProperties>"})
    inflated = []
    read = parts.read
    parts.read = lambda name: inflated.append(name) or read(name)
    scan.saved(parts), scan.saved(parts), scan.date1904(parts), scan.sheet_xml(parts, "3月"), scan.sheet_xml(parts, "3月")
    assert sorted(set(inflated)) == sorted(inflated)  # each part once
    assert "docProps/core.xml" in inflated and "xl/worksheets/sheet1.xml" in inflated


def test_a_part_declaring_a_dtd_is_refused_every_time_it_is_asked_for():
    parts = package(b"<sheetData/>", extra={"docProps/custom.xml": b'<!DOCTYPE x [<!ENTITY a "b">]><Properties/>'})
    for _ in range(2):
        with pytest.raises(scan.UnsafeXml):
            scan.properties(parts)


@pytest.mark.parametrize("prefix", ["", "op:"])
def test_custom_properties_read_alike_with_or_without_a_prefix(prefix):
    """The plain ``<property`` search (no ``:property`` in the part) finds what the general one finds."""
    props = (f'<{prefix}Properties xmlns{":op" if prefix else ""}="x" xmlns:vt="y">'
             f'<{prefix}property fmtid="{{D5}}" pid="2" name="填报表.单位"><vt:lpwstr>县民政局</vt:lpwstr></{prefix}property>'
             f"<{prefix}property pid='3' name='填报表.行1'>\n <vt:lpwstr>[\"1\", \"a&amp;b\", \"x\"]</vt:lpwstr></{prefix}property>"
             f'<{prefix}property pid="4" name="空"><vt:lpwstr/></{prefix}property>'
             f'<{prefix}property pid="5" name="数"><vt:i4>3</vt:i4></{prefix}property></{prefix}Properties>').encode()
    parts = package(b"<sheetData/>", extra={"docProps/custom.xml": props})
    assert scan.properties(parts) == {"填报表.单位": "县民政局", "填报表.行1": '["1", "a&b", "x"]', "空": ""}
