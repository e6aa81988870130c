"""滞后预警 into a master: the month's traffic lights computed and the 汇总 dashboard written."""

from __future__ import annotations

from dataclasses import dataclass

from minsheng.engines.base import Engine
from minsheng.jobs.common import master_sheets
from minsheng.model import layout as L
from minsheng.status import dashboard, progress


class NothingReported(ValueError):
    """No month given and no monthly sheet has been filled in yet."""


@dataclass
class Status:
    month: int
    progress: progress.Progress
    cells: int | None = None  # cells of 汇总 that changed; None when not written


def status(engine: Engine, month: int | None = None, *, write: bool = True) -> Status:
    """The month's (else the latest reported month's) progress, and the dashboard written."""
    book = engine.read(master_sheets(month))
    if month is None:
        month = progress.latest_month(book)
        if month is None:
            raise NothingReported("各月工作表都还没有填报，请用 --month 指定月份。")
    engine.status(f"计算 {month} 月进度")
    found = progress.compute(book, month)
    if not write:
        return Status(month, found)
    changes = dashboard.changes(found, book[L.DASHBOARD_SHEET] if L.DASHBOARD_SHEET in book else None)
    return Status(month, found, engine.apply(changes))
