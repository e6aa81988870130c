"""Cell changes grouped into blocks: few writes, nothing unchanged altered, text kept as text."""

from __future__ import annotations

import datetime as dt

import pytest

from minsheng.model.book import Book, CellChange, Formula, Sheet
from minsheng.engines.excel_blocks import cell_index, excel_text, plan


@pytest.mark.parametrize("text", ["=1+1", "+86 138", "-3%", "@张三", "'引号", "0012", "1,200", "12%",
                                  "2024-03-05", "2024/3/5", "3月5日", "12:30", "1e5", "TRUE", "false", "(5)"])
def test_text_excel_would_parse_gets_the_text_prefix(text):
    assert excel_text(text) == "'" + text


@pytest.mark.parametrize("value", ["已完成", "完成 1200 人", "无", "", "A-1", "e", 1200.0, 0, None, True,
                                   dt.date(2024, 3, 5)])
def test_other_values_go_as_they_are(value):
    assert excel_text(value) == value


def test_a_formula_the_core_made_goes_as_a_formula():
    made = excel_text(Formula("=HYPERLINK(\"#'3月'!J2\",\"3月!J2\")"))
    assert made == "=HYPERLINK(\"#'3月'!J2\",\"3月!J2\")" and type(made) is str


def test_cell_index():
    assert cell_index("A1") == (1, 1)
    assert cell_index("$K$12") == (12, 11)
    assert cell_index("aa3") == (3, 27)
    with pytest.raises(ValueError, match="不是单元格地址"):
        cell_index("K")


def sheet(rows: int, cols: int, name: str = "3月") -> Book:
    return Book(None, {name: Sheet(name, [[f"r{r}c{c}" for c in range(1, cols + 1)] for r in range(1, rows + 1)])})


def flat(blocks):
    return [(b.sheet, b.address, b.values) for b in blocks]


def test_adjacent_columns_and_rows_make_one_block_gaps_keep_their_values():
    changes = [CellChange("3月", "B2", None, 1), CellChange("3月", "C4", None, "=x"), CellChange("3月", "E3", None, 5)]
    assert flat(plan(changes, sheet(5, 5))) == [
        ("3月", "B2:C4", ((1, "r2c3"), ("r3c2", "r3c3"), ("r4c2", "'=x"))),
        ("3月", "E3:E3", ((5,),)),
    ]


def test_the_later_of_two_changes_to_a_cell_wins():
    changes = [CellChange("3月", "A1", None, 1), CellChange("3月", "A1", 1, 2)]
    assert flat(plan(changes, sheet(2, 2))) == [("3月", "A1:A1", ((2,),))]


def test_a_formula_between_changes_is_never_rewritten():
    current = sheet(6, 2)
    formulas = {"3月": [["", ""], ["", ""], ["", "=A3*2"], ["", ""], ["", ""], ["", ""]]}
    changes = [CellChange("3月", f"{c}{r}", None, f"n{r}{c}") for r in (2, 3, 5) for c in "A"] + [
        CellChange("3月", "B2", None, "nB2"), CellChange("3月", "B5", None, "nB5")]
    assert flat(plan(changes, current, formulas)) == [
        ("3月", "A2:B2", (("n2A", "nB2"),)),
        ("3月", "A3:A3", (("n3A",),)),  # row 3 cell by cell: B3 holds a formula
        ("3月", "A5:B5", (("n5A", "nB5"),)),  # row 4 has no change: not written
    ]


def test_a_sheet_not_read_has_no_values_to_keep():
    changes = [CellChange("校验结果", "A1", None, "代码"), CellChange("校验结果", "A3", None, "x")]
    assert flat(plan(changes, Book(None))) == [("校验结果", "A1:A3", (("代码",), (None,), ("x",)))]
