"""The 校验结果 sheet and the highlighted cells, as data.

A report becomes the rows of the 校验结果 table (one per finding, with a
HYPERLINK to its cell) and a list of cells to fill. Which cells a run filled,
and the fill each had before, is kept beside the table (``layout.MARK_HEADERS``,
hidden columns), so the next run restores exactly those cells and no others.

Adapters apply it: ``minsheng.jobs.validate`` with openpyxl for a file, and through
the Excel engine for the workbook open in Excel. Both do, in order: restore the
fills of ``previous_marks``; read the current fill of each of ``marks``; fill
them; apply ``cell_changes`` (the table's rows and the records; the 转到 column
holds ``Formula``s, to be written as formulas); resize the table to ``table_ref``.
An adapter that cannot fill cells (xlwings' remote interpreter) applies only
``table_changes`` and leaves the marks and their records as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

from minsheng.model import layout as L
from minsheng.check.findings import SEVERITY_NAMES, Report
from minsheng.model.book import Book, CellChange, Formula, Sheet, is_blank, plain


WIDTHS = {"序号": 6, "级别": 6, "工作表": 7, "单元格": 7, "转到": 9, "项目编号": 8, "指标": 14, "责任单位": 16,
          "问题": 60, "处理建议": 40, "代码": 20}  # column widths, in characters


@dataclass(frozen=True)
class Mark:
    sheet: str
    cell: str  # A1
    fill: str  # hex RGB; "" for no fill


def link(sheet: str, cell: str) -> Formula:
    """A formula that jumps to the cell; Excel, WPS and LibreOffice all follow ``#'sheet'!A1``."""
    return Formula(f'=HYPERLINK("#\'{sheet}\'!{cell}","{sheet}!{cell}")')


def table_rows(report: Report) -> list[list[object]]:
    """The 校验结果 table's data rows, in ``layout.RESULT_HEADERS`` order."""
    return [[n, SEVERITY_NAMES[f.severity], f.sheet, f.cell, link(f.sheet, f.cell), f.item, f.indicator, f.unit,
             f.message, f.hint, f.code]
            for n, f in enumerate(report.findings, start=1)]


def marks(report: Report) -> list[Mark]:
    """One mark per offending cell, in report order; an error's fill wins over a warning's."""
    found: dict[tuple[str, str], str] = {}
    for finding in report.findings:
        key = (finding.sheet, finding.cell)
        if key not in found or finding.severity == "error":
            found[key] = L.MARK_FILLS[finding.severity]
    return [Mark(sheet, cell, fill) for (sheet, cell), fill in found.items()]


def previous_marks(book: Book) -> list[Mark]:
    """The cells the last run filled, each with the fill it had before (to restore)."""
    return [Mark(sheet, cell, original) for sheet, cell, _, original in _records(book)]


def record_rows(new: list[Mark], originals: dict[tuple[str, str], str]) -> list[list[str]]:
    """Rows for the ``MARK_HEADERS`` columns: cell, the fill given, the fill it had before."""
    return [[f"{m.sheet}!{m.cell}", m.fill, originals.get((m.sheet, m.cell), "")] for m in new]


def cell_changes(book: Book, report: Report, originals: dict[tuple[str, str], str]) -> list[CellChange]:
    """What the 校验结果 sheet must hold, as changes from what ``book`` shows: headers, the table's
    rows (rows left from a longer earlier report emptied) and the records of the new marks."""
    return table_changes(book, report) + record_changes(book, marks(report), originals)


def table_changes(book: Book, report: Report) -> list[CellChange]:
    """The headers and rows of the 校验结果 table (rows left from a longer earlier report emptied);
    the 转到 cells are always rewritten: read back from a file, a formula may show no value."""
    return _block(book, 0, L.RESULT_HEADERS, table_rows(report))


def record_changes(book: Book, new: list[Mark], originals: dict[tuple[str, str], str]) -> list[CellChange]:
    """The records of the marks a run made, beside the table (hidden columns)."""
    return _block(book, L.MARK_COLUMN, L.MARK_HEADERS, record_rows(new, originals))


def _block(book: Book, first: int, headers: tuple[str, ...], rows: list[list]) -> list[CellChange]:
    sheet = book[L.RESULTS_SHEET] if L.RESULTS_SHEET in book else Sheet(L.RESULTS_SHEET, [])
    wanted = [list(headers), *rows]
    changes = []
    for r in range(max(len(wanted), len(sheet.rows))):
        for c in range(len(headers)):
            new = wanted[r][c] if r < len(wanted) else None
            old = _at(sheet, r, first + c)
            links = headers[c] == "转到" and r > 0  # may hold a formula a file reader sees no value of
            if plain(old) != new or links:
                changes.append(CellChange(sheet.name, f"{L.column_letter(first + c)}{r + 1}", old, new))
    return changes


def table_ref(report: Report) -> str:
    """The table's range: the header and at least one row, as Excel requires."""
    return f"A1:{L.column_letter(len(L.RESULT_HEADERS) - 1)}{max(len(report.findings), 1) + 1}"


def _at(sheet: Sheet, r: int, c: int) -> object:
    row = sheet.rows[r] if r < len(sheet.rows) else []
    value = row[c] if c < len(row) else None
    return int(value) if isinstance(value, float) and value.is_integer() else value


def unchanged(book: Book, report: Report, with_marks: bool = True) -> bool:
    """True when the sheet already shows this report (and, ``with_marks``, these marks):
    a second run changes nothing."""
    if L.RESULTS_SHEET not in book:
        return False
    sheet = book[L.RESULTS_SHEET]
    columns = sheet.columns()
    if any(h not in columns for h in L.RESULT_HEADERS):
        return False
    shown = [[record[h] for h in L.RESULT_HEADERS if h != "转到"]
             for _, record in sheet.records() if not is_blank(record.get("序号"))]
    wanted = [[value for h, value in zip(L.RESULT_HEADERS, row) if h != "转到"] for row in table_rows(report)]
    if not _same(shown, wanted):
        return False
    marked = [(sheet_name, cell, fill) for sheet_name, cell, fill, _ in _records(book)]
    return not with_marks or marked == [(m.sheet, m.cell, m.fill) for m in marks(report)]


def _records(book: Book) -> list[tuple[str, str, str, str]]:
    if L.RESULTS_SHEET not in book:
        return []
    sheet = book[L.RESULTS_SHEET]
    columns = sheet.columns()
    if any(h not in columns for h in L.MARK_HEADERS):
        return []
    out = []
    for _, record in sheet.records():
        where = str(record.get(L.MARK_HEADERS[0]) or "").strip()
        if "!" not in where:
            continue
        name, cell = where.rsplit("!", 1)
        out.append((name, cell, _hex(record.get(L.MARK_HEADERS[1])), _hex(record.get(L.MARK_HEADERS[2]))))
    return out


def _hex(value: object) -> str:
    return "" if is_blank(value) else str(value).strip().upper()


def _same(shown: list[list[object]], wanted: list[list[object]]) -> bool:
    def norm(value: object) -> object:
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return "" if value is None else value
    return [[norm(v) for v in row] for row in shown] == [[norm(v) for v in row] for row in wanted]
