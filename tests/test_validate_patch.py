"""validate's results written through the fast patch path equal what the openpyxl path writes.

Two copies of a master with a clerk's mistakes; one written by ``write_results`` as it runs (the
patch path; openpyxl may not even be loaded for it), one with the patch path refused (openpyxl).
Read back with openpyxl and calamine, they hold the same values and formulas, the same 校验结果
table range, column widths and hidden mark columns, and the same fill in every cell of the month
sheets: after a first run (cells marked, the table grown) and after a second one once the clerk
corrected most rows (marks restored, the table shrunk, rows emptied).
"""

from __future__ import annotations

import shutil

import openpyxl
import pytest
from openpyxl import load_workbook

from minsheng.check.validate import validate_book
from minsheng.engines.file import read_master
from minsheng.engines.libreoffice import recalculate
from minsheng.jobs import validate as job
from minsheng.model import layout as L
from minsheng.xlsx import patch as xlsxpatch

from monthfill import good_rows, type_into
from test_validate_sheet import CLERKS_FILL, EXPECTED, JOBS, MASSAGE, _mistakes
from test_xlsxpatch import _columns, _hex, values
from xlsm_book import load_xlsm


def _refuse(*args, **kwargs):
    raise xlsxpatch.Unsupported("this copy is written with openpyxl")


def _no_openpyxl(*args, **kwargs):
    raise AssertionError("the fast path loaded the workbook with openpyxl")


def _write(path, fast: bool) -> None:
    report = validate_book(read_master(path), 3, source=path.name)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(*((openpyxl, "load_workbook", _no_openpyxl) if fast else (job, "_patched", _refuse)))
        assert job.write_results(path, report) is not None


def _seen(path) -> dict:
    """What matters of a written master, read with openpyxl (formulas, fills, table, columns) and calamine."""
    book = load_workbook(path)
    results = book[L.RESULTS_SHEET]
    return {"values": values(path),
            "formulas": {(ws.title, c.coordinate): c.value for ws in book for row in ws.iter_rows() for c in row
                         if c.data_type == "f"},
            "fills": {(name, c.coordinate): _hex(c) for name in ("2月", "3月") for row in book[name].iter_rows()
                      for c in row},
            "table": [(t.ref, t.autoFilter.ref if t.autoFilter else None) for t in results.tables.values()],
            "columns": {c: wh if c <= len(L.RESULT_HEADERS) else wh[1] for c, wh in _columns(results).items()
                        if c <= L.MARK_COLUMN + len(L.MARK_HEADERS)}}
    # the mark columns: hidden on both paths; only the openpyxl path leaves overlapping <col> ranges
    # there (M:O at the built width, then N and O again at openpyxl's default), so their widths differ


@pytest.fixture
def twins(master, tmp_path):
    from openpyxl.styles import PatternFill

    _mistakes(master)
    book = load_xlsm(master)
    book["3月"]["O5"].fill = PatternFill("solid", fgColor="FF" + CLERKS_FILL)  # a clerk's own highlight
    book["3月"]["J2"].fill = PatternFill("solid", fgColor="FF" + CLERKS_FILL)  # under a mark: restored later
    book.save(master)
    fast, slow = tmp_path / "fast" / master.name, tmp_path / "slow" / master.name
    for path in (fast, slow):
        path.parent.mkdir()
        shutil.copy2(master, path)
    return fast, slow


def test_the_patch_path_writes_what_openpyxl_writes(twins):
    fast, slow = twins
    for path, is_fast in ((fast, True), (slow, False)):
        _write(path, is_fast)
    first = _seen(fast)
    assert first == _seen(slow)
    assert first["table"] == [(f"A1:K{len(EXPECTED) + 1}",) * 2]
    assert first["fills"][("3月", "J2")] == "FFC7CE" and first["fills"][("3月", "O5")] == CLERKS_FILL
    assert first["columns"][1] == (6, False) and first["columns"][L.MARK_COLUMN + 1] is True
    assert sum(1 for (name, _), f in first["formulas"].items() if name == L.RESULTS_SHEET) == len(EXPECTED)
    for path, is_fast in ((fast, True), (slow, False)):  # the clerk corrects two rows
        rows = good_rows(path, 3)
        type_into(path, 3, {JOBS: rows[JOBS], MASSAGE: rows[MASSAGE]})
        _write(path, is_fast)
    second = _seen(fast)
    assert second == _seen(slow)
    assert second["table"] == [("A1:K2",) * 2] and second["fills"][("3月", "J2")] == CLERKS_FILL
    assert second["fills"][("3月", "M30")] == "FFEB9C" and second["fills"][("3月", "S2")] == ""


@pytest.mark.libreoffice
def test_libreoffice_sees_the_marks_the_patch_path_made(twins, tmp_path):
    fast, _ = twins
    _write(fast, True)
    book = load_workbook(recalculate(fast, tmp_path / "lo"))
    month, results = book["3月"], book[L.RESULTS_SHEET]
    assert [_hex(month[c]) for c, _ in EXPECTED] == ["FFC7CE", "FFEB9C", "FFC7CE", "FFEB9C", "FFEB9C", "FFEB9C"]
    assert _hex(month["O5"]) == CLERKS_FILL and _hex(month["O2"]) == ""
    assert [results.cell(r, 4).value for r in range(2, len(EXPECTED) + 2)] == [c for c, _ in EXPECTED]
    assert results.column_dimensions[L.column_letter(L.MARK_COLUMN)].hidden
