"""报送记录: who sent what for which month, kept in the master.

One row per (月份, 单位), made by the builder with 状态 blank. Consolidation sets
已报送 / 已退回 / 未报送 / 原样退回 (a file sent back as it went out). Returns arrive in batches, so a status only moves forward:
a unit that reported in an earlier run stays 已报送 when a later run does not
include its file.
"""

from __future__ import annotations

from dataclasses import dataclass

from minsheng.model import layout as L
from minsheng.check.rowcheck import same
from minsheng.model.book import Book, CellChange, Sheet, is_blank

SENT, RETURNED, MISSING, UNTOUCHED = L.REPORT_STATUSES


@dataclass(frozen=True)
class Entry:
    status: str
    file: str = ""
    time: str = ""
    sha256: str = ""
    note: str = ""

    def values(self, month: int, unit: str) -> list[object]:
        return [month, unit, self.status, self.file or None, self.time or None, self.sha256 or None, self.note or None]


def _month_of(value: object) -> int | None:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def current(book: Book, month: int) -> dict[str, tuple[int, dict[str, object]]]:
    """Unit → (sheet row, record) of the month's rows in 报送记录."""
    if L.REPORTS_SHEET not in book:
        return {}
    sheet = book[L.REPORTS_SHEET]
    column = sheet.columns().get("月份")
    if column is None:
        return {}
    mine = Sheet(sheet.name, [sheet.rows[0]])  # the month's rows only: the sheet holds twelve months
    numbers = []
    for n, row in enumerate(sheet.rows[1:], start=2):
        if column < len(row) and _month_of(row[column]) == month:
            mine.rows.append(row)
            numbers.append(n)
    out = {}
    for (i, record) in mine.records():
        unit = str(record.get("单位") or "").strip()
        if unit and unit not in out:
            out[unit] = (numbers[i - 2], record)
    return out


def plan(book: Book, month: int, expected: list[str], outcomes: dict[str, Entry],
         rows: dict[str, tuple[int, dict[str, object]]] | None = None) -> tuple[list[CellChange], dict[str, str], set[str]]:
    """Cell changes to 报送记录, each expected unit's status after them, and the units whose row changed.
    ``rows``: ``current(book, month)`` when the caller has read it already (the book unchanged since)."""
    if L.REPORTS_SHEET not in book:
        return [], {u: (outcomes[u].status if u in outcomes else MISSING) for u in expected}, set()
    sheet = book[L.REPORTS_SHEET]
    rows = current(book, month) if rows is None else rows
    next_row = len(sheet.rows) + 1
    while next_row > 2 and all(is_blank(v) for v in sheet.rows[next_row - 2]):
        next_row -= 1
    changes: list[CellChange] = []
    statuses: dict[str, str] = {}
    changed: set[str] = set()
    for unit in list(dict.fromkeys([*expected, *outcomes])):
        row, record = rows.get(unit, (None, {}))
        now = str(record.get("状态") or "").strip()
        entry = outcomes.get(unit)
        if entry is None or (entry.status in (RETURNED, UNTOUCHED) and now == SENT):
            entry = None if now in (SENT, RETURNED, UNTOUCHED) else Entry(MISSING)
        if entry is None:
            statuses[unit] = now
            continue
        statuses[unit] = entry.status
        if row is None:
            row, next_row = next_row, next_row + 1
        for header, value in zip(L.REPORT_HEADERS, entry.values(month, unit)):
            old = record.get(header)
            if not same(old, value):
                changes.append(CellChange(L.REPORTS_SHEET, f"{L.col(header, L.REPORT_HEADERS)}{row}", old, value))
                changed.add(unit)
    return changes, statuses, changed
