"""Damage named, not crashed on: the master's sheets and headers against the layout's declaration.

Each declared sheet that is missing, and each declared header that is missing from its sheet's
header row (renamed or deleted), is a finding with the sheet and the repair. Callers refuse to
write a damaged master and say what to do instead of failing on a missing key later.
"""

from __future__ import annotations

from minsheng.check.findings import Finding, make
from minsheng.model import layout as L
from minsheng.model.book import Book


def declared() -> dict[str, tuple[str, ...]]:
    """Sheet → the headers its row 1 must hold (the sheets every job may read)."""
    out = {L.PROJECTS_SHEET: tuple(h for h in L.PROJECT_HEADERS if h not in L.LATER_HEADERS),
           L.PLAN_SHEET: L.PLAN_HEADERS}
    out.update({L.month_sheet(m): L.MONTH_HEADERS for m in L.MONTHS})
    out.update({L.CONTACTS_SHEET: L.CONTACT_HEADERS, L.LOG_SHEET: L.LOG_HEADERS,
                L.REPORTS_SHEET: L.REPORT_HEADERS, L.CONFIG_SHEET: L.CONFIG_HEADERS})
    return out


def damage(book: Book, sheets: list[str] | None = None) -> list[Finding]:
    """What the master lacks of its declared sheets and headers (of ``sheets``, else all)."""
    found = []
    for sheet, headers in declared().items():
        if sheets is not None and sheet not in sheets:
            continue
        if sheet not in book:
            found.append(make("master-sheet-missing", sheet=sheet, file=book.name))
            continue
        present = set(book[sheet].header)
        for header in headers:
            if header not in present:
                cell = f"{L.column_letter(headers.index(header))}1"
                found.append(make("master-header-missing", sheet=sheet, cell=cell, file=book.name, header=header))
    return found
