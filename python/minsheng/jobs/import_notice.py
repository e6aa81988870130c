"""导入通知: a notice file → a draft catalogue (.xlsx or .csv) for the office to review."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from minsheng.builder import cells
from minsheng.engines.disk import atomic_write
from minsheng.model.units import default
from minsheng.notice import draft, read, table
from minsheng.notice.read import NoticeUnreadable


class Refused(ValueError):
    """Nothing was written; the message says why."""


@dataclass
class Imported:
    out: Path
    rows: list[dict]
    backup: Path | None

    @property
    def marked(self) -> list[dict]:
        return [r for r in self.rows if r[draft.CHECK]]


def draft_rows(notice: Path) -> list[dict]:
    """Raises ``Refused`` when the file cannot be read or holds no table with a header."""
    try:
        cells = read.rows(notice)
    except NoticeUnreadable as e:
        raise Refused(str(e)) from None
    items = table.items(cells)
    if not items:
        raise Refused(f"{notice.name}：没有找到带“序号”和“项目内容”（或“建设内容”“目标任务”等）表头的表格；"
                      f"请确认附件中的项目表已在文件内")
    return draft.rows(items, default())


def import_notice(notice: Path, out: Path) -> Imported:
    if out.suffix.lower() not in (".xlsx", ".csv"):
        raise Refused(f"输出文件应为 .xlsx 或 .csv，现为 {out.name}")
    rows = draft_rows(notice)
    return Imported(out, rows, write_draft(rows, out))


def write_draft(rows: list[dict], out: Path) -> Path | None:
    """Write draft rows to ``out`` (.csv, else .xlsx) atomically; the backup of a file it replaced."""
    out.parent.mkdir(parents=True, exist_ok=True)
    writer = _csv if out.suffix.lower() == ".csv" else _xlsx
    return atomic_write(out, lambda tmp: writer(rows, tmp))


def _csv(rows: list[dict], path: Path) -> None:
    buffer = io.StringIO()
    w = csv.DictWriter(buffer, fieldnames=draft.DRAFT_COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    Path(path).write_text(buffer.getvalue(), "utf-8")


def _xlsx(rows: list[dict], path: Path) -> None:
    """The draft as the office reviews it, on screen and on paper: every column on one A3 landscape
    page (``draft.DRAFT_WIDTHS``, texts wrapped, 10 pt at ``PRINT_SCALE`` %: 9 pt on paper), the
    header row repeated on every page, 需核对 rows marked yellow."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "项目表"
    sheet.append(list(draft.DRAFT_COLUMNS))
    for row in rows:
        sheet.append([_cell(c, row[c]) for c in draft.DRAFT_COLUMNS])
    line = Side(style="thin", color="BFBFBF")
    edge, wrap = Border(left=line, right=line, top=line, bottom=line), Alignment(wrap_text=True, vertical="top")
    plain, bold = Font(name=cells.FONT, size=10), Font(name=cells.FONT, size=10, bold=True)
    mark = PatternFill("solid", fgColor="FFF2CC")
    at = draft.DRAFT_COLUMNS.index(draft.CHECK) + 1
    for r, cells_of_row in enumerate(sheet.iter_rows(), start=1):
        for cell in cells_of_row:
            cell.font, cell.alignment, cell.border = (bold if r == 1 else plain), wrap, edge
        if r > 1 and sheet.cell(r, at).value:
            sheet.cell(r, at).fill = mark
    widths = [draft.DRAFT_WIDTHS[c] for c in draft.DRAFT_COLUMNS]
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = width
    narrow = [w * 0.85 for w in widths]  # lists of units wrap early: 、 never starts a line
    for r, values in enumerate(sheet.iter_rows(values_only=True), start=1):  # no reader grows a row by itself
        sheet.row_dimensions[r].height = 13.5 * cells.row_lines(list(values), narrow)
    sheet.freeze_panes = "A2"
    sheet.page_setup.paperSize, sheet.page_setup.orientation = cells.A3, "landscape"
    sheet.page_setup.scale = cells.PRINT_SCALE  # never fit-to-width: 9 pt is the least a page is read at
    sheet.print_title_rows = "1:1"
    sheet.page_margins.left = sheet.page_margins.right = 0.25
    sheet.oddHeader.center.text = "目录草稿（核对后清空“需核对”）"
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    book.save(path)


def _cell(column: str, value):
    if column == "目标值" and value != "":
        number = float(value)
        return int(number) if number.is_integer() else number
    return value if value != "" else None
