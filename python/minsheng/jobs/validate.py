"""校验 into a master: the month's findings into the 校验结果 sheet, the offending cells marked.

On the live workbook the 校验结果 table is fitted to the findings (a link from each to its cell)
and, where Excel can fill cells, the last run's marks are cleared and this run's made, in the
order ``minsheng.check.results`` says. A master file is written with openpyxl in one go
(``write_results``: atomically, with a backup, keeping the VBA project and ribbon). Nothing is
written when the sheet already shows the same report.

A unit's return is only checked (``check_return``), and read as consolidation reads it
(``minsheng.roundtrip.returns``: caps, no XML parser, formulas and error cells); a file is taken
for a master (``is_master``) only by the sheet names that reader sees.
"""

from __future__ import annotations

from dataclasses import dataclass
import zipfile
from datetime import datetime
from pathlib import Path

from minsheng.check import results
from minsheng.check.findings import Report
from minsheng.check.validate import validate_book
from minsheng.engines.base import Engine
from minsheng.engines.disk import atomic_write, master_lock
from minsheng.engines.file import FileEngine, UnreadableWorkbook, read_book, set_value
from minsheng.model import cadence
from minsheng.model import layout as L
from minsheng.model import settings
from minsheng.model.book import Book
from minsheng.roundtrip import returns, returns_validate
from minsheng.xlsx import patch as xlsxpatch


@dataclass
class Validated:
    report: Report
    month: int
    written: bool = False  # the 校验结果 sheet (and marks) changed
    marked: bool = True  # the engine could mark cells (False: Excel off Windows)
    backup: Path | None = None  # the master file as it was, when one was written


def validate(engine: Engine, month: int, *, write: bool = True) -> Validated:
    before = cadence.previous(month, settings.load(engine.read([L.CONFIG_SHEET])).cadence)
    sheets = [L.month_sheet(m) for m in (before, month) if m in L.MONTHS]
    book = engine.read([*sheets, L.PLAN_SHEET, L.CONFIG_SHEET, L.RESULTS_SHEET])
    engine.status(f"校验 {month} 月")
    report = validate_book(book, month, source=book.name)
    if not write:
        return Validated(report, month)
    if isinstance(engine, FileEngine):  # one openpyxl pass: the table, its widths and the marks
        found = settings.load(engine.read([L.CONFIG_SHEET]))
        backup = write_results(engine.path, report, (found.backup_keep, found.backup_days), engine.clock())
        return Validated(report, month, written=backup is not None, backup=backup)
    fills = engine.fills()
    if results.unchanged(book, report, with_marks=fills is not None):
        return Validated(report, month, marked=fills is not None)
    changes = results.table_changes(book, report)
    if fills is not None:
        changes += _mark(fills, book, report)
    engine.apply(changes)
    engine.fit_table(L.RESULTS_SHEET, results.table_ref(report))
    return Validated(report, month, written=True, marked=fills is not None)


class Unusable(Exception):
    """The file cannot be validated; the message says why, in Chinese."""


def is_master(path: Path) -> bool:
    """A master (its 配置 and 计划 sheets), not a unit's return. Only the sheet names are looked
    at, read behind the caps of a return (``returns.sheet_names``); a file that reader refuses
    is no master (``check_return`` says why)."""
    try:
        names = returns.sheet_names(path)
    except (returns.Rejected, OSError):
        return False
    return L.CONFIG_SHEET in names and L.PLAN_SHEET in names


def open_master(path: Path, month: int | None) -> tuple[FileEngine, int]:
    """A master file as ``validate``'s engine, and the month to check: ``month``, or the file's
    only month sheet. ``Unusable`` when the month is not a report month (配置 报送周期 季: 3、6、9、12)."""
    if month is not None:  # the file opened to see it is a workbook; ``validate`` reads the sheets it needs
        engine = FileEngine(path, _read(Path(path), []))
    else:
        book = _read(Path(path))
        engine, month = FileEngine(path, book), _only_month(book)
    why = cadence.not_a_report_month(month, settings.load(engine.read([L.CONFIG_SHEET])).cadence)
    if why:
        raise Unusable(why)
    return engine, month


def check_return(path: Path, month: int | None, master: Path | Book | None = None) -> Validated:
    """A unit's return file checked as consolidation reads and checks it (``returns_validate.validate_file``),
    against its master (the file or its values: config, plan, last month) when given; nothing is
    written. ``month``: None to take it from the seal, else from the file's only month sheet.
    A file consolidation would refuse is a report with that one finding (``report.refused``)."""
    path = Path(path)
    if master is not None and not isinstance(master, Book):
        master = _read(Path(master))
    if not path.exists():
        raise Unusable(f"找不到文件 {path}")
    try:
        report = returns_validate.validate_file(path, month, master)
    except returns_validate.MonthUnknown as e:
        raise Unusable(str(e)) from None
    return Validated(report, report.month)


def _read(path: Path, sheets: list[str] | None = None) -> Book:
    if not path.exists():
        raise Unusable(f"找不到文件 {path}")
    try:
        return read_book(path, sheets)
    except UnreadableWorkbook as e:
        raise Unusable(str(e)) from None


def _only_month(book: Book) -> int:
    months = [m for m in (L.sheet_month(name) for name in book.sheets) if m]
    if len(months) == 1:
        return months[0]
    raise Unusable(f"{book.name} 中有 {len(months)} 张月表，请用 --month 指定要校验的月份")


