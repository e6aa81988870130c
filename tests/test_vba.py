"""The VBA project and the ribbon, checked by readers other than our own: oletools, openpyxl, LibreOffice."""

from __future__ import annotations

import datetime
import io
import os
import re
import struct
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import olefile
import openpyxl
import pytest
import xlsxwriter
import xlwings
from oletools.olevba import VBA_Parser, decompress_stream

from minsheng.builder import vba
from minsheng.engines.libreoffice import convert
from xlsm_book import load_xlsm

ENTRY_POINTS = {"validate", "split", "consolidate", "status", "bulletin", "remind", "plan_split", "plan_merge"}
QUICKSTART = Path(xlwings.__file__).parent / "quickstart.xlsm"


def build(path: Path) -> Path:
    """A small master: one sheet, our VBA project, our ribbon."""
    workbook = xlsxwriter.Workbook(path)
    workbook.set_properties({"created": datetime.datetime(2024, 1, 1)})
    workbook.add_worksheet("项目表").write("A1", "项目编号")
    workbook.add_vba_project(io.BytesIO(vba.project_bin(vba.vba_modules(vba.VBA_DIR))), is_stream=True)
    workbook.close()
    vba.add_ribbon(path, vba.RIBBON_XML.read_bytes())
    return path


@pytest.fixture(scope="module")
def xlsm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("master") / "master.xlsm")


def macros(path: Path) -> dict[str, str]:
    """Module name -> code, as oletools reads it."""
    parser = VBA_Parser(str(path))
    try:
        return {Path(name).stem: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def without_attributes(text: str) -> list[str]:
    return [line for line in text.splitlines() if not line.startswith("Attribute VB_")]


def project_references(project: bytes) -> list[tuple[str, bytes, bytes]]:
    """(name, absolute libid, relative libid) of each REFERENCEPROJECT in a vbaProject.bin's dir stream."""
    ole = olefile.OleFileIO(io.BytesIO(project))
    raw = decompress_stream(bytearray(ole.openstream("VBA/dir").read()))
    found, name, pos = [], "", 0
    while pos + 6 <= len(raw):
        rid, size = struct.unpack_from("<HI", raw, pos)
        body = raw[pos + 6:pos + 6 + (6 if rid == 0x0009 else size)]  # PROJECTVERSION's size field lies
        if rid == 0x000F:  # PROJECTMODULES: the references are behind us
            break
        if rid == 0x0016:
            name = bytes(body).decode("ascii")
        if rid == 0x000E:
            n = struct.unpack_from("<I", body)[0]
            m = struct.unpack_from("<I", body, 4 + n)[0]
            found.append((name, bytes(body[4:4 + n]), bytes(body[8 + n:8 + n + m])))
        pos += 6 + len(body)
    return found


def test_each_module_is_its_source(xlsm: Path) -> None:
    sources = vba.vba_modules(vba.VBA_DIR)
    code = macros(xlsm)
    assert set(code) == {"ThisWorkbook", "Sheet1", *sources}
    for name, source in sources.items():
        assert without_attributes(code[name]) == without_attributes(source), name


def test_every_button_has_its_sub(xlsm: Path) -> None:
    ribbon = ElementTree.fromstring(vba.RIBBON_XML.read_bytes())
    actions = [b.get("onAction") for b in ribbon.iter(f"{{{vba.CUSTOMUI_NS}}}button")]
    code = "\n".join(macros(xlsm).values())
    assert len(actions) == 8
    for action in actions:
        assert re.search(rf"^Public Sub {action}\(control As IRibbonControl\)", code, re.M), action


def test_buttons_map_to_entry_points() -> None:
    triples = [t for source in vba.vba_modules(vba.VBA_DIR).values() for t in vba.entry_points(source)]
    assert {module for _, module, _ in triples} == {"minsheng.xl"}
    assert {function for _, _, function in triples} == ENTRY_POINTS
    assert vba.RIBBON_BUTTONS == (
        ("下发计划表", "BtnPlanSplit", "minsheng.xl.plan_split"),  # 年初建账 (issue 15)
        ("汇总计划表", "BtnPlanMerge", "minsheng.xl.plan_merge"),
        ("校验", "BtnValidate", "minsheng.xl.validate"),
        ("下发填报表", "BtnSplit", "minsheng.xl.split"),
        ("汇总回收表", "BtnConsolidate", "minsheng.xl.consolidate"),
        ("滞后预警", "BtnStatus", "minsheng.xl.status"),
        ("生成通报", "BtnBulletin", "minsheng.xl.bulletin"),
        ("催报提醒", "BtnRemind", "minsheng.xl.remind"),
    )


def test_a_button_without_a_sub_is_refused() -> None:
    ribbon = vba.RIBBON_XML.read_bytes().replace(b'onAction="BtnRemind"', b'onAction="BtnNowhere"')
    with pytest.raises(vba.VBASourceError, match="催报提醒.*BtnNowhere"):
        vba.ribbon_buttons(ribbon, vba.vba_modules(vba.VBA_DIR))


def test_references_the_xlwings_addin_as_quickstart_does(xlsm: Path) -> None:
    with zipfile.ZipFile(QUICKSTART) as package:
        theirs = project_references(package.read("xl/vbaProject.bin"))
    with zipfile.ZipFile(xlsm) as package:
        ours = project_references(package.read("xl/vbaProject.bin"))
    assert [(name, absolute.rsplit(b"\\", 1)[1]) for name, absolute, _ in theirs] == [("xlwings", b"xlwings.xlam")]
    assert ours == [("xlwings", vba.XLWINGS_LIBID_ABSOLUTE.encode(), vba.XLWINGS_LIBID_RELATIVE.encode())]
    assert ours[0][0] == theirs[0][0] and ours[0][1].endswith(b"\\xlwings.xlam")


def test_builds_are_byte_identical(xlsm: Path, tmp_path: Path) -> None:
    assert build(tmp_path / "again.xlsm").read_bytes() == xlsm.read_bytes()


def test_project_bin_is_the_same_in_other_processes() -> None:
    script = ("import sys; from minsheng.builder import vba; "
              "sys.stdout.buffer.write(vba.project_bin(vba.vba_modules(vba.VBA_DIR)))")
    here = vba.project_bin(vba.vba_modules(vba.VBA_DIR))
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(vba.REPO / "python")}
        assert subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                              check=True).stdout == here


