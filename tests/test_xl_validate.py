"""The 校验 button through xlwings' remote interpreter: the 校验结果 sheet `minsheng validate` writes,
written into the open workbook instead.

The master is built by `minsheng build` and typed into the way clerks type (``test_validate_sheet``'s
mistakes); the CLI validates a copy of the same file, and calamine reads what the CLI wrote: the
button's actions must put the same values in the same cells. A second run is fed what Excel would
send after the first (``excel_sends``).
"""

from __future__ import annotations

import re
import shutil
from contextlib import contextmanager
from pathlib import Path

import xlwings as xw
from excel_payload import actions, alerts, values_at
from openpyxl import load_workbook
from test_validate_sheet import EXPECTED, JOBS, MASSAGE, _mistakes
from test_xl_buttons import typed

from minsheng.model import layout as L
from minsheng.check import results
from minsheng import xl
from minsheng.engines.file import read_book
from minsheng.model.book import Sheet

from monthfill import good_rows, type_into
from test_cli import run
from xlsm_book import load_xlsm

MONTH = L.month_sheet(3)
LAST = L.column_letter(len(L.RESULT_HEADERS) - 1)  # K
ERROR_FILL, WARNING_FILL = L.MARK_FILLS["error"], L.MARK_FILLS["warning"]


def excel_sends(value: object) -> object:
    """What Excel shows, and sends in the next payload, for a value an action wrote: text without
    its ' prefix, a HYPERLINK formula as its friendly name, an emptied cell as ""."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith("'"):
        return value[1:]
    link = re.fullmatch(r'=HYPERLINK\(".*","(.*)"\)', value) if isinstance(value, str) else None
    return link.group(1) if link else value


def cli_results(master: Path, tmp_path: Path) -> Sheet:
    """The 校验结果 sheet `minsheng validate` writes into a copy of ``master``, as calamine reads it."""
    copy = tmp_path / "cli" / master.name
    copy.parent.mkdir()
    shutil.copy(master, copy)
    assert run("validate", copy, "--month", 3).returncode == 1
    return read_book(copy, [L.RESULTS_SHEET])[L.RESULTS_SHEET]


def press(remote, master: Path, after: xw.Book | None = None) -> xw.Book:
    """Press 校验 on the 3月 sheet; ``after``: an earlier run, whose writes Excel now shows."""
    edits, tables = None, None
    if after is not None:
        edits = {L.RESULTS_SHEET: shown_after(after)}
        tables = {L.table_name(L.RESULTS_SHEET): a["args"][1].replace("$", "")  # its only table
                  for a in actions(after, "resizeTable")}
    if hasattr(xw.Book, "_mock_caller"):
        del xw.Book._mock_caller
    book = remote(master, active=MONTH, edits=edits, tables=tables)
    xl.validate()
    return book


def shown_after(book: xw.Book) -> dict[str, object]:
    """校验结果 as Excel shows it after ``book``'s run (A1 → value)."""
    return {cell: excel_sends(value) for cell, value in values_at(book, L.RESULTS_SHEET).items()}


def blank_as_empty(rows: list[list]) -> list[list]:
    return [["" if v is None else v for v in row] for row in rows]


def test_the_button_writes_the_table_the_cli_writes(remote, master, tmp_path):
    _mistakes(master)
    cli = cli_results(master, tmp_path)
    book = press(remote, master)
    written = values_at(book, L.RESULTS_SHEET)
    n = len(EXPECTED)
    for r in range(2, n + 2):
        for c, header in enumerate(L.RESULT_HEADERS):
            cell = f"{L.column_letter(c)}{r}"
            if header == "转到":  # a formula: calamine sees no value in the CLI's file
                sheet, at = cli.rows[r - 1][2], cli.rows[r - 1][3]
                assert written[cell] == results.link(sheet, at), cell
            else:
                assert excel_sends(written[cell]) == cli.rows[r - 1][c], cell
    assert [(written[f"D{r}"], written[f"K{r}"]) for r in range(2, n + 2)] == EXPECTED
    assert [a["args"] for a in actions(book, "resizeTable")] == [[0, f"$A$1:${LAST}${n + 1}"]]
    assert not any(cell.startswith(tuple(L.column_letter(L.MARK_COLUMN + i) for i in range(3)))
                   for cell in written)  # no fills here, so no records of fills
    assert actions(book, "setRangeColor") == actions(book, "setRangeColors") == []
    [message] = alerts(book)
    assert f"发现 2 个错误、{n - 2} 个提示" in message and f"已写入“{L.RESULTS_SHEET}”表（{n} 条" in message
    assert "标色没有更新" in message


def test_a_second_run_changes_nothing(remote, master):
    _mistakes(master)
    again = press(remote, master, press(remote, master))
    assert actions(again, "setValues") == [] and actions(again, "resizeTable") == []
    assert "与上次校验相同，工作簿没有改动" in alerts(again)[0]


