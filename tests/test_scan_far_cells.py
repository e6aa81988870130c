"""``scan.far_cells`` at the edges of the caps: the quick search that passes over an ordinary sheet
must never pass over a cell beyond them (issue 18: it saves a full scan of every sheet of every return)."""

from __future__ import annotations

import pytest

from minsheng.xlsx import scan

ROWS, COLUMNS = 5000, 256  # the caps of a return (roundtrip.returns), column IV


def sheet(*cells: str, prefix: str = "") -> bytes:
    body = "".join(cells)
    return (f'<?xml version="1.0"?><{prefix}worksheet><{prefix}dimension ref="A1:B2"/><{prefix}sheetData>'
            f'<{prefix}row r="1">{body}</{prefix}row></{prefix}sheetData></{prefix}worksheet>').encode()


def value(ref: str, prefix: str = "") -> str:
    return f'<{prefix}c r="{ref}" t="n"><{prefix}v>1</{prefix}v></{prefix}c>'


@pytest.mark.parametrize("ref, far", [
    ("A1", False), ("IV5000", False), ("IV1", False), ("A999", False), ("Z4999", False),
    ("IW1", True), ("AAA1", True), ("XFD1048576", True), ("A5001", True), ("A05001", True), ("B10000", True),
])
def test_a_filled_cell_is_far_exactly_when_beyond_the_caps(ref, far):
    found = scan.far_cells(sheet(value("A1"), value(ref)), ROWS, COLUMNS)
    assert [a1 for _, _, a1 in found] == ([ref] if far else [])


def test_a_far_cell_is_found_with_a_namespace_prefix_and_among_ordinary_ones():
    xml = sheet(*(value(f"{c}{r}", "x:") for c in "ABC" for r in (1, 2, 3)), value("XFD9", "x:"), prefix="x:")
    assert scan.far_cells(xml, ROWS, COLUMNS) == [(9, 16384, "XFD9")]


def test_a_far_cell_holding_only_a_format_is_not_counted_and_other_caps_are_kept():
    assert scan.far_cells(sheet(value("A1"), '<c r="ZZ70000" s="3"/>'), ROWS, COLUMNS) == []
    assert [a1 for *_, a1 in scan.far_cells(sheet(value("C1"), value("B30")), 20, 2)] == ["C1", "B30"]
