"""Cell changes as a few rectangular blocks, ready for one write each.

The core says which cells change (``CellChange``); Excel is fastest, and the
number of calls into it stays the same whatever the number of rows, when the
adapter writes rectangles. ``plan`` groups a sheet's changes by runs of adjacent
columns; each run becomes one block from the first to the last changed row.
The cells in between that do not change are written back with the value they
hold (read once, before the core ran), so they stay as they are. A cell in
between that holds a formula is never rewritten: the block is cut around it.

Pure Python, no xlwings: ``minsheng.engines.excel`` applies the blocks.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from minsheng.model.layout import cell_index, column_letter
from minsheng.model.book import Book, CellChange, Formula

# What Excel reads as something other than the text itself when a string is
# assigned to a cell (COM's Range.Value and Office.js' values both parse it as
# if typed): formulas, signs, an @ mention, its own text prefix, numbers,
# percentages, dates and times (also 3月5日), TRUE/FALSE. A leading apostrophe
# makes Excel keep the rest as text; Excel does not show it or return it.
_SPECIAL_START = ("=", "+", "-", "@", "'")
_LOOKS_PARSED = re.compile(r"[\s\d.,:/%()$¥￥eE年月日-]*\d[\s\d.,:/%()$¥￥eE年月日-]*")


@dataclass(frozen=True)
class Block:
    """One rectangle to write: top-left cell (1-based row and column) and its rows of values."""

    sheet: str
    row: int
    column: int
    values: tuple[tuple, ...]

    @property
    def address(self) -> str:
        last_row = self.row + len(self.values) - 1
        last_col = self.column + len(self.values[0]) - 1
        return f"{column_letter(self.column - 1)}{self.row}:{column_letter(last_col - 1)}{last_row}"


def excel_text(value: object) -> object:
    """The value to assign so that Excel keeps text as text (``'`` prefix when it would not).
    A ``Formula`` the core generated is assigned as it is: Excel makes it a formula."""
    if isinstance(value, Formula):
        return str(value)
    if isinstance(value, str) and value and (
            value.startswith(_SPECIAL_START) or _LOOKS_PARSED.fullmatch(value)
            or value.strip().upper() in ("TRUE", "FALSE")):
        return "'" + value
    return value


def plan(changes: Iterable[CellChange], current: Book,
         formulas: dict[str, list[list]] | None = None) -> list[Block]:
    """The blocks that apply ``changes``; ``current`` holds every written sheet's values as read.

    ``formulas`` (sheet → rows of formulas as Excel reports them, when the engine can read
    them) marks the cells that must not be rewritten. The later of two changes to one cell wins.
    """
    by_sheet: dict[str, dict[tuple[int, int], object]] = defaultdict(dict)
    for change in changes:
        by_sheet[change.sheet][cell_index(change.cell)] = change.new
    out: list[Block] = []
    for sheet, cells in by_sheet.items():
        rows = current[sheet].rows if sheet in current else []
        sheet_formulas = (formulas or {}).get(sheet) or []
        for first, last in _runs(sorted({c for _, c in cells})):
            out.extend(_blocks(sheet, cells, rows, sheet_formulas, first, last))
    return out


def _runs(columns: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for c in columns:
        if runs and runs[-1][1] == c - 1:
            runs[-1] = (runs[-1][0], c)
        else:
            runs.append((c, c))
    return runs


def _blocks(sheet: str, cells: dict, rows: list[list], formulas: list[list], first: int, last: int) -> list[Block]:
    """One block for columns first..last, cut around unchanged cells that hold formulas."""
    changed_rows = sorted({r for r, c in cells if first <= c <= last})
    out: list[Block] = []
    pending: list[tuple[int, tuple]] = []  # (row, values) of the block being gathered

    def flush() -> None:
        while pending and not any((pending[-1][0], c) in cells for c in range(first, last + 1)):
            pending.pop()  # unchanged rows at the end: nothing to write
        if pending:
            out.append(Block(sheet, pending[0][0], first, tuple(values for _, values in pending)))
        pending.clear()

    for r in range(changed_rows[0], changed_rows[-1] + 1):
        changed = [c for c in range(first, last + 1) if (r, c) in cells]
        if not changed and not pending:
            continue
        if any(_is_formula(_at(formulas, r, c)) for c in range(first, last + 1) if (r, c) not in cells):
            flush()  # this row goes cell by cell, around its formulas
            out.extend(Block(sheet, r, c, ((excel_text(cells[(r, c)]),),)) for c in changed)
            continue
        pending.append((r, tuple(excel_text(cells[(r, c)]) if (r, c) in cells else excel_text(_at(rows, r, c))
                                 for c in range(first, last + 1))))
    flush()
    return out


def _at(rows: list[list], r: int, c: int) -> object:
    if r - 1 < len(rows) and c - 1 < len(rows[r - 1]):
        return rows[r - 1][c - 1]
    return None


def _is_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith("=")
