"""Formula and error cells of one sheet of an .ods, scanned from content.xml, never parsed.

python-calamine reads a formula's cached error (``#DIV/0!``) in an .ods as an empty
cell, and says nothing of formulas. The .xlsx path finds both in the sheet part
(``scan.formula_refs``, ``errors.errors_in``); this finds the same in the data
sheet's ``<table:table>`` of content.xml: the cells carrying ``table:formula`` or
``calcext:value-type="error"``, placed by counting rows and cells (with their
``number-rows-repeated`` / ``number-columns-repeated``). Only the tags are scanned
with regular expressions, so no entity is expanded (the caller refuses a DTD);
repeats are counted, never expanded beyond ``rows`` × ``columns``.
"""

from __future__ import annotations

import html
import re

from minsheng.model.layout import column_letter

_ATTRS = rb"""((?:[^>"']|"[^"]*"|'[^']*')*?)"""
_TABLE = re.compile(rb"<table:table\s" + _ATTRS + rb"(/?)>")
_NAME = re.compile(rb"""\btable:name\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_TABLE_END = re.compile(rb"</table:table>")
_TAG = re.compile(rb"<(/?)table:(table-row|table-cell|covered-table-cell)(?=[\s/>])" + _ATTRS + rb"(/?)>")
_ROWS_REPEATED = re.compile(rb"""\btable:number-rows-repeated\s*=\s*["'](\d{1,9})["']""")
_COLUMNS_REPEATED = re.compile(rb"""\btable:number-columns-repeated\s*=\s*["'](\d{1,9})["']""")
_FORMULA = re.compile(rb"\btable:formula\s*=")
_ERROR = re.compile(rb"""\bcalcext:value-type\s*=\s*["']error["']""")
_ANNOTATION = re.compile(rb"<office:annotation\b.*?</office:annotation>", re.S)
_PARAGRAPH = re.compile(rb"<text:p\b[^>]*>(.*?)</text:p>", re.S)
_MARKUP = re.compile(rb"<[^>]*>")


def table(content: bytes, sheet: str) -> bytes | None:
    """The ``<table:table>`` element of ``sheet`` in content.xml, or None."""
    for found in _TABLE.finditer(content):
        name = _NAME.search(found.group(1))
        if name and html.unescape((name.group(1) or name.group(2) or b"").decode("utf-8", "replace")) == sheet:
            if found.group(2):
                return b""
            end = _TABLE_END.search(content, found.end())
            return content[found.end():end.start() if end else len(content)]
    return None


def formulas_and_errors(content: bytes, sheet: str, rows: int, columns: int
                        ) -> tuple[set[str], dict[tuple[int, int], str]]:
    """(A1 refs of the cells holding a formula, {(row0, col0): '#DIV/0!'} of the cells showing an
    error) of ``sheet``, within the first ``rows`` × ``columns``."""
    body = table(content, sheet)
    formulas: set[str] = set()
    errors: dict[tuple[int, int], str] = {}
    if not body:
        return formulas, errors
    row, col, repeat = 0, 0, 1
    in_row: list[tuple[int, bool, str | None]] = []  # (col0, formula, error text) in the current row
    for found in _TAG.finditer(body):
        closing, kind, attrs, empty = found.groups()
        if kind == b"table-row":
            if closing or empty:
                if empty:
                    repeat = _count(_ROWS_REPEATED, attrs)
                for r in range(row, min(row + repeat, rows)):
                    for c, formula, error in in_row:
                        if formula:
                            formulas.add(f"{column_letter(c)}{r + 1}")
                        if error is not None:
                            errors[(r, c)] = error
                row, in_row = row + repeat, []
                if row >= rows:
                    break
            else:
                col, repeat = 0, _count(_ROWS_REPEATED, attrs)
            continue
        if closing:
            continue
        span = _count(_COLUMNS_REPEATED, attrs)
        formula, error = bool(_FORMULA.search(attrs)), None
        if _ERROR.search(attrs):
            error = _shown(body, found.end(), kind) if not empty else "#VALUE!"
        if formula or error is not None:
            in_row += [(c, formula, error) for c in range(col, min(col + span, columns))]
        col += span
    return formulas, errors


def _count(pattern: re.Pattern, attrs: bytes) -> int:
    found = pattern.search(attrs)
    return max(1, int(found.group(1))) if found else 1


def _shown(body: bytes, start: int, kind: bytes) -> str:
    """The error text a cell shows (``#DIV/0!``), its comment left out."""
    end = body.find(b"</table:" + kind + b">", start)
    inner = _ANNOTATION.sub(b"", body[start:end if end >= 0 else start])
    shown = _PARAGRAPH.search(inner)
    text = html.unescape(_MARKUP.sub(b"", shown.group(1)).decode("utf-8", "replace")).strip() if shown else ""
    return text if text.startswith("#") else "#VALUE!"
