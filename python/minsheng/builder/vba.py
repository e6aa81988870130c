"""The master's VBA project and ribbon, built from text.

``workbook/vba/*.bas`` are the macros, in ASCII: one ribbon callback each, which
calls an entry point of ``minsheng.xl`` through xlwings' ``RunPython``.
``workbook/ribbon/customUI.xml`` is the ribbon, in the Office 2007 part that
openpyxl keeps when it re-saves the master; the Chinese labels live there.

``project_bin`` compiles the modules with pyOpenVBA into the bytes XlsxWriter's
``add_vba_project(..., is_stream=True)`` takes; ``add_ribbon`` puts the ribbon
into the saved package, which XlsxWriter cannot do. Both are deterministic:
the same sources give the same bytes. The sources keep LF line ends in the
repository; the project gets CRLF, VBA's own.
"""

from __future__ import annotations

import functools
import os
import re
import struct
import tempfile
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from pyopenvba import ExcelFile
from pyopenvba.vba import VBAProject

REPO = Path(__file__).resolve().parents[3]
VBA_DIR = REPO / "workbook" / "vba"
RIBBON_XML = REPO / "workbook" / "ribbon" / "customUI.xml"

CUSTOMUI_NS = "http://schemas.microsoft.com/office/2006/01/customui"
CUSTOMUI_PART = "customUI/customUI.xml"
CUSTOMUI_REL = "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"
_ROOT_RELS = "_rels/.rels"
_RIBBON_REL_ID = "minshengRibbon"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # as XlsxWriter stamps every part

# RunPython comes from the xlwings add-in, by a reference to its VBA project
# (Tools > References > xlwings), as in xlwings' own quickstart.xlsm: a
# REFERENCEPROJECT record [MS-OVBA 2.3.4.2.2.3] naming the project "xlwings" in
# xlwings.xlam. pyOpenVBA's add_reference() writes only registered type
# libraries, so the record is spliced in here, beside the ones it keeps.
# quickstart.xlsm's record names its author's checkout and a version older
# than the add-in shipped beside it, yet xlwings' docs say a quickstart
# workbook works with the add-in each user installs into XLSTART: the paths
# and version are hints, the open add-in is found by its name. Ours name the
# machine-wide XLSTART (xlwings addin install --glob) and a copy beside the
# workbook, with quickstart.xlsm's version.
XLWINGS_PROJECT = "xlwings"
XLWINGS_LIBID_ABSOLUTE = r"*\CC:\Program Files\Microsoft Office\root\Office16\XLSTART\xlwings.xlam"
XLWINGS_LIBID_RELATIVE = r"*\Cxlwings.xlam"
XLWINGS_VERSION = (0x68FE4C3D, 0x000C)  # (major, minor), from quickstart.xlsm

_MODULE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,30}$")
_VB_NAME = re.compile(r'^Attribute VB_Name = "([^"]*)"', re.M)
_CALLBACK = re.compile(
    r'^Public Sub (\w+)\(control As IRibbonControl\)\r?\n'
    r'\s*RunPython "import ([\w.]+); \2\.(\w+)\(\)"\r?\n'
    r'End Sub$',
    re.M,
)


class VBASourceError(ValueError):
    """A VBA source or ribbon that cannot be built; the message names the file and line."""


def vba_modules(folder: Path = VBA_DIR) -> dict[str, str]:
    """Each ``.bas`` in ``folder``, by module name (the file's stem), in name order."""
    modules: dict[str, str] = {}
    for path in sorted(Path(folder).glob("*.bas")):
        text = path.read_bytes().decode("utf-8", errors="replace")
        for n, line in enumerate(text.splitlines(), start=1):
            bad = next((c for c in line if ord(c) > 127), None)
            if bad is not None:
                raise VBASourceError(
                    f"{path.name} 第{n}行: 含非 ASCII 字符“{bad}”；VBA 源码只能用 ASCII，中文请写在功能区 XML 里")
        name = path.stem
        declared = _VB_NAME.search(text)
        if not _MODULE_NAME.match(name) or (declared and declared.group(1) != name):
            raise VBASourceError(f"{path.name}: 模块名应为字母开头的英文标识符，且与 Attribute VB_Name 一致")
        modules[name] = text
    return modules


def project_bin(modules: dict[str, str]) -> bytes:
    """``vbaProject.bin``: Excel's new project (ThisWorkbook, Sheet1), the xlwings reference and ``modules``.

    ThisWorkbook and Sheet1 are the code names XlsxWriter gives the workbook
    and its first sheet when it adds a project.

    Deterministic: pyOpenVBA starts from a template captured from Excel and
    keeps its ids and timestamps, and declares modules in the order given.
    """
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "project.xlsm"
        with ExcelFile.create_new(path) as book:
            project = book.vba_project()
            project.delete_module("Module1")  # the template's empty module
            _reference_xlwings(project)
            for name, source in modules.items():
                project.add_module(name, "\r\n".join(source.splitlines()) + "\r\n")
            book.save()
        with zipfile.ZipFile(path) as package:
            return package.read("xl/vbaProject.bin")


def _record(rid: int, body: bytes) -> bytes:
    return struct.pack("<HI", rid, len(body)) + body


