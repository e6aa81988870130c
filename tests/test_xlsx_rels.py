"""Sheet name → zip part, resolved once (xlsx/rels) for the patch writer, the return scanner and error cells."""

from __future__ import annotations

import io
import zipfile

import pytest

from minsheng.xlsx import errors, rels, scan
from minsheng.xlsx.zipparts import Parts

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHEET_TYPE = REL + "/worksheet"

PLAIN = (b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="' + REL.encode()
         + b'"><sheets><sheet name="1&#26376;" sheetId="1" r:id="rId1"/><sheet name="A&amp;B" sheetId="2" r:id="rId2"/>'
         b'</sheets></workbook>')
PREFIXED = (b'<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:rel="'
            + REL.encode() + b'"><x:sheets><x:sheet name="1\xe6\x9c\x88" sheetId="1" rel:id="rId1"/>'
            b"<x:sheet name='A&amp;B' sheetId='2' rel:id='rId2'/></x:sheets></x:workbook>")
RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="{t}" Target="{one}"/>'
        '<Relationship Id="rId2" Type="{t}" Target="{two}"/>'
        '<Relationship Id="rId3" Type="{t}" Target="http://example.cn/x.xml" TargetMode="External"/>'
        "</Relationships>")
PREFIXED_RELS = ('<p:Relationships xmlns:p="http://schemas.openxmlformats.org/package/2006/relationships">'
                 '<p:Relationship Id="rId1" Type="{t}" Target="{one}"/>'
                 '<p:Relationship Type="{t}" Target="{two}" Id="rId2"/></p:Relationships>')


@pytest.mark.parametrize("base, target, part", [
    ("xl", "worksheets/sheet1.xml", "xl/worksheets/sheet1.xml"),
    ("xl", "./worksheets/sheet1.xml", "xl/worksheets/sheet1.xml"),
    ("xl", "../xl/worksheets/sheet1.xml", "xl/worksheets/sheet1.xml"),
    ("xl/worksheets", "../tables/table1.xml", "xl/tables/table1.xml"),
    ("xl", "/xl/worksheets/sheet2.xml", "xl/worksheets/sheet2.xml"),
    ("xl/worksheets", "/xl/tables/table1.xml", "xl/tables/table1.xml"),
    ("xl", "../../../x.xml", "x.xml"),
])
def test_targets_resolve_relative_to_their_folder_or_from_the_root(base, target, part):
    assert rels.resolve(base, target) == part


@pytest.mark.parametrize("workbook, template", [(PLAIN, RELS), (PREFIXED, PREFIXED_RELS), (PREFIXED, RELS)])
def test_sheet_parts_read_any_prefix_and_any_kind_of_target(workbook, template):
    xml = template.format(t=SHEET_TYPE, one="../xl/worksheets/sheet1.xml", two="/xl/worksheets/sheet2.xml").encode()
    assert rels.sheet_parts(workbook, xml) == {"1月": "xl/worksheets/sheet1.xml", "A&B": "xl/worksheets/sheet2.xml"}


def test_external_targets_are_no_parts_and_rels_sit_beside_their_part():
    xml = RELS.format(t=SHEET_TYPE, one="worksheets/sheet1.xml", two="worksheets/sheet2.xml").encode()
    assert set(rels.targets(xml, "xl")) == {"rId1", "rId2"}
    assert rels.rels_part("xl/worksheets/sheet1.xml") == "xl/worksheets/_rels/sheet1.xml.rels"


def package(path, workbook: bytes, rels_xml: bytes, sheets: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(rels.WORKBOOK, workbook)
        z.writestr(rels.WORKBOOK_RELS, rels_xml)
        for name, xml in sheets.items():
            z.writestr(name, xml)
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


def test_the_return_scanner_and_the_error_reader_find_the_same_parts(tmp_path):
    sheet = (b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
             b'<x:row r="2"><c r="B2" t="e"><v>#REF!</v></c></x:row></x:sheetData></x:worksheet>')
    rels_xml = PREFIXED_RELS.format(t=SHEET_TYPE, one="../xl/worksheets/a.xml", two="/xl/worksheets/b.xml").encode()
    data = package(tmp_path / "r.xlsx", PREFIXED, rels_xml, {"xl/worksheets/a.xml": sheet, "xl/worksheets/b.xml": b"<b/>"})
    parts = Parts(data)
    assert scan.sheet_xml(parts, "1月") == sheet and scan.sheet_xml(parts, "A&B") == b"<b/>"
    assert errors.error_cells(tmp_path / "r.xlsx", ["1月", "A&B"]) == {"1月": {(1, 1): "#REF!"}}
