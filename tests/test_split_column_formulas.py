"""split makes each formula once per column and constants (builder.formulasheet.ColumnFormula), as
the builder does: a row's formula is the one month_formulas gives for that row, for every 目标类型,
基期值 and earlier plan written in as constants, in every month; read back with openpyxl from the
files split wrote."""

from __future__ import annotations

from datetime import datetime

import pytest
from openpyxl import load_workbook

from minsheng.builder.formulasheet import MARK, ColumnFormula
from minsheng.engines.file import read_master
from minsheng.model import formulas as F
from minsheng.model import layout as L
from minsheng.roundtrip.split import split_month

CONSTANTS = [("", None, None), ("累计", None, None), ("达到", None, None), ("以内", None, None),
             ("清零", 8.0, None), ("金额", None, None), ("节点", None, 0.0), ("节点", None, 2.0)]


@pytest.mark.parametrize("month", [1, 3, 12])
@pytest.mark.parametrize("constants", CONSTANTS)
def test_a_column_formula_at_a_row_is_the_rows_own(month, constants):
    columns = {h: ColumnFormula(text) for h, text in F.month_formulas(month, MARK, *constants).items()}
    for row in (2, 9, 10, 3001):
        assert {h: c.at(row) for h, c in columns.items()} == F.month_formulas(month, row, *constants)
    assert all(c.plain for c in columns.values())  # stored small, no XlsxWriter rewriting needed


def test_the_sent_forms_hold_each_rows_own_formulas(built_master, tmp_path):
    master = read_master(built_master)
    [path] = [p for p in split_month(master, 3, tmp_path, now=datetime(2024, 4, 1, 9)) if "县民政局" in p.name]
    sheet = load_workbook(path)[L.month_sheet(3)]
    headers = [c.value for c in sheet[1]]
    assert sheet.max_row > 2
    for r, row in enumerate(sheet.iter_rows(min_row=2), start=2):
        expected = F.month_formulas(3, r, "累计" if row[headers.index("目标值")].value is not None else "")
        found = {h: row[headers.index(h)].value for h in ("完成率", "时序进度", "状态")}
        assert found == {h: expected[h] for h in found}, r
