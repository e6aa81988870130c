"""Workbook files: read values fast with python-calamine, write changes with openpyxl.

Writes patch only the changed sheets' XML (``xlsxpatch``: every other part of
the file stays byte for byte); what that cannot do with certainty is written with
openpyxl (``keep_vba=True``). Both keep the master's VBA project, ribbon,
validation, conditional formats, tables and protection, and go through
``files.atomic_write`` (backup, temporary file, rename).
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

import python_calamine

from minsheng.model import layout as L
from minsheng.model import settings
from minsheng.xlsx import charts
from minsheng.xlsx import errors as xlsxerrors
from minsheng.xlsx import patch as xlsxpatch
from minsheng.xlsx.sheetxml import LINE, wrapped_height
from minsheng.xlsx import xstring
from minsheng.xlsx.zipparts import Parts
from minsheng.engines.disk import atomic_write, master_lock
from minsheng.model.book import Book, CellChange, Formula, Sheet, plain


class UnreadableWorkbook(ValueError):
    """A file that cannot be read as a workbook; the message says why, in Chinese."""


def read_book(path: Path, sheets: Iterable[str] | None = None) -> Book:
    """Values of the named sheets (all when None); missing names are left out."""
    path = Path(path)
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError:
        raise UnreadableWorkbook(f"{path.name}：文件有打开密码，无法读取；请去掉密码后重新发送。") from None
    except Exception as e:  # calamine raises several kinds for corrupt, truncated or non-Excel files
        raise UnreadableWorkbook(f"{path.name}：不是可读取的 Excel 文件（{type(e).__name__}: {e}）。") from None
    wanted = [n for n in (sheets if sheets is not None else book.sheet_names) if n in book.sheet_names]
    errors = xlsxerrors.error_cells(path, wanted)  # calamine reads #REF! and friends as empty
    out = Book(path)
    for name in wanted:
        rows = [[plain(v) for v in row] for row in book.get_sheet_by_name(name).to_python(skip_empty_area=False)]
        xlsxerrors.overlay(rows, errors.get(name, {}))
        out.sheets[name] = Sheet(name, rows)
    return out


def read_master(path: Path) -> Book:
    return read_book(path, [s for s in L.sheet_order() if s != L.XLWINGS_SHEET])


def apply_changes(path: Path, changes: list[CellChange], log: list[list] | None = None,
                  retain: tuple[int, int] | None = None, results: dict[str, dict[str, object]] | None = None,
                  now: datetime | None = None) -> Path | None:
    """Write ``changes`` (and rows appended to 日志) into the master file, atomically, under the
    master's lock (``disk.master_lock``: a caller that read the master holds it already).

    Returns the backup of the previous file, or None when nothing changed. ``retain`` = (last N,
    days D): the backups kept (``backups.prune``). ``results``: formula cells' new cached results
    (sheet → {A1: value}, ``roundtrip.cached``), written by the fast path; openpyxl keeps none.
    ``now``: the backup's time stamp (``disk.atomic_write``), default the time of the call.
    """
    if not changes and not log:
        return None

    def write(tmp: Path) -> None:
        _write(tmp)
        _refresh_charts(tmp, {c.sheet for c in changes})

    def _write(tmp: Path) -> None:
        try:  # the fast path: only the changed sheets' XML is rewritten
            tmp.write_bytes(xlsxpatch.patch(Path(path).read_bytes(), changes, {L.LOG_SHEET: log} if log else None,
                                            results=results))
            return
        except (xlsxpatch.Unsupported, zipfile.BadZipFile):
            pass
        from openpyxl import load_workbook  # the fallback only: 0.6 s to import

        book = load_workbook(path, keep_vba=True)
        for change in changes:
            set_value(book[change.sheet][change.cell], change.new)
        for name in dict.fromkeys(c.sheet for c in changes):
            cover_rows(book[name], [c for c in changes if c.sheet == name])
            grow_rows(book[name], [L.cell_index(c.cell) for c in changes if c.sheet == name])
        if log:
            append_rows(book[L.LOG_SHEET], log)
        book.save(tmp)
        book.vba_archive.close()  # openpyxl leaves it open; collected later it warns

    with master_lock(path):
        return atomic_write(Path(path), write, retain=retain, now=now)


def _refresh_charts(path: Path, sheets: set[str]) -> None:
    """Refill the caches of the charts that read ``sheets`` (``xlsx.charts``) from the file just
    written, so a viewer that draws from the cache shows what the cells say. Nothing happens when
    no chart reads a changed sheet; a container we cannot rewrite keeps its caches."""
    try:
        parts = Parts(path.read_bytes())
    except (zipfile.BadZipFile, ValueError):
        return
    found = {}
    for raw in parts.entries:
        name = raw.decode("utf-8", "replace")
        if charts.CHART_PARTS.match(name):
            xml = parts.read(name)
            if any(s.encode("utf-8") + b"!" in xml or f"'{s}'!".encode("utf-8") in xml for s in sheets):
                found[name] = xml
    if not found:
        return
    book = read_book(path, sheets)
    replaced = {}
    for name, xml in found.items():
        new = xml
        for sheet in book.sheets.values():
            rows = sheet.rows
            new = charts.refresh(new, sheet.name,
                                 lambda r, c, rows=rows: rows[r][c] if r < len(rows) and c < len(rows[r]) else None)
        if new != xml:
            replaced[name] = new
    if replaced and (out := parts.rewrite(replaced)) is not None:
        path.write_bytes(out)


def append_rows(sheet, rows: list[list]) -> None:
    """Append under the sheet's table, growing the table's range with it."""
    table = next(iter(sheet.tables.values()), None)
    last = sheet.max_row
    while last > 1 and all(c.value is None for c in sheet[last]):
        last -= 1
    for r, row in enumerate(rows, start=last + 1):
        for c, value in enumerate(row, start=1):
            set_value(sheet.cell(r, c), value)
    grow_rows(sheet, [(r, c) for r, row in enumerate(rows, start=last + 1) for c in range(1, len(row) + 1)])
    if table is not None:
        first, end = table.ref.split(":")
        end_col = "".join(ch for ch in end if ch.isalpha())
        table.ref = f"{first}:{end_col}{max(last + len(rows), 2)}"
        if table.autoFilter is not None:
            table.autoFilter.ref = table.ref


def grow_rows(sheet, cells: Iterable[tuple[int, int]]) -> None:
    """The rows of the written ``cells`` ((row, column), 1-based, as ``layout.cell_index`` gives) as tall as
    their tallest written wrapped text needs (``sheetxml.wrapped_height``, as the fast patch counts: a
    clerk's 进展情况 is never cut on paper), never lower than they are. A cell without a format of its
    own wraps as its column does."""
    dims = {}
    for dim in sheet.column_dimensions.values():
        for col in range(dim.min or 0, (dim.max or 0) + 1):
            dims[col] = dim
    written: dict[int, list[int]] = {}
    for r, c in cells:
        written.setdefault(r, []).append(c)
    for r, cols in written.items():
        wrapped = []
        for col in cols:
            cell, dim = sheet.cell(r, col), dims.get(col)
            look = cell if cell.has_style or dim is None else dim
            if isinstance(cell.value, str) and look.alignment.wrap_text:
                wrapped.append((cell.value, dim.width if dim is not None and dim.width else 8.43))
        need = wrapped_height(wrapped)
        if need and need > (sheet.row_dimensions[r].height or LINE):
            sheet.row_dimensions[r].height = need


def cover_rows(sheet, changes: list[CellChange]) -> None:
    """The sheet's first table grown down to the last row ``changes`` give a value in its columns
    (as Excel grows a table for a row typed under it; ``xlsx.patch`` does the same)."""
    from openpyxl.utils.cell import range_boundaries

    table = next(iter(sheet.tables.values()), None)
    if table is None:
        return
    first, top, last, bottom = range_boundaries(table.ref)
    rows = [L.cell_index(c.cell)[0] for c in changes
            if c.new is not None and first <= L.cell_index(c.cell)[1] <= last]
    if max(rows, default=0) > bottom:
        start, _ = table.ref.split(":")
        table.ref = f"{start}:{L.column_letter(last - 1)}{max(rows)}"
        if table.autoFilter is not None:
            table.autoFilter.ref = table.ref


def set_value(cell, value) -> None:
    """Set a value; text that starts with '=' stays text. Only a ``Formula`` is a formula."""
    if isinstance(value, Formula):
        cell.value = str(value)
        return
    if isinstance(value, str) and xstring.needs_escape(value):
        value = xstring.escape(value)  # as Excel stores a character XML cannot carry: _x000B_
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"


class FileEngine:
    """A master file on disk as a job's engine (``minsheng.engines.base.Engine``).

    Reads with ``read_book`` (a ``Book`` read before, e.g. by the command line's checks, can be
    handed in); each ``apply`` writes the file atomically with a backup (``apply_changes``) and
    keeps the backup's path in ``backup``. No Excel Table to fit beyond what the writer keeps
    (a table grows with 日志's rows), no fills, no status bar. ``clock`` gives the time that stamps
    each backup (the demo passes its story's clock).
    """

    def __init__(self, path: Path, book: Book | None = None, clock: Callable[[], datetime] = datetime.now):
        self.path = Path(path)
        self.clock = clock
        self.book = book if book is not None else Book(self.path)
        self.backup: Path | None = None
        self._asked: set[str] = set(self.book.sheets)

    def read(self, names: Iterable[str] | None = None) -> Book:
        """The named sheets (all when None), read once each; the same ``Book`` each call."""
        if names is None:
            missing = None
        else:
            missing = [n for n in names if n not in self._asked]
            if not missing:
                return self.book
            self._asked.update(missing)
        for name, sheet in read_book(self.path, missing).sheets.items():
            self.book.sheets.setdefault(name, sheet)
        return self.book

    def apply(self, changes: Iterable[CellChange], log_rows: Iterable[list] = (),
              results: dict[str, dict[str, object]] | None = None) -> int:
        changes, log_rows = list(changes), [list(r) for r in log_rows]
        if not changes and not log_rows:
            return 0
        found = settings.load(self.read([L.CONFIG_SHEET]))
        retain = (found.backup_keep, found.backup_days)
        self.backup = apply_changes(self.path, changes, log_rows or None, retain, results, now=self.clock()) or self.backup
        return len({(c.sheet, c.cell) for c in changes})

    def fit_table(self, name: str, ref: str) -> None:
        """Nothing to do: the file's writers keep each table fitted to what they write."""

    def fills(self) -> None:
        return None

    def status(self, text: str | None) -> None:
        """No status bar: a command prints its own progress."""
