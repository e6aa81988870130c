"""The rules on who reported and when: 联系电话 a real number, 填报日期 inside the reporting window."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator

from minsheng.check.findings import Finding
from minsheng.check.row import DATE, Row
from minsheng.model import cadence
from minsheng.model.deadlines import due_date
from minsheng.model.settings import Settings

_MOBILE = re.compile(r"(?:\+?86)?1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{2,3}\d{7,8}(?:(?:转|ext|x)\d{1,6})?", re.IGNORECASE)
_PHONE_SPLIT = re.compile(r"[、,，;；/]|或")


def phone_ok(text: str) -> bool:
    """Every number given is a mobile or a landline with its area code."""
    text = unicodedata.normalize("NFKC", text)
    parts = [re.sub(r"[\s\-()（）]", "", part) for part in _PHONE_SPLIT.split(text)]
    parts = [part for part in parts if part]
    return bool(parts) and all(_MOBILE.fullmatch(p) or _LANDLINE.fullmatch(p) for p in parts)


def phone_format(row: Row) -> Iterator[Finding]:
    if row.has("联系电话") and (phone := row.cell("联系电话")).kind == "text" and not phone_ok(phone.value):
        yield row.finding("phone-format", "联系电话", raw=str(phone.raw).strip())


def reporting_window(month: int, settings: Settings) -> tuple[dt.date, dt.date]:
    """The days a report on ``month`` may carry: after last month's due day, up to this one's.

    A report is due on ``settings.due_day`` of the next month, so the windows of
    consecutive months meet and never overlap: a date in an earlier window is most
    often last month's date left unchanged, a later one a late report or a slip of
    the pen. Both are warnings. A report made before month end is inside the window.
    """
    before = cadence.previous(month, settings.cadence) or 0  # under 季: after last quarter's due day
    return (due_date(settings.year, before, settings.due_day) + dt.timedelta(days=1),
            due_date(settings.year, month, settings.due_day))


def report_date_in_window(row: Row) -> Iterator[Finding]:
    if not row.has(DATE) or (date := row.cell(DATE)).kind != "date" or not date.ok:
        return
    start, end = reporting_window(row.month, row.settings)
    if start <= date.value <= end:
        return
    why = "，可能沿用了上月的日期" if date.value < start else "，晚于报送截止日，或日期填错"
    yield row.finding("report-date-outside-window", DATE, value=f"{date.value:%Y-%m-%d}", month=row.month,
                      start=f"{start:%Y-%m-%d}", end=f"{end:%Y-%m-%d}", why=why)
