"""Write a report into a master file: the 校验结果 sheet and the highlighted cells (openpyxl).

The plan is ``minsheng.check.results``; this module only applies it, atomically and
with a backup (``files.atomic_write``), keeping the VBA project and ribbon.
Nothing is written when the sheet already shows the same report.
"""

from __future__ import annotations

from pathlib import Path

from minsheng.model import layout as L
from minsheng.check import results
from minsheng.engines.file import read_book, set_value
from minsheng.engines.disk import atomic_write
from minsheng.check.findings import Report

def write_results(path: Path, report: Report) -> Path | None:
    """Returns the backup of the previous file, or None when nothing had to change."""
    path = Path(path)
    before = read_book(path, [L.RESULTS_SHEET])
    if results.unchanged(before, report):
        return None
    old = results.previous_marks(before)

    def write(tmp: Path) -> None:
        from openpyxl import load_workbook

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

    return atomic_write(path, write)


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
