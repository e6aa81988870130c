"""What several jobs share: which sheets of a master a month's job reads."""

from __future__ import annotations

from minsheng.model import layout as L


def master_sheets(month: int | None = None) -> list[str]:
    """The master's data sheets, monthly sheets up to ``month``."""
    skip = (L.README_SHEET, L.XLWINGS_SHEET)
    return [s for s in L.sheet_order()
            if s not in skip and (month is None or (L.sheet_month(s) or 0) <= month)]
