"""导入通知: a notice file → a draft catalogue (.xlsx or .csv) for the office to review."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

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
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = "项目表"
    sheet.append(list(draft.DRAFT_COLUMNS))
    for row in rows:
        sheet.append([_cell(c, row[c]) for c in draft.DRAFT_COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    mark = PatternFill("solid", fgColor="FFF2CC")
    at = draft.DRAFT_COLUMNS.index(draft.CHECK) + 1
    for r in range(2, sheet.max_row + 1):
        if sheet.cell(r, at).value:
            sheet.cell(r, at).fill = mark
        for c in (3, len(draft.DRAFT_COLUMNS) - 1, at):
            sheet.cell(r, c).alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in (("C", 50), ("E", 24), ("F", 30), ("G", 24)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    book.save(path)


def _cell(column: str, value):
    if column == "目标值" and value != "":
        number = float(value)
        return int(number) if number.is_integer() else number
    return value if value != "" else None
