"""报送周期 (配置): units report every month (月) or at quarter ends (季: 3、6、9、12月).

One rule for split, consolidate, 校验, status, the bulletin and 催报: which months are report
months, which report month came before, and from which month each row is prefilled. Escalation
(连续滞后升红) and 催报 count report periods, not calendar months, because ``status.progress``
judges only report months.
"""

from __future__ import annotations

import unicodedata

from minsheng.model import layout as L
from minsheng.model.book import Book, is_blank, row_key

MONTHLY, QUARTERLY = "月", "季"
CADENCES = (MONTHLY, QUARTERLY)
_QUARTERLY_WORDS = ("季", "季度", "按季", "按季度", "季报", "每季", "每季度")


def read(text: object) -> str | None:
    """月 or 季 from a 配置 cell (`月`, `按月`, `季度`, `按季` …); None for anything else (a blank too)."""
    if is_blank(text):
        return None
    word = unicodedata.normalize("NFKC", str(text)).strip()
    if word in _QUARTERLY_WORDS:
        return QUARTERLY
    if word in ("月", "按月", "月报", "每月"):
        return MONTHLY
    return None


def report_months(cadence: str) -> tuple[int, ...]:
    """The months a report is made on: every month, or 3, 6, 9, 12."""
    return tuple(m for m in L.MONTHS if cadence != QUARTERLY or m % 3 == 0)


def is_report_month(month: int, cadence: str) -> bool:
    return month in report_months(cadence)


def periods_to(month: int, cadence: str) -> list[int]:
    """The report months from January up to and including ``month``."""
    return [m for m in report_months(cadence) if m <= month]


def previous(month: int, cadence: str) -> int | None:
    """The report month before ``month``; None for the year's first."""
    before = [m for m in report_months(cadence) if m < month]
    return before[-1] if before else None


def periods_word(cadence: str) -> str:
    """What a run of report periods is counted in: 个月, or 个季度 under 季 (连续2个季度滞后)."""
    return "个季度" if cadence == QUARTERLY else "个月"


def period_name(month: int, cadence: str) -> str:
    """How people name the period a report covers: 3月, or 一季度 for March under 季."""
    if cadence == QUARTERLY and month % 3 == 0:
        return f"{'一二三四'[month // 3 - 1]}季度"
    return f"{month}月"


def not_a_report_month(month: int, cadence: str, ribbon: bool = False) -> str:
    """The message when a job is asked for a month that is not reported on; "" when it is. The example
    is the command line's ``--month 3``, or with ``ribbon`` the monthly sheet to open (“3月”表)."""
    if is_report_month(month, cadence):
        return ""
    months = "、".join(str(m) for m in report_months(cadence))
    example = max([m for m in report_months(cadence) if m <= month] or [3])
    how = f"（打开“{L.month_sheet(example)}”表再点按钮）" if ribbon else f"（如 --month {example}）"
    return f"本台账按季报送（配置 报送周期 = 季），{month}月不是报送月份：请改用 {months} 月{how}"


def last_reported(master: Book, month: int, keys=None, read: dict[str, list] | None = None
                  ) -> dict[tuple[str, str], dict[str, object]]:
    """(项目编号, 指标) → the record of the latest month before ``month`` in which the row has any
    input (累计完成, 形象进度, texts …): what the month's fill-in file is prefilled with, whatever
    month that was (last month, last quarter, or earlier when a report was missed).
    ``keys``: only these rows are asked about; earlier months are not read once each has been found
    (their answers are the same, other rows may be left out). ``read``: sheet name → its
    ``records()`` where the caller has them already (a consolidation's last month)."""
    out: dict[tuple[str, str], dict[str, object]] = {}
    wanted = set(keys) if keys is not None else None
    for m in range(month - 1, 0, -1):
        name = L.month_sheet(m)
        if name not in master:
            continue
        if wanted is not None and wanted <= out.keys():
            break
        for _, record in (read[name] if read and name in read else master[name].records()):
            key = row_key(record)
            if key[0] and key not in out and any(not is_blank(record.get(h)) for h in L.INPUT_COLUMNS):
                out[key] = record
    return out
