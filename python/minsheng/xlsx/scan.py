"""Small XML parts of an untrusted workbook, scanned with regular expressions, never parsed.

No XML parser sees a unit's return, so no entity is ever expanded: the few parts
read here (the save time, the custom document properties holding the seal, which
part is a sheet, the formula cells of the data sheet) are scanned for what is
needed, and a part that declares a DTD is refused (``UnsafeXml``).
"""

from __future__ import annotations

import functools
import html
import re
import zipfile
from datetime import datetime

from minsheng.model.layout import column_letter
from minsheng.xlsx import rels
from minsheng.xlsx.zipparts import Parts

_CELL_TAG = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3}[0-9]{1,7})"')
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_MODIFIED = re.compile(rb"<(?:\w+:)?modified\b[^>]*>([^<]*)<")
_PROPERTY = re.compile(rb"""<(?:\w+:)?property\s(?:[^>]*?\s)?name\s*=\s*(?:"([^"]*)"|'([^']*)')[^>]*>\s*"""
                       rb"<(?:\w+:)?(?:lpwstr|lpstr|bstr)\b[^>]*?(?:/>|>([^<]*)<)")
_PLAIN_PROPERTY = re.compile(_PROPERTY.pattern.replace(rb"<(?:\w+:)?property", rb"<property", 1))
_PREFIXED_PROPERTY = re.compile(rb":property\s")  # could be the end of ``<op:property``


class UnsafeXml(ValueError):
    """A part declares a DTD or an entity, which no spreadsheet application writes."""


def part(parts: Parts, name: str) -> bytes | None:
    """A small XML part, or None when missing or unreadable. Parts are only scanned with regular
    expressions, never parsed, so no entity is ever expanded; one that declares a DTD is refused.
    Each part is inflated and looked at once per file (``Parts.memo``), however many readers ask."""
    key = ("part", name)
    if key in parts.memo:
        return parts.memo[key]
    try:
        xml = parts.read(name)
    except (KeyError, zipfile.BadZipFile):
        xml = None
    if xml is not None and (b"<!DOCTYPE" in xml or b"<!ENTITY" in xml):
        raise UnsafeXml(name)
    parts.memo[key] = xml
    return xml


_ODS_DATE = re.compile(rb"<dc:date\b[^>]*>([^<]*)<")


def saved(parts: Parts) -> datetime | None:
    """When the document says it was last saved: an .xlsx's core properties, an .ods's meta.xml."""
    xml = part(parts, "docProps/core.xml")
    found = _MODIFIED.search(xml) if xml else None
    if found is None and "meta.xml" in parts:
        xml = part(parts, "meta.xml")
        found = _ODS_DATE.search(xml) if xml else None
    if not found:
        return None
    try:
        when = datetime.fromisoformat(found.group(1).decode("ascii").strip().replace("Z", "+00:00"))
    except (UnicodeDecodeError, ValueError):
        return None
    return (when.astimezone().replace(tzinfo=None) if when.tzinfo else when).replace(microsecond=0)


def properties(parts: Parts) -> dict[str, str]:
    """The custom document properties with a text value: name → text."""
    xml = part(parts, "docProps/custom.xml")
    if not xml:
        return {}
    pattern = _PROPERTY if _PREFIXED_PROPERTY.search(xml) else _PLAIN_PROPERTY  # the same finds, quicker
    return {_xml_text(double or single): _xml_text(value) for double, single, value in pattern.findall(xml)}


def sheet_xml(parts: Parts, sheet_name: str) -> bytes | None:
    """The XML of the part holding ``sheet_name`` (an .xlsx's own; .xls and .ods are not looked at):
    the workbook part names the sheet's relationship, the relationships part its file."""
    found = _workbook(parts)
    if found is None:
        return None
    name = found[0].get(sheet_name)
    return part(parts, name) if name else None


