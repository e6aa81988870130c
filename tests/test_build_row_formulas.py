"""builder.formulasheet: a month sheet's formula kept once a column, spelled out per row as XlsxWriter would."""

from __future__ import annotations

import pytest
from xlsxwriter.worksheet import Worksheet

from minsheng.builder.formulasheet import MARK, ColumnFormula, FormulaSheet, RowFormula
from minsheng.model.formulas import month_formulas


@pytest.mark.parametrize("month", [1, 3, 12])
@pytest.mark.parametrize("row", [2, 9, 10, 1234, 10001])
def test_a_column_formula_spells_each_row_as_month_formulas_does(month, row):
    columns = {h: ColumnFormula(text) for h, text in month_formulas(month, MARK).items()}
    wanted = month_formulas(month, row)
    assert {h: c.at(row) for h, c in columns.items()} == wanted
    assert all(c.plain for c in columns.values())
    assert {h: RowFormula(c, row).stored() for h, c in columns.items()} == \
        {h: Worksheet()._prepare_formula(text) for h, text in wanted.items()}


@pytest.mark.parametrize("text", [f"=XLOOKUP(A{MARK},B:B,C:C)", f"{{=SUM(A{MARK}:A3*B1:B3)}}",
                                  f"=_xlfn.STDEV.S(A{MARK})", f"=SORT(A1:A{MARK})"])
def test_a_formula_xlsxwriter_rewrites_is_written_as_text(text, tmp_path):
    """Dynamic functions, array formulas, _xlfn: the cell goes through XlsxWriter's own write_formula."""
    column = ColumnFormula(text)
    assert not column.plain
    sheet = FormulaSheet()
    sheet.write_row_formula(4, 0, RowFormula(column, 5), None, 0)
    assert not isinstance(getattr(sheet.table[4][0], "formula", None), RowFormula)


def test_a_column_formula_needs_its_row_mark():
    with pytest.raises(ValueError):
        ColumnFormula("=SUM(A1:A3)")
