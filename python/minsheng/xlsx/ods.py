"""One sheet of an .ods as calamine does not tell it, scanned from content.xml, never parsed.

python-calamine reads a formula's cached error (``#DIV/0!``) in an .ods as an empty
cell, says nothing of formulas or merged cells, and sizes its grid by the farthest
cell, however far (a cell at XFD1048576 fails as "Cell limit exceeded"). The .xlsx
path finds all of these in the sheet part (``scan``, ``errors``); ``scan`` here finds
the same in the sheet's ``<table:table>`` of content.xml in one walk over its tags:
cells carrying ``table:formula`` or ``calcext:value-type="error"``, cells spanning
others (``table:number-rows-spanned`` / ``number-columns-spanned``) and cells holding
something beyond ``rows`` × ``columns``, placed by counting rows and cells (with their
``number-rows-repeated`` / ``number-columns-repeated``). Only the tags are scanned
with regular expressions, so no entity is expanded (the caller refuses a DTD);
repeats are counted, never expanded beyond ``rows`` × ``columns``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from minsheng.model.layout import column_letter

_ATTRS = rb"""((?:[^>"'/]+|"[^"]*"|'[^']*'|/(?!>))*)"""  # a tag's attributes, quoted '>' and '/>' kept; in runs, not per character
_TABLE = re.compile(rb"<table:table\s" + _ATTRS + rb"(/?)>")
_NAME = re.compile(rb"""\btable:name\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_TABLE_END = re.compile(rb"</table:table>")
_TAG = re.compile(rb"<(/?)table:(table-row|table-cell|covered-table-cell)(?=[\s/>])" + _ATTRS + rb"(/?)>")
_ROWS_REPEATED = re.compile(rb"""\btable:number-rows-repeated\s*=\s*["'](\d{1,9})["']""")
_COLUMNS_REPEATED = re.compile(rb"""\btable:number-columns-repeated\s*=\s*["'](\d{1,9})["']""")
_ROWS_SPANNED = re.compile(rb"""\btable:number-rows-spanned\s*=\s*["'](\d{1,9})["']""")
_COLUMNS_SPANNED = re.compile(rb"""\btable:number-columns-spanned\s*=\s*["'](\d{1,9})["']""")
_FORMULA = re.compile(rb"\btable:formula\s*=")
_VALUE = re.compile(rb"\boffice:value-type\s*=")
_ERROR = re.compile(rb"""\bcalcext:value-type\s*=\s*["']error["']""")
_ANNOTATION = re.compile(rb"<office:annotation\b.*?</office:annotation>", re.S)
_PARAGRAPH = re.compile(rb"<text:p\b[^>]*>(.*?)</text:p>", re.S)
_MARKUP = re.compile(rb"<[^>]*>")
FAR_KEPT = 50  # far cells listed (enough to name them; a sheet may have millions)


@dataclass
class OdsSheet:
    """What one sheet's XML says that calamine does not, within ``rows`` × ``columns``, plus the
    cells holding something beyond them. Rows and columns are 0-based unless said."""
    formulas: set[str] = field(default_factory=set)  # A1 refs of the cells holding a formula
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # (row0, col0) → '#DIV/0!'
    merges: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)  # ((r0, c0), (r1, c1)) inclusive, as calamine's merged_cell_ranges
    far: list[tuple[int, int, str]] = field(default_factory=list)  # (row, column, A1), 1-based, as scan.far_cells


def tables(content: bytes):
    """(sheet name, the inside of its ``<table:table>`` element) for each sheet of content.xml."""
    for found in _TABLE.finditer(content):
        name = _NAME.search(found.group(1))
        sheet = html.unescape((name.group(1) or name.group(2) or b"").decode("utf-8", "replace")) if name else ""
        if found.group(2):
            yield sheet, b""
            continue
        end = _TABLE_END.search(content, found.end())
        yield sheet, content[found.end():end.start() if end else len(content)]


def table(content: bytes, sheet: str) -> bytes | None:
    """The ``<table:table>`` element of ``sheet`` in content.xml, or None."""
    return next((body for name, body in tables(content) if name == sheet), None)


def scan_all(content: bytes, rows: int, columns: int) -> dict[str, OdsSheet]:
    """``scan`` of every sheet of content.xml, in one walk: sheet name → what it says."""
    out: dict[str, OdsSheet] = {}
    for name, body in tables(content):
        out.setdefault(name, _scan(body, rows, columns))
    return out


def scan(content: bytes, sheet: str, rows: int, columns: int) -> OdsSheet:
    """Formulas, errors and merges of ``sheet`` within its first ``rows`` × ``columns``, and the
    cells holding a value, text or formula beyond them (a cell only styled is not counted)."""
    return _scan(table(content, sheet) or b"", rows, columns)


def _scan(body: bytes, rows: int, columns: int) -> OdsSheet:
    out = OdsSheet()
    if not body:
        return out
    row, col, repeat = 0, 0, 1
    in_row: list[tuple[int, bool, str | None, int, int]] = []  # (col0, formula, error, rows spanned, columns spanned)
    filled: list[tuple[int, int]] = []  # (first col0, last col0) of the cells holding something in the current row
    for found in _TAG.finditer(body):
        closing, kind, attrs, empty = found.groups()
        if kind == b"table-row":
            if closing or empty:
                if empty:
                    repeat = _count(_ROWS_REPEATED, attrs)
                _close_row(out, row, repeat, in_row, filled, rows, columns)
                row, in_row, filled = row + repeat, [], []
            else:
                col, repeat = 0, _count(_ROWS_REPEATED, attrs)
            continue
        if closing:
            continue
        span = _count(_COLUMNS_REPEATED, attrs)
        formula = bool(_FORMULA.search(attrs))
        if formula or _VALUE.search(attrs) or (not empty and _holds_text(body, found.end(), kind)):
            filled.append((col, col + span - 1))
        if row < rows and col < columns:
            error = None
            if b"error" in attrs and _ERROR.search(attrs):
                error = _shown(body, found.end(), kind) if not empty else "#VALUE!"
            down, across = (_count(_ROWS_SPANNED, attrs), _count(_COLUMNS_SPANNED, attrs)) if b"spanned" in attrs else (1, 1)
            if formula or error is not None or down > 1 or across > 1:
                in_row += [(c, formula, error, down, across) for c in range(col, min(col + span, columns))]
        col += span
    return out


def _close_row(out: OdsSheet, row: int, repeat: int, in_row, filled, rows: int, columns: int) -> None:
    for r in range(row, min(row + repeat, rows)) if in_row else ():  # empty rows repeated to the end: no loop
        for c, formula, error, down, across in in_row:
            if formula:
                out.formulas.add(f"{column_letter(c)}{r + 1}")
            if error is not None:
                out.errors[(r, c)] = error
            if down > 1 or across > 1:
                out.merges.append(((r, c), (r + down - 1, c + across - 1)))
    if not filled or len(out.far) >= FAR_KEPT:
        return
    last = row + repeat - 1
    far_rows = list(dict.fromkeys((max(row, rows), last))) if last >= rows else []  # the first and last far row
    for first, end in filled:
        wide = max(first, columns)
        if wide <= end and row < rows:  # a row repeated within the rows: its first copy names it
            out.far.append((row + 1, wide + 1, f"{column_letter(wide)}{row + 1}"))
        for r in far_rows:
            out.far.append((r + 1, first + 1, f"{column_letter(first)}{r + 1}"))


def formulas_and_errors(content: bytes, sheet: str, rows: int, columns: int
                        ) -> tuple[set[str], dict[tuple[int, int], str]]:
    """(A1 refs of the cells holding a formula, {(row0, col0): '#DIV/0!'} of the cells showing an
    error) of ``sheet``, within the first ``rows`` × ``columns``."""
    found = scan(content, sheet, rows, columns)
    return found.formulas, found.errors


def _count(pattern: re.Pattern, attrs: bytes) -> int:
    found = pattern.search(attrs)
    return max(1, int(found.group(1))) if found else 1


def _inner(body: bytes, start: int, kind: bytes) -> bytes:
    """A cell's content, its comment left out."""
    end = body.find(b"</table:" + kind + b">", start)
    return _ANNOTATION.sub(b"", body[start:end if end >= 0 else start])


def _holds_text(body: bytes, start: int, kind: bytes) -> bool:
    """Whether a cell written without a value type still shows text (a paragraph with something in it)."""
    return any(_MARKUP.sub(b"", p).strip() for p in _PARAGRAPH.findall(_inner(body, start, kind)))


def _shown(body: bytes, start: int, kind: bytes) -> str:
    """The error text a cell shows (``#DIV/0!``), its comment left out."""
    shown = _PARAGRAPH.search(_inner(body, start, kind))
    text = html.unescape(_MARKUP.sub(b"", shown.group(1)).decode("utf-8", "replace")).strip() if shown else ""
    return text if text.startswith("#") else "#VALUE!"
