"""XlsxWriter's worksheet with a faster cell store and sheet-data writer, same bytes.

A 10,000-indicator master is about 3 million cells, 1.3 million of them formatted blanks on the
twelve month sheets. XlsxWriter stores each through a public ``write_*`` method (A1 check, bounds
and dimension check, a new tuple) and writes each through ``_write_cell`` and an ``_xml_*`` helper
(an attribute list, an escape test per attribute, one ``write`` a cell). ``FastSheet`` does the same
work once per row and once per format:

- ``write_values(row, values, formats, results)`` stores a table row as ``write_value`` would store
  each cell (blanks of one format share one tuple; the dimensions are updated once a row); a value
  it does not handle itself (a date, a long text, NaN) goes through ``write_value``.
- ``_write_rows`` writes a row's ``<row>`` and ``<c>`` elements as one string: the row tag's
  attributes are made once per (spans, height, format, …), a format's ``s="n"`` once, a column's
  letters once, a ``RowFormula``'s escaped text once per column. A cell of another kind (a rich
  string, an array formula, a boolean, a formula with an error value) goes through XlsxWriter's own
  ``_write_cell``.
- ``add_table`` of a plain table (no data, formulas or total row passed) keeps the table's range as
  one rectangle for the overlap checks, where XlsxWriter keeps a dict entry for each of its cells
  (3 million tuples, about 1.2 s and 300 MiB for a 10,000-indicator master).

With ``constant_memory`` XlsxWriter writes rows as they come and none of this applies. Byte-identical
output to XlsxWriter's ``Worksheet``: tests/test_build_fastsheet.py builds masters both ways and
compares every zip part.
"""

from __future__ import annotations

import math
from datetime import date, datetime

from xlsxwriter.exceptions import OverlappingRange
from xlsxwriter.utility import xl_col_to_name, xl_range
from xlsxwriter.worksheet import (CellBlankTuple, CellFormulaTuple, CellNumberTuple, CellStringTuple,
                                  convert_range_args)

from minsheng.builder.formulasheet import FormulaSheet, RowFormula, write_row_formula

_ERRORS = ("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!")


def write_value(sheet, r: int, c: int, value, fmt, result=0) -> None:
    """One cell (0-based) of any XlsxWriter worksheet by its value's type: blank, formula (a
    ``RowFormula``, with ``result`` as its cached value), text, date, number. A text is text even when it
    starts with '=' (a catalogue's “=改造提升=”), as ``engines.file.set_value`` keeps it."""
    if type(value) is RowFormula:
        write_row_formula(sheet, r, c, value, fmt, result)
    elif value is None or value == "":
        sheet.write_blank(r, c, None, fmt)
    elif isinstance(value, str):
        sheet.write_string(r, c, value, fmt)
    elif isinstance(value, (date, datetime)):
        sheet.write_datetime(r, c, value, fmt)
    else:
        sheet.write_number(r, c, value, fmt)


def _escape(text: str) -> str:
    """XlsxWriter's ``_escape_data``: & < > of a cell's data."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _Pieces(list):
    """A file handle for XlsxWriter's ``_xml_*`` helpers that keeps what they write, to join at once."""

    write = list.append


class _TableCells(dict):
    """XlsxWriter's ``table_cells`` (a table's range by (row, col), 0-based), which also answers for
    whole tables kept as rectangles in ``ranges``: (first row, first col, last row, last col, range)."""

    def __init__(self):
        super().__init__()
        self.ranges: list[tuple[int, int, int, int, str]] = []

    def get(self, key, default=None):
        found = dict.get(self, key)
        if found is not None:
            return found
        row, col = key
        return next((name for r1, c1, r2, c2, name in self.ranges if r1 <= row <= r2 and c1 <= col <= c2), default)


