"""XlsxWriter's worksheet with two short cuts for the master's half a million formulas, same bytes.

A month sheet's formulas differ from row to row only in their row number: ``ColumnFormula`` keeps
a column's formula once, written with ``MARK`` for the row, and ``RowFormula`` is one row's cell
(the column's formula and a row number, about 60 bytes where the text of a formula is 0.5–1 KiB).
``FormulaSheet.write_row_formula`` stores that small cell and spells it out only while the sheet's
XML is written, so a 10,000-indicator master no longer holds 480,000 formula texts at once.

XlsxWriter also runs 29 regular-expression substitutions over every formula it stores, for the
dynamic-array functions; ours use none of them. ``FormulaSheet._prepare_formula`` decides with
one search; a ``ColumnFormula`` is searched once for its whole column. Where a formula does need
the rewriting (or a future function is asked for), XlsxWriter's own code runs. Byte-identical
output: tests/test_build.py builds the master both ways.
"""

from __future__ import annotations

import re

from xlsxwriter.worksheet import CellFormulaTuple, Worksheet, re_dynamic_function

MARK = "\x00"  # stands for the row number in a ColumnFormula's text; never part of a formula

# The functions XlsxWriter 3's ``Worksheet._prepare_formula`` prefixes with ``_xlfn.`` in every
# formula, one ``re.sub`` each (its odd ``\SINGLE\(`` included, as it is written there).
_DYNAMIC = re.compile(r"(?:\b(?:ANCHORARRAY|BYCOL|BYROW|CHOOSECOLS|CHOOSEROWS|DROP|EXPAND|FILTER|HSTACK|LAMBDA"
                      r"|MAKEARRAY|MAP|RANDARRAY|REDUCE|SCAN|SEQUENCE|SORT|SORTBY|SWITCH|TAKE|TEXTSPLIT|TOCOL"
                      r"|TOROW|UNIQUE|VSTACK|WRAPCOLS|WRAPROWS|XLOOKUP)|\SINGLE)\(")


def _strip(formula: str) -> str:
    """What XlsxWriter stores of a formula that needs no rewriting: no braces, no leading '='."""
    stripped = formula[1:] if formula.startswith("{") else formula
    stripped = stripped[1:] if stripped.startswith("=") else stripped
    return stripped[:-1] if stripped.endswith("}") else stripped


def _plain(stripped: str) -> bool:
    """True when none of XlsxWriter's substitutions would change ``stripped``."""
    return "_xlfn." not in stripped and not _DYNAMIC.search(stripped)


class ColumnFormula:
    """A column's formula, ``text`` with ``MARK`` where the row number goes (as written, '=' first).

    ``plain``: it needs none of XlsxWriter's rewriting and is no array formula, so a row's text is
    ``parts`` joined by the row number. Raises ValueError when ``text`` has no ``MARK``."""

    __slots__ = ("text", "parts", "plain")

    def __init__(self, text: str):
        if MARK not in text:
            raise ValueError(f"a column's formula without its row mark: {text[:60]!r}")
        self.text = text
        self.plain = (not (text.startswith("{") and text.endswith("}")) and not re_dynamic_function.search(text)
                      and _plain(_strip(text)))
        self.parts = _strip(text).split(MARK)

    def at(self, row: int) -> str:
        """The formula of sheet row ``row`` (1-based, as in A1), '=' first, as written."""
        return self.text.replace(MARK, str(row))


class RowFormula:
    """One cell of a ``ColumnFormula``'s column: the formula of sheet row ``row`` (1-based)."""

    __slots__ = ("column", "row")

    def __init__(self, column: ColumnFormula, row: int):
        self.column, self.row = column, row

    def text(self) -> str:
        """The formula as written, '=' first."""
        return self.column.at(self.row)

    def stored(self) -> str:
        """What XlsxWriter would store of it (no '='), for a ``plain`` column."""
        return str(self.row).join(self.column.parts)


class FormulaSheet(Worksheet):
    """An XlsxWriter worksheet that skips the formula rewriting a formula does not need and keeps a
    ``RowFormula`` as the small cell it is until the sheet's XML is written."""

    def _prepare_formula(self, formula, expand_future_functions=False):
        if expand_future_functions or self.use_future_functions:
            return super()._prepare_formula(formula, expand_future_functions)
        stripped = _strip(formula)
        return stripped if _plain(stripped) else super()._prepare_formula(formula, expand_future_functions)

    def write_row_formula(self, row: int, col: int, formula: RowFormula, cell_format=None, value=0) -> int:
        """``write_formula`` (0-based ``row``, ``col``) of ``formula.text()``, stored as ``formula`` where
        that changes nothing in the file: a plain column, future functions off, no constant_memory."""
        if not formula.column.plain or self.use_future_functions or self.constant_memory:
            return self.write_formula(row, col, formula.text(), cell_format, value)
        if self._check_dimensions(row, col):
            return -1
        self.table[row][col] = CellFormulaTuple(formula, cell_format, value)
        return 0

    def _xml_formula_element(self, formula, result, attributes=[]) -> None:  # noqa: B006 (XlsxWriter's signature)
        if type(formula) is RowFormula:
            formula = formula.stored()
        super()._xml_formula_element(formula, result, attributes)


def write_row_formula(sheet, row: int, col: int, formula: RowFormula, cell_format=None, value=0) -> int:
    """``formula`` into any XlsxWriter worksheet: kept small by a ``FormulaSheet``, as text by any other."""
    if isinstance(sheet, FormulaSheet):
        return sheet.write_row_formula(row, col, formula, cell_format, value)
    return sheet.write_formula(row, col, formula.text(), cell_format, value)