def test_add_ribbon_keeps_the_other_parts_and_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsm"
    workbook = xlsxwriter.Workbook(path)
    workbook.set_properties({"created": datetime.datetime(2024, 1, 1)})
    workbook.add_worksheet("项目表")
    workbook.close()
    with zipfile.ZipFile(path) as package:
        before = [(i.filename, package.read(i)) for i in package.infolist()]
    vba.add_ribbon(path, vba.RIBBON_XML.read_bytes())
    once = path.read_bytes()
    vba.add_ribbon(path, vba.RIBBON_XML.read_bytes())
    assert path.read_bytes() == once
    with zipfile.ZipFile(path) as package:
        after = [(i.filename, package.read(i)) for i in package.infolist()]
        stamps = {(i.date_time, i.compress_type) for i in package.infolist()}
        rels = package.read("_rels/.rels").decode()
    assert [p for p in after if p[0] != "_rels/.rels"] == [
        *[p for p in before if p[0] != "_rels/.rels"], (vba.CUSTOMUI_PART, vba.RIBBON_XML.read_bytes())]
    assert [p[0] for p in after] == [p[0] for p in before] + [vba.CUSTOMUI_PART]
    # XlsxWriter stamps 1980-01-31 when it writes through temporary files, 1980-01-01 in memory.
    assert stamps == {((1980, 1, 1, 0, 0, 0), zipfile.ZIP_DEFLATED)}
    assert rels.count(vba.CUSTOMUI_REL) == 1


def test_openpyxl_keeps_project_and_ribbon(xlsm: Path, tmp_path: Path) -> None:
    resaved = tmp_path / "resaved.xlsm"
    load_xlsm(xlsm).save(resaved)
    with zipfile.ZipFile(xlsm) as ours, zipfile.ZipFile(resaved) as theirs:
        assert theirs.read("xl/vbaProject.bin") == ours.read("xl/vbaProject.bin")
        assert theirs.read(vba.CUSTOMUI_PART) == ours.read(vba.CUSTOMUI_PART)
        rels = ElementTree.fromstring(theirs.read("_rels/.rels"))
    targets = [r.get("Target").lstrip("/") for r in rels if r.get("Type") == vba.CUSTOMUI_REL]
    assert targets == [vba.CUSTOMUI_PART]


def test_non_ascii_source_is_refused(tmp_path: Path) -> None:
    (tmp_path / "Bad.bas").write_text('Attribute VB_Name = "Bad"\nSub A()\n    MsgBox "校验"\nEnd Sub\n', "utf-8")
    with pytest.raises(vba.VBASourceError, match="Bad.bas 第3行.*“校”"):
        vba.vba_modules(tmp_path)


@pytest.mark.libreoffice
@pytest.mark.slow
def test_libreoffice_opens_it(xlsm: Path, tmp_path: Path) -> None:
    converted = openpyxl.load_workbook(convert(xlsm, "xlsx", tmp_path / "out"))
    assert converted["项目表"]["A1"].value == "项目编号"
