"""The live workbook in Excel, through xlwings: one of the two engines a job runs on.

Reads each sheet once as one block of values; writes ``CellChange``s back as a few rectangles
(``minsheng.engines.excel_blocks``), so the number of calls into Excel does not grow with the
number of rows. The open workbook is changed through Excel, never by saving the file behind its
back. Progress goes to the status bar where Excel has one. Cell fills (校验's marks) are made on
Excel for Windows only (``minsheng.engines.excel_fills``): the remote interpreter cannot read a
fill or lift a sheet's protection. Besides the engine interface, the caller's side: the month of
the active sheet, a folder dialog, a message box (``minsheng.xl`` uses them).

With ``minsheng.xl`` the only module that imports xlwings.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import xlwings as xw

from minsheng.engines import excel_blocks as xlblocks
from minsheng.engines import excel_fills as xlfills
from minsheng.engines.base import Stop
from minsheng.model import cadence
from minsheng.model import layout as L
from minsheng.model import settings as settings_module
from minsheng.model.book import Book, CellChange, Sheet, is_blank, plain

_FOLDER_PICKER = 4  # msoFileDialogFolderPicker


class Excel:
    """The calling workbook, as the entry points need it: read blocks, apply changes, talk to the clerk."""

    def __init__(self, book: xw.Book):
        self.xl = book
        self.book = Book(_book_path(book))
        self._extent: dict[str, tuple[int, int]] = {}
        self._resized: dict[str, str] = {}  # sheet → its table's address after a resize in this run
        self.cells_written = 0
        self.desktop = book.app.engine.name == "excel"

    # --- reading ---------------------------------------------------------------------------
    def sheet_names(self) -> list[str]:
        return [s.name for s in self.xl.sheets]

    def read(self, names: Iterable[str]) -> Book:
        """Each named sheet's values from A1 to the end of its used range, one call per sheet."""
        present = self.sheet_names()
        wanted = [n for n in names if n in present and n not in self.book]
        for i, name in enumerate(wanted, start=1):
            self.status(f"读取“{name}”（{i}/{len(wanted)}）")
            sheet = self.xl.sheets[name]
            last = sheet.used_range.last_cell
            values = sheet.range((1, 1), (last.row, last.column)).options(ndim=2, err_to_str=True).value
            self._extent[name] = (last.row, last.column)
            self.book.sheets[name] = Sheet(name, [[plain(v) for v in row] for row in values])
        return self.book

    def _formulas(self, name: str) -> list[list] | None:
        """The sheet's formulas where the engine can read them (Windows and Mac Excel; not the
        remote interpreter, which sends values only): unchanged cells holding one are never rewritten."""
        if name not in self._extent:
            return None
        try:
            found = self.xl.sheets[name].range((1, 1), self._extent[name]).formula
        except NotImplementedError:
            return None
        if isinstance(found, str):
            return [[found]]
        return [list(row) for row in found]

    # --- writing ---------------------------------------------------------------------------
    def apply(self, changes: Iterable[CellChange], log_rows: Iterable[list] = (),
              results: dict[str, dict[str, object]] | None = None) -> int:
        """Write ``changes`` and append ``log_rows`` to 日志; returns the number of changed cells
        (``results`` unused: Excel recalculates the formulas itself)."""
        changes, log_rows = list(changes), [list(r) for r in log_rows]
        if log_rows:
            self.read([L.LOG_SHEET])
            changes += _log_changes(self.book[L.LOG_SHEET], log_rows)
        if not changes:
            return 0
        sheets = list(dict.fromkeys(c.sheet for c in changes))
        for name in sheets:
            if name not in self.sheet_names():
                self.xl.sheets.add(name, after=self.xl.sheets[-1])
        self.read(sheets)
        formulas = {name: self._formulas(name) for name in sheets}
        blocks = xlblocks.plan(changes, self.book, formulas)
        for i, block in enumerate(blocks, start=1):
            self.status(f"写入“{block.sheet}”{block.address}（{i}/{len(blocks)}）")
            self.xl.sheets[block.sheet].range((block.row, block.column)).value = [list(r) for r in block.values]
            self.cells_written += sum(len(r) for r in block.values)
        for name in sheets:
            self._grow_table(name, [b for b in blocks if b.sheet == name])
            self._fit_rows(name, [c for c in changes if c.sheet == name])
        return len({(c.sheet, c.cell) for c in changes})

    def _grow_table(self, name: str, blocks: list[xlblocks.Block]) -> None:
        """Rows written under a sheet's Excel Table, in its columns, join it (Excel grows a table
        for typing, not for a macro's writes), so its filters and styles cover them."""
        sheet = self.xl.sheets[name]
        if not len(sheet.tables):
            return
        area = sheet.tables[0].range
        bottom = area.last_cell
        inside = [b for b in blocks if b.column <= bottom.column and b.column + len(b.values[0]) > area.column]
        last_row = max((b.row + len(b.values) - 1 for b in inside), default=0)
        if last_row > bottom.row:
            target = sheet.range((area.row, area.column), (last_row, bottom.column))
            sheet.tables[0].resize(target)
            self._resized[name] = target.address

    def _fit_rows(self, name: str, changes: list[CellChange]) -> None:
        """The rows given text grow to their tallest wrapped cell by Excel's own AutoFit (the file
        writers count the same, ``sheetxml.wrapped_height``: a clerk's 进展情况 is never cut on paper).
        One call per sheet, over the used columns of the rows from the first to the last given text, so
        the calls do not grow with rows; a row between them is fitted to its own text too. A sheet
        given only numbers keeps its heights."""
        rows = [L.cell_index(c.cell)[0] for c in changes if isinstance(c.new, str) and c.new]
        if rows:
            width = max(1, self._extent.get(name, (0, 1))[1])
            self.xl.sheets[name].range((min(rows), 1), (max(rows), width)).rows.autofit()

    def fit_table(self, name: str, ref: str) -> None:
        """Fit the sheet's Excel Table (``layout.table_name``) to ``ref``, larger or smaller;
        a sheet without one gets one."""
        sheet = self.xl.sheets[name]
        table_name = L.table_name(name)
        target = sheet.range(ref)
        table = next((t for t in sheet.tables if t.name == table_name), None)
        if table is None:
            sheet.tables.add(source=target, name=table_name, has_headers=True, table_style_name="TableStyleLight9")
        elif self._resized.get(name, table.range.address) != target.address:
            table.resize(target)
            self._resized[name] = target.address

    def fills(self) -> xlfills.Fills | None:
        """Cell fills where they can be read and set: Excel for Windows only (``minsheng.engines.excel_fills``)."""
        return xlfills.Fills(self.xl) if self.desktop and sys.platform == "win32" else None

    # --- talking to the clerk ----------------------------------------------------------------
    def status(self, text: str | None) -> None:
        """Progress on Excel's status bar; the remote interpreter has none, so nothing is shown there."""
        try:
            self.xl.app.status_bar = f"民生实事：{text}…" if text else False
        except NotImplementedError:
            pass

    def alert(self, text: str, title: str, critical: bool = False) -> None:
        self.xl.app.alert(text, title=f"民生实事 · {title}", mode="critical" if critical else "info")

    def month(self) -> int:
        """The active monthly sheet's month, else the reporting month (the previous one; under 报送周期
        季 the last quarter end before it). ``Stop`` with the months to use when the active sheet's
        month is not reported on (季: 3、6、9、12)."""
        found = settings_module.load(self.read([L.CONFIG_SHEET]))
        month = L.sheet_month(self.xl.sheets.active.name)
        if not month:
            today = date.today()
            month = (12 if today.year > found.year else 1) if today.year != found.year else max(1, today.month - 1)
            month = max(cadence.periods_to(month, found.cadence) or [month])
        why = cadence.not_a_report_month(month, found.cadence, ribbon=True)
        if why:
            raise Stop(why)
        return month

    def folder(self, default: Path, title: str) -> Path:
        """A folder chosen in Excel's dialog (Windows), else ``default``. Cancelling stops the run."""
        if self.desktop and sys.platform == "win32":
            dialog = self.xl.app.api.FileDialog(_FOLDER_PICKER)
            dialog.Title = title
            dialog.AllowMultiSelect = False
            dialog.InitialFileName = str(default if default.exists() else default.parent) + "\\"
            if dialog.Show() != -1:
                raise Stop("已取消，没有做任何修改。")
            return Path(dialog.SelectedItems(1))
        return default

    @property
    def folder_beside(self) -> Path:
        return self.book.path.parent

    @property
    def path(self) -> Path:
        return self.book.path


def _book_path(book: xw.Book) -> Path:
    """The workbook's path. A workbook on OneDrive/SharePoint reports a URL: use Documents.
    The remote interpreter knows only the name: it resolves in the current folder."""
    full = book.fullname
    if full.startswith(("http://", "https://")):
        return Path.home() / "Documents" / book.name
    return Path(full).absolute()


def _log_changes(sheet: Sheet, rows: list[list]) -> list[CellChange]:
    last = len(sheet.rows)
    while last > 1 and all(is_blank(v) for v in sheet.rows[last - 1]):
        last -= 1
    return [CellChange(sheet.name, f"{L.column_letter(c)}{last + 1 + r}", None, value)
            for r, row in enumerate(rows) for c, value in enumerate(row)]