def test_after_corrections_the_rows_left_over_are_emptied_and_the_table_shrinks(remote, master):
    _mistakes(master)
    first = press(remote, master)
    rows = good_rows(master, 3)
    type_into(master, 3, {JOBS: rows[JOBS], MASSAGE: rows[MASSAGE]})  # the 状态 typed over stays
    again = press(remote, master, first)
    written = values_at(again, L.RESULTS_SHEET)
    assert (written["D2"], written["E2"], written["K2"]) == ("M30", results.link(MONTH, "M30"), EXPECTED[-1][1])
    left = {excel_sends(written[f"{L.column_letter(c)}{r}"])
            for r in range(3, len(EXPECTED) + 2) for c in range(len(L.RESULT_HEADERS))}
    assert left == {""}
    assert [a["args"] for a in actions(again, "resizeTable")] == [[0, f"$A$1:${LAST}$2"]]
    assert "1 条" in alerts(again)[0]


def test_calls_into_excel_do_not_grow_with_rows(remote, master, master_x10):
    counts, findings = [], []
    for path in (master, master_x10):
        book = remote(path, active=MONTH, edits=typed(path))
        xl.validate()
        counts.append(len(actions(book)))
        rows = values_at(book, L.RESULTS_SHEET)
        findings.append(max(int(cell[1:]) for cell in rows) - 1)
        del xw.Book._mock_caller
    assert findings[1] >= 10 * findings[0] > 0
    assert counts[0] == counts[1] == 4  # the table's rows, its AutoFit, its resize, the closing message


def test_a_master_without_the_results_sheet_gets_it_with_its_table(remote, master):
    book = load_xlsm(master)
    del book[L.RESULTS_SHEET]
    book.save(master)
    _mistakes(master)
    book = press(remote, master)
    assert [a["args"][1] for a in actions(book, "addSheet")] == [L.RESULTS_SHEET]
    [added] = actions(book, "addTable")
    assert added["args"][0] == f"$A$1:${LAST}${len(EXPECTED) + 1}" and added["args"][3] == L.table_name(L.RESULTS_SHEET)
    assert values_at(book, L.RESULTS_SHEET)["A1"] == L.RESULT_HEADERS[0]


# --- marks: Excel for Windows only --------------------------------------------------------------

class PaperFills:
    """Stands in for ``minsheng.engines.excel_fills.Fills`` (Excel for Windows over COM, which does not run
    here): each cell's fill starts as the file's own (openpyxl), and a cell can be painted only
    while its sheet is unprotected."""

    def __init__(self, path: Path):
        self.file = load_workbook(path)
        self.painted: dict[tuple[str, str], str] = {}
        self.open: set[str] = set()

    def fill(self, sheet: str, cell: str) -> str:
        if (sheet, cell) in self.painted:
            return self.painted[(sheet, cell)]
        fill = self.file[sheet][cell].fill
        return str(fill.fgColor.rgb)[-6:] if fill.fill_type == "solid" else ""

    def read(self, marks):
        return {(m.sheet, m.cell): self.fill(m.sheet, m.cell) for m in marks}

    def paint(self, marks):
        for m in marks:
            assert m.sheet in self.open, f"{m.sheet} is protected"
            self.painted[(m.sheet, m.cell)] = m.fill

    @contextmanager
    def unprotected(self, sheets):
        self.open = set(sheets)
        yield
        self.open = set()


def test_on_windows_cells_are_marked_and_recorded_as_the_cli_does(remote, master, tmp_path, monkeypatch):
    _mistakes(master)
    paper = PaperFills(master)
    before = {cell: paper.fill(MONTH, cell) for cell, _ in EXPECTED}
    monkeypatch.setattr(xl.Excel, "fills", lambda self: paper)
    cli = cli_results(master, tmp_path)
    book = press(remote, master)
    written = shown_after(book)
    records = [[written[f"{L.column_letter(L.MARK_COLUMN + c)}{r}"] for c in range(3)]
               for r in range(2, len(EXPECTED) + 2)]
    assert records == blank_as_empty([row[L.MARK_COLUMN:L.MARK_COLUMN + 3] for row in cli.rows[1:len(EXPECTED) + 1]])
    assert [paper.fill(MONTH, cell) for cell, _ in EXPECTED] == [
        ERROR_FILL, WARNING_FILL, ERROR_FILL, WARNING_FILL, WARNING_FILL, WARNING_FILL]
    assert "问题单元格已标色" in alerts(book)[0]

    rows = good_rows(master, 3)
    type_into(master, 3, {JOBS: rows[JOBS], MASSAGE: rows[MASSAGE]})
    again = press(remote, master, book)
    assert [paper.fill(MONTH, cell) for cell, _ in EXPECTED] == [*list(before.values())[:-1], WARNING_FILL]
    shown = shown_after(again)
    assert [shown[f"{L.column_letter(L.MARK_COLUMN + c)}2"] for c in range(3)] == [
        f"{MONTH}!M30", WARNING_FILL, before["M30"]]
    assert {shown[f"{L.column_letter(L.MARK_COLUMN + c)}3"] for c in range(3)} == {""}


def test_the_month_is_the_active_sheets(remote, master):
    book = remote(master, active=L.month_sheet(1))
    xl.validate()
    assert alerts(book)[0].startswith("1 月校验：")