class FastSheet(FormulaSheet):
    """``FormulaSheet`` that stores a table row at once (``write_values``), keeps a table's range whole
    (``add_table``) and writes its sheet data a row at a time (``_write_rows``), byte for byte as
    XlsxWriter's ``Worksheet`` does."""

    def __init__(self):
        super().__init__()
        self.table_cells = _TableCells()

    @convert_range_args
    def add_table(self, first_row: int, first_col: int, last_row: int, last_col: int, options=None):
        """XlsxWriter's ``add_table`` (0-based, inclusive, the header row first). A plain table (no
        ``data``, column ``formula`` or ``total_row``) is added as its header and first data row and
        then given its whole range; raises OverlappingRange as XlsxWriter does."""
        options = options or {}
        plain = (not self.constant_memory and not options.get("data") and not options.get("total_row")
                 and options.get("header_row", True) and not any(c and c.get("formula") for c in options.get("columns", []))
                 and 0 <= first_row < last_row - 1 and 0 <= first_col <= last_col
                 and last_row < self.xls_rowmax and last_col < self.xls_colmax)
        if not plain:
            return super().add_table(first_row, first_col, last_row, last_col, options)
        whole = xl_range(first_row, first_col, last_row, last_col)
        for r1, c1, r2, c2, name in self.table_cells.ranges:
            if r1 <= last_row and first_row <= r2 and c1 <= last_col and first_col <= c2:
                raise OverlappingRange(f"Table range '{whole}' overlaps previous table range '{name}'.")
        for kind, cells in (("table", self.table_cells), ("merge", self.merged_cells)):
            for (row, col), name in cells.items():
                if first_row <= row <= last_row and first_col <= col <= last_col:
                    raise OverlappingRange(f"Table range '{whole}' overlaps previous {kind} range '{name}'.")
        done = super().add_table(first_row, first_col, first_row + 1, last_col, options)
        if done:
            return done
        table = self.tables[-1]
        table["range"] = table["a_range"] = whole
        if "autofilter" in table:
            table["autofilter"] = whole
            for col in range(first_col, last_col + 1):  # the header's filter buttons, for autofit
                self.filter_cells[(first_row, col)] = ("table", whole)
        self.table_cells.ranges.append((first_row, first_col, last_row, last_col, whole))
        return 0

    def write_values(self, row: int, values: list, formats: list, results: list) -> None:
        """Row ``row`` (0-based) from column 0: ``values[c]`` with ``formats[c]`` and, for a formula,
        ``results[c]`` as its cached value; what ``write_value`` would store for each cell, in order."""
        if self.constant_memory or row >= self.xls_rowmax or len(values) > self.xls_colmax:
            for c, (value, fmt, result) in enumerate(zip(values, formats, results)):
                write_value(self, row, c, value, fmt, result)
            return
        cells = self.table[row]
        blanks = self.__dict__.setdefault("_blanks", {})
        shared = self.str_table._get_shared_string_index
        half = self.xls_strmax // 2
        first = last = None
        for c, (value, fmt, result) in enumerate(zip(values, formats, results)):
            kind = type(value)
            if value is None or value == "":
                if fmt is None:
                    continue
                blank = blanks.get(fmt)
                if blank is None:
                    blank = blanks[fmt] = CellBlankTuple(fmt)
                cells[c] = blank
            elif kind is str and len(value) <= half:
                cells[c] = CellStringTuple(shared(value), fmt)
            elif (kind is int or kind is float) and math.isfinite(value):
                cells[c] = CellNumberTuple(value, fmt)
            elif kind is RowFormula and value.column.plain and not self.use_future_functions:
                cells[c] = CellFormulaTuple(value, fmt, result)
            else:
                write_value(self, row, c, value, fmt, result)
                continue
            if first is None:
                first = c
            last = c
        if first is not None:
            self._check_dimensions(row, first)
            self._check_dimensions(row, last)

    def _calculate_spans(self) -> None:
        # XlsxWriter's spans (first:last column of each block of 16 rows, 1-based), from each row's keys.
        spans = {}
        low = high = None
        for row in range(self.dim_rowmin, self.dim_rowmax + 1):
            for store in (self.table, self.comments):
                cols = store.get(row) if row in store else None
                if cols:
                    lo, hi = min(cols), max(cols)
                    low, high = (lo, hi) if low is None else (min(low, lo), max(high, hi))
            if (row + 1) % 16 == 0 or row == self.dim_rowmax:
                if low is not None:
                    spans[row // 16] = f"{low + 1}:{high + 1}"
                    low = None
        self.row_spans = spans

    def _write_rows(self) -> None:
        if self.constant_memory:
            return super()._write_rows()
        self._calculate_spans()
        real, pieces = self.fh, _Pieces()
        self.fh = pieces
        try:
            tags: dict[tuple, str] = {}
            styles: dict[object, str] = {}
            letters = [xl_col_to_name(c) for c in range(self.dim_colmax + 1)]
            formulas: dict[int, list[str]] = {}
            for row in range(self.dim_rowmin, self.dim_rowmax + 1):
                info = self.row_info.get(row)
                cells = self.table.get(row)
                if info is None and row not in self.comments and not cells:
                    continue
                span = self.row_spans.get(row // 16)
                key = (span, not cells) if info is None else (span, not cells, info.height, info.row_format,
                                                              info.hidden, info.level, info.collapsed)
                tail = tags.get(key)
                if tail is None:
                    start = len(pieces)
                    self._write_row(row, span, info, empty_row=not cells)
                    tag = "".join(pieces[start:])
                    del pieces[start:]
                    tail = tags[key] = tag[len(f'<row r="{row + 1}"'):]
                number = str(row + 1)
                pieces.append(f'<row r="{number}"{tail}')
                if not cells:
                    continue
                for col in sorted(cells):
                    cell = cells[col]
                    kind = type(cell)
                    fmt = cell.format
                    if fmt is None:
                        self._write_cell(row, col, cell)
                        continue
                    style = styles.get(fmt)
                    if style is None:
                        style = styles[fmt] = f' s="{fmt._get_xf_index()}"'
                    ref = letters[col] + number
                    if kind is CellBlankTuple:
                        pieces.append(f'<c r="{ref}"{style}/>')
                    elif kind is CellStringTuple:
                        pieces.append(f'<c r="{ref}"{style} t="s"><v>{cell.string}</v></c>')
                    elif kind is CellNumberTuple:
                        pieces.append(f'<c r="{ref}"{style}><v>{cell.number:.16G}</v></c>')
                    elif kind is CellFormulaTuple and type(cell.formula) is RowFormula and self._plain_value(cell.value):
                        formula = cell.formula
                        parts = formulas.get(id(formula.column))
                        if parts is None:
                            parts = formulas[id(formula.column)] = [_escape(p) for p in formula.column.parts]
                        value = cell.value
                        t = ' t="str"' if type(value) is str and value else ""
                        shown = _escape(value) if type(value) is str else value
                        text = str(formula.row).join(parts)
                        pieces.append(f'<c r="{ref}"{style}{t}><f>{text}</f><v>{shown}</v></c>')
                    else:
                        self._write_cell(row, col, cell)
                pieces.append("</row>")
                if len(pieces) > 50_000:
                    real.write("".join(pieces))
                    pieces.clear()
            real.write("".join(pieces))
        finally:
            self.fh = real

    @staticmethod
    def _plain_value(value) -> bool:
        """A formula's cached value written the plain way: a number, or a text that is no error code."""
        return type(value) is not bool and (type(value) is not str or value not in _ERRORS)
