"""When a month's report is due: one rule for 校验, 通报 and 催报.

The report on a month is due on 配置 报送截止日 of the month after it; a day the
month does not have is its last day (报送截止日 = 30: 30 April for March, 28 or 29
February for January).
"""

from __future__ import annotations

import calendar
from datetime import date


def due_date(year: int, month: int, due_day: int) -> date:
    """The due day of the report on ``month`` of ``year`` (0: last December; 12: due next January)."""
    due_year, due_month = (year + 1, 1) if month == 12 else (year, month + 1)
    return date(due_year, due_month, max(1, min(due_day, calendar.monthrange(due_year, due_month)[1])))