def _mark(fills, book: Book, report: Report) -> list:
    """Restore the cells the last run marked, mark this run's (红 error, 黄 warning) and return
    the records of what was done, for the 校验结果 sheet."""
    old, new = results.previous_marks(book), results.marks(report)
    with fills.unprotected(m.sheet for m in [*old, *new]):
        fills.paint(old)
        originals = fills.read(new)
        fills.paint(new)
    return results.record_changes(book, new, originals)


# --- a master file: the 校验结果 sheet and the highlighted cells, with openpyxl ----------------

def write_results(path: Path, report: Report, retain: tuple[int, int] | None = None,
                  now: datetime | None = None) -> Path | None:
    """Returns the backup of the previous file, or None when nothing had to change."""
    path = Path(path)
    with master_lock(path):  # held by the command since it read the master; taken here otherwise
        return _write_results(path, report, retain, now)


def _write_results(path: Path, report: Report, retain: tuple[int, int] | None, now: datetime | None = None) -> Path | None:
    before = read_book(path, [L.RESULTS_SHEET])
    if results.unchanged(before, report):
        return None
    old = results.previous_marks(before)

    def write(tmp: Path) -> None:
        try:  # the fast path: only the month sheets marked, 校验结果 and the styles part are rewritten
            tmp.write_bytes(_patched(path.read_bytes(), before, report, old))
            return
        except (xlsxpatch.Unsupported, zipfile.BadZipFile):
            pass
        from openpyxl import load_workbook  # the fallback: the whole workbook loaded and saved

        book = load_workbook(path, keep_vba=True)
        for mark in old:
            if mark.sheet in book.sheetnames:
                book[mark.sheet][mark.cell].fill = _fill(mark.fill)
        new = results.marks(report)
        originals = {}
        for mark in new:
            cell = book[mark.sheet][mark.cell]
            originals[(mark.sheet, mark.cell)] = _hex_of(cell.fill)
            cell.fill = _fill(mark.fill)
        _table(_results_sheet(book), results.cell_changes(before, report, originals), results.table_ref(report))
        book.save(tmp)
        book.vba_archive.close()  # openpyxl leaves it open; collected later it warns

    return atomic_write(path, write, retain=retain, now=now)


def _patched(data: bytes, before: Book, report: Report, old: list) -> bytes:
    """What the openpyxl writer below writes, through ``xlsx.patch``: the old marks restored, the
    new ones' fills read (after that) and made, the table's rows, records, range and columns."""
    names = set(xlsxpatch.sheet_names(data))
    if L.RESULTS_SHEET not in names:
        raise xlsxpatch.Unsupported("no 校验结果 sheet")  # openpyxl adds one
    old = [m for m in old if m.sheet in names]
    new = results.marks(report)
    restored = {(m.sheet, m.cell): m.fill for m in old}
    originals = {**xlsxpatch.fills_of(data, [(m.sheet, m.cell) for m in new if (m.sheet, m.cell) not in restored]),
                 **{key: restored[key] for m in new if (key := (m.sheet, m.cell)) in restored}}
    columns = {c: (results.WIDTHS[header], None) for c, header in enumerate(L.RESULT_HEADERS, start=1)}
    columns.update({L.MARK_COLUMN + 1 + c: (None, True) for c in range(len(L.MARK_HEADERS))})
    return xlsxpatch.patch(data, results.cell_changes(before, report, originals),
                           fills=[(m.sheet, m.cell, m.fill) for m in [*old, *new]],
                           tables={L.RESULTS_SHEET: results.table_ref(report)},
                           columns={L.RESULTS_SHEET: columns}, formulas={L.RESULTS_SHEET})


def _fill(hex_rgb: str):
    from openpyxl.styles import PatternFill

    return PatternFill(fill_type="solid", fgColor=f"FF{hex_rgb}", bgColor=f"FF{hex_rgb}") if hex_rgb else PatternFill()


def _hex_of(fill) -> str:
    """A solid RGB fill as hex; anything else (none, theme colours, patterns) as no fill."""
    color = getattr(fill, "fgColor", None)
    if fill is None or fill.fill_type != "solid" or color is None or color.type != "rgb":
        return ""
    return str(color.rgb)[-6:].upper()


def _results_sheet(book):
    """The 校验结果 sheet; a master built before it existed gets one, before 日志."""
    if L.RESULTS_SHEET in book.sheetnames:
        return book[L.RESULTS_SHEET]
    at = book.sheetnames.index(L.LOG_SHEET) if L.LOG_SHEET in book.sheetnames else len(book.sheetnames)
    return book.create_sheet(L.RESULTS_SHEET, at)


def _table(sheet, changes, ref: str) -> None:
    """Apply the sheet's cell changes, then fit the table to the rows and hide the mark records."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.table import Table, TableStyleInfo

    for change in changes:
        set_value(sheet[change.cell], change.new)  # 转到 holds Formulas; any other text stays text
    for c, header in enumerate(L.RESULT_HEADERS, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = results.WIDTHS[header]
    for c in range(len(L.MARK_HEADERS)):
        sheet.column_dimensions[L.column_letter(L.MARK_COLUMN + c)].hidden = True
    name = L.table_name(L.RESULTS_SHEET)
    if name in sheet.tables:
        sheet.tables[name].ref = ref
        if sheet.tables[name].autoFilter is not None:
            sheet.tables[name].autoFilter.ref = ref
    else:
        table = Table(displayName=name, ref=ref)
        table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
        sheet.add_table(table)
    sheet.freeze_panes = "A2"