def _workbook(parts: Parts) -> tuple[dict[str, str], bool] | None:
    """What the workbook part and its relationships say: sheet name → part, and whether dates count
    from 1904; None without both parts. Once per file (``Parts.memo``), and once per content: returns
    made by split share these two parts byte for byte, so they are inflated and scanned once."""
    if "workbook" in parts.memo:
        return parts.memo["workbook"]
    try:
        key = (parts.stored(rels.WORKBOOK), parts.stored(rels.WORKBOOK_RELS))
    except (KeyError, zipfile.BadZipFile):
        key = None
    if key is not None and key not in _WORKBOOKS:
        if len(_WORKBOOKS) > 64:
            _WORKBOOKS.clear()
        book, relationships = part(parts, rels.WORKBOOK), part(parts, rels.WORKBOOK_RELS)
        _WORKBOOKS[key] = (rels.sheet_parts(book, relationships), bool(_DATE1904.search(book))) \
            if book and relationships else None
    parts.memo["workbook"] = found = _WORKBOOKS[key] if key is not None else None
    return found


_WORKBOOKS: dict[tuple[bytes, bytes], tuple[dict[str, str], bool] | None] = {}  # by content: the same answer


_FILLED_CELL = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"[^>]*?(?<!/)>\s*<(?:\w+:)?(?:v|is|f)\b')


def far_cells(xml: bytes, rows: int, columns: int) -> list[tuple[int, int, str]]:
    """The cells holding something (a value, inline text or a formula) beyond ``rows`` × ``columns``,
    as (row, column, A1): what a sheet really carries, whatever range its ``dimension`` claims.
    Cells that only carry a format are not counted (readers do not allocate for them).
    A sheet with no cell reference long enough to lie beyond the caps is passed over by one quick search."""
    if not _maybe_far(rows, columns).search(xml):
        return []
    out = []
    for letters, number in _FILLED_CELL.findall(xml):
        row, col = int(number), _column(letters)
        if row > rows or col > columns:
            out.append((row, col, (letters + number).decode("ascii")))
    return out


@functools.lru_cache(maxsize=8)
def _maybe_far(rows: int, columns: int) -> re.Pattern:
    """Every cell reference that could lie beyond ``rows`` × ``columns`` (and some that do not):
    as many row digits as ``rows`` has or more, as many column letters as the last column has or more."""
    letters = len(column_letter(columns - 1))  # the last column's letters
    return re.compile(rb'r="(?:[A-Z]{%d}|[A-Z]+[0-9]{%d})' % (letters, len(str(rows))))


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def formula_refs(xml: bytes) -> set[str]:
    """A1 references of the cells whose first child is a formula: for each ``<f`` element, the cell
    start tag right before it (nothing but blanks between), never a self-closed one."""
    out = set()
    for start in _formula_starts(xml):
        end = xml.rfind(b">", 0, start)
        if end < 0 or xml[end - 1:end] == b"/" or xml[end + 1:start].strip():
            continue
        cell = _CELL_TAG.match(xml, xml.rfind(b"<", 0, end), end)
        if cell:
            out.add(cell.group(1).decode("ascii"))
    return out


_PLAIN_FORMULA = re.compile(rb"<f[\s>/]")
_PREFIXED_FORMULA = re.compile(rb":f[\s>/]")  # could be the end of ``<x:f``


def _formula_starts(xml: bytes):
    """Where each ``<f`` element (any prefix) starts, as ``_FORMULA`` finds them. A part with no
    ``:f`` (no prefixed formula element: the usual case) is searched for the plain ``<f``, whose
    literal start the regular expression engine looks for quickly; ``_FORMULA`` tries every ``<``."""
    pattern = _FORMULA if _PREFIXED_FORMULA.search(xml) else _PLAIN_FORMULA
    return (found.start() for found in pattern.finditer(xml))


def _xml_text(raw: bytes) -> str:
    text = raw.decode("utf-8", "replace")
    return html.unescape(text) if "&" in text else text


_DATE1904 = re.compile(rb"<(?:\w+:)?workbookPr\b[^>]*?\bdate1904\s*=\s*[\"'](?:1|true)[\"']")
_NULL_DATE = re.compile(rb"<table:null-date\b[^>]*?table:date-value\s*=\s*[\"']1904-01-01")


def date1904(parts: Parts) -> bool:
    """Whether a workbook counts dates from 1904 (an .xlsx's ``date1904``, an .ods's null date)."""
    found = _workbook(parts)
    if found is not None:
        return found[1]
    xml = part(parts, rels.WORKBOOK)
    if xml:
        return bool(_DATE1904.search(xml))
    xml = part(parts, "content.xml") if "content.xml" in parts else None
    return bool(xml and _NULL_DATE.search(xml))