def _reference_xlwings(project: VBAProject) -> None:
    """Append the reference to the xlwings add-in's project after the references the project has."""
    absolute, relative = XLWINGS_LIBID_ABSOLUTE.encode("ascii"), XLWINGS_LIBID_RELATIVE.encode("ascii")
    block = (
        _record(0x0016, XLWINGS_PROJECT.encode("ascii"))  # REFERENCENAME
        + _record(0x003E, XLWINGS_PROJECT.encode("utf-16-le"))
        + _record(0x000E, struct.pack("<I", len(absolute)) + absolute  # REFERENCEPROJECT
                  + struct.pack("<I", len(relative)) + relative + struct.pack("<IH", *XLWINGS_VERSION))
    )
    at = project.dir_modules_offset  # where PROJECTMODULES starts, after the references
    project.dir_raw = project.dir_raw[:at] + block + project.dir_raw[at:]
    project.dir_modules_offset = at + len(block)
    project.dir_references_dirty = True


def add_ribbon(xlsm_path: Path | str, ribbon_xml: bytes) -> None:
    """Put ``ribbon_xml`` into the package as its ribbon, rewriting the file in place.

    Every other part keeps its bytes, its place and its zip attributes; the
    ribbon comes last. Running it again replaces the ribbon, so it is idempotent.
    One part at a time is held inflated (a month sheet of 10,000 rows is 20 MiB of XML), the new
    package is written beside the file and then put in its place.
    """
    path = Path(xlsm_path)
    spare = path.with_name(path.name + ".ribbon")
    try:
        with zipfile.ZipFile(path) as package, zipfile.ZipFile(spare, "w") as out:
            infos = {info.filename: info for info in package.infolist()}
            # A ribbon already there is replaced where it is; a new one comes last (with .rels's attributes).
            for name in [*infos] + ([] if CUSTOMUI_PART in infos else [CUSTOMUI_PART]):
                info = infos.get(name, infos[_ROOT_RELS])
                fixed = zipfile.ZipInfo(name, _ZIP_TIME)
                fixed.create_system, fixed.external_attr = info.create_system, info.external_attr
                if name in (CUSTOMUI_PART, _ROOT_RELS) or not _copy_deflated(package, info, out, fixed):
                    data = (ribbon_xml if name == CUSTOMUI_PART else
                            _with_ribbon_relationship(package.read(info)) if name == _ROOT_RELS else package.read(info))
                    out.writestr(fixed, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
                    del data
        os.replace(spare, path)
    finally:
        spare.unlink(missing_ok=True)


def _copy_deflated(package: zipfile.ZipFile, info: zipfile.ZipInfo, out: zipfile.ZipFile, fixed: zipfile.ZipInfo) -> bool:
    """Copy a part XlsxWriter deflated (at zlib's default level, 6) into ``out`` as stored, under the
    header ``fixed``: what ``writestr`` at level 6 would write, without inflating and deflating it
    again. False, and nothing written, for any other part (stored, encrypted, a data descriptor)."""
    if info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & 0x9 or info.file_size > zipfile.ZIP64_LIMIT // 2:
        return False
    source = package.fp
    source.seek(info.header_offset)
    head = source.read(30)
    if head[:4] != b"PK\x03\x04":
        return False
    source.seek(info.header_offset + 30 + sum(struct.unpack("<HH", head[26:30])))
    raw = source.read(info.compress_size)
    fixed.compress_type, fixed.CRC = zipfile.ZIP_DEFLATED, info.CRC
    fixed.compress_size, fixed.file_size = len(raw), info.file_size
    # zipfile's own steps for a written part (ZipFile._open_to_write, _ZipWriteFile.close), data as given
    fixed.header_offset = out.fp.tell()
    out.fp.write(fixed.FileHeader(False))
    out.fp.write(raw)
    out.filelist.append(fixed)
    out.NameToInfo[fixed.filename] = fixed
    out.start_dir = out.fp.tell()
    out._didModify = True
    return True


def _with_ribbon_relationship(rels: bytes) -> bytes:
    text = re.sub(rf'<Relationship\b[^>]*Type="{re.escape(CUSTOMUI_REL)}"[^>]*/>', "", rels.decode("utf-8"))
    relationship = f'<Relationship Id="{_RIBBON_REL_ID}" Type="{CUSTOMUI_REL}" Target="{CUSTOMUI_PART}"/>'
    return text.replace("</Relationships>", relationship + "</Relationships>", 1).encode("utf-8")


def entry_points(source: str) -> list[tuple[str, str, str]]:
    """(Sub, Python module, function) of each ribbon callback in a module's source."""
    return _CALLBACK.findall(source)


def ribbon_buttons(ribbon_xml: bytes, modules: dict[str, str]) -> tuple[tuple[str, str, str], ...]:
    """(label, Sub, ``module.function``) of each button, from the ribbon's onAction and the VBA callbacks."""
    targets = {sub: f"{module}.{function}"
               for source in modules.values() for sub, module, function in entry_points(source)}
    buttons = []
    for button in ElementTree.fromstring(ribbon_xml).iter(f"{{{CUSTOMUI_NS}}}button"):
        label, sub = button.get("label", ""), button.get("onAction", "")
        if sub not in targets:
            raise VBASourceError(f"customUI.xml: 按钮“{label}”的 onAction={sub} 在 VBA 中没有调用 RunPython 的同名 Sub")
        buttons.append((label, sub, targets[sub]))
    return tuple(buttons)


@functools.cache
def _repo_ribbon_buttons() -> tuple[tuple[str, str, str], ...]:
    return ribbon_buttons(RIBBON_XML.read_bytes(), vba_modules(VBA_DIR))


def __getattr__(name: str) -> object:
    # RIBBON_BUTTONS is read from the repository's sources on first use, not at import.
    if name == "RIBBON_BUTTONS":
        return _repo_ribbon_buttons()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
