"""The JSON Excel sends to xlwings' remote interpreter, made from a real workbook file.

Values as Excel's client sends them (xlwings tests/test_engines): empty cells as
"", numbers as floats, dates as ISO strings ending in Z; each sheet's Excel
Tables with their addresses; the defined names. ``actions`` and ``values_at``
read what an entry point asked Excel to do.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import xlwings as xw
from openpyxl import load_workbook

from minsheng.engines.file import read_book
from minsheng.engines.excel_blocks import cell_index


def excel_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, dt.date):
        return f"{value.isoformat()}T00:00:00.000Z"
    return str(value)


def payload(path: Path, active: str | None = None, edits: dict[str, dict[str, object]] | None = None,
            tables: dict[str, str] | None = None) -> dict:
    """The payload for the workbook at ``path``; ``edits`` (sheet → {A1: value}) are typed in first,
    ``tables`` (table name → range, e.g. "A1:K7") are the ranges an earlier run resized tables to."""
    book = read_book(path)
    names = list(book.sheets)
    tables = _tables(path, tables or {})
    sheets = []
    for name in names:
        rows = [list(r) for r in book[name].rows] or [[]]
        for cell, value in (edits or {}).get(name, {}).items():
            r, c = cell_index(cell)
            while len(rows) < r:
                rows.append([None] * len(rows[0]))
            for row in rows:
                row.extend([None] * (c - len(row)))
            rows[r - 1][c - 1] = value
        sheets.append({"name": name, "values": [[excel_value(v) for v in row] for row in rows],
                       "pictures": [], "tables": tables.get(name, [])})
    return {
        "client": "Microsoft Office Scripts",
        "version": xw.__version__,
        "book": {"name": path.name, "active_sheet_index": names.index(active) if active else 0, "selection": "A1"},
        "names": _names(path, names),
        "sheets": sheets,
    }


def _tables(path: Path, resized: dict[str, str]) -> dict[str, list[dict]]:
    book = load_workbook(path)
    out = {}
    for sheet in book.worksheets:
        found = []
        for table in sheet.tables.values():
            first, last = resized.get(table.name, table.ref).split(":")
            (r0, c0), (_, c1) = cell_index(first), cell_index(last)
            header = f"{first}:{_a1(r0, c1)}"
            found.append({"name": table.name, "range_address": f"{first}:{last}", "header_row_range_address": header,
                          "data_body_range_address": f"{_a1(r0 + 1, c0)}:{last}", "total_row_range_address": None,
                          "show_headers": True, "show_totals": False,
                          "table_style": table.tableStyleInfo.name if table.tableStyleInfo else None,
                          "show_autofilter": table.autoFilter is not None})
        out[sheet.title] = found
    return out


def _names(path: Path, sheets: list[str]) -> list[dict]:
    book = load_workbook(path)
    out = []
    for name, defined in book.defined_names.items():
        for sheet, address in defined.destinations:
            out.append({"name": name, "sheet_index": sheets.index(sheet), "address": address.replace("$", ""),
                        "book_scope": True})
    return out


def _a1(row: int, column: int) -> str:
    from minsheng.model.layout import column_letter

    return f"{column_letter(column - 1)}{row}"


def actions(book: xw.Book, func: str | None = None) -> list[dict]:
    return [a for a in book.json()["actions"] if func is None or a["func"] == func]


def values_at(book: xw.Book, sheet: str) -> dict[str, object]:
    """A1 → value of every cell the actions set on ``sheet`` (later actions win)."""
    names = [s.name for s in book.sheets]
    out = {}
    for action in actions(book, "setValues"):
        if action["sheet_position"] != names.index(sheet):
            continue
        for r, row in enumerate(action["values"]):
            for c, value in enumerate(row):
                out[_a1(action["start_row"] + r + 1, action["start_column"] + c + 1)] = value
    return out


def alerts(book: xw.Book) -> list[str]:
    return [a["args"][0] for a in actions(book, "alert")]


@pytest.fixture
def remote(monkeypatch, tmp_path):
    """Open a workbook file in xlwings' remote interpreter as the calling workbook.

    The licence key for the remote engine is set for the test only; xlwings registers
    its engines when first imported, so the engine is registered here if it is missing.
    Runs in ``tmp_path``: the remote book knows only its name, so its folder is the cwd.
    """
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    if "remote" not in [e.name for e in xw.engines]:
        from xlwings.main import Engine
        from xlwings.pro import _xlremote

        xw.engines.add(Engine(impl=_xlremote.engine))
    monkeypatch.chdir(tmp_path)

    def open_book(path: Path, active: str | None = None, edits=None, tables=None) -> xw.Book:
        book = xw.Book(json=payload(path, active, edits, tables))
        book.set_mock_caller()
        return book

    yield open_book
    if hasattr(xw.Book, "_mock_caller"):
        del xw.Book._mock_caller
