"""Excel error values (#REF!, #DIV/0!, …) that python-calamine reads as empty cells.

A clerk's ``#REF!`` must reach the parser as ``#REF!`` (finding ``excel-error``),
not as a blank ("not filled"). This reads the cells of type ``e`` straight from
the sheet parts of an .xlsx/.xlsm package (an .ods's: ``xlsx.ods``; an .xls's: ``xlsx.biff``).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from minsheng.model.layout import column_number
from minsheng.xlsx import rels

_ERROR_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]+)(\d+)"[^>]*?\bt="e"[^>]*>(.*?)</c>', re.S)
_VALUE = re.compile(rb"<v>([^<]*)</v>")


def error_cells(path: Path, sheets: list[str]) -> dict[str, dict[tuple[int, int], str]]:
    """{sheet: {(row0, col0): '#REF!'}} for the named sheets; empty for non-OOXML files."""
    try:
        z = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return {}
    found: dict[str, dict[tuple[int, int], str]] = {}
    with z:
        try:
            parts = rels.sheet_parts(z.read(rels.WORKBOOK), z.read(rels.WORKBOOK_RELS))
        except (KeyError, UnicodeDecodeError):
            return {}
        for name in sheets:
            part = parts.get(name)
            if part is None or part not in z.namelist():
                continue
            errors = errors_in(z.read(part))
            if errors:
                found[name] = errors
    return found


def errors_in(xml: bytes) -> dict[tuple[int, int], str]:
    """{(row0, col0): '#REF!'} of one sheet part's XML."""
    found: dict[tuple[int, int], str] = {}
    if b't="e"' not in xml:
        return found
    for letters, row, body in _ERROR_CELL.findall(xml):
        value = _VALUE.search(body)
        if value:
            found[(int(row) - 1, column_number(letters.decode()) - 1)] = value.group(1).decode()
    return found


def overlay(rows: list[list], errors: dict[tuple[int, int], str]) -> None:
    """Put the error texts into a calamine block (which starts at A1: skip_empty_area=False)."""
    for (r, c), text in errors.items():
        while len(rows) <= r:
            rows.append([])
        row = rows[r]
        if len(row) <= c:
            row.extend([None] * (c + 1 - len(row)))
        row[c] = text
