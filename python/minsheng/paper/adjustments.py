"""调整计划的项目: the plans changed after a unit or the office had set them, as the bulletin lists them.

Read from 日志: the rows whose 操作 is 调整计划 (written by ``minsheng.roundtrip.plan_merge``, 内容
``{项目编号} {指标}：{月} {旧} → {新}；…（原计划来源：…）``), dated after the last bulletin sent for an
earlier month (日志 操作 通报发送) or, without one, from the 1st of the bulletin's month, up to the
bulletin's day. A 日志 row whose time or 内容 cannot be read is left out, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from minsheng.model import layout as L
from minsheng.model.book import Book, is_blank, row_key
from minsheng.model.text import cell_time
from minsheng.roundtrip.plan_merge import ADJUSTED

SENT = "通报发送"  # 日志's 操作 for a bulletin mailed (``minsheng.jobs.bulletin``)
_SENT_MONTH = re.compile(r"(\d{4})年(\d{1,2})月通报")


@dataclass(frozen=True)
class Adjustment:
    item: str  # 项目编号
    indicator: str  # 指标
    unit: str  # who sent the new plan
    change: str  # 月 旧 → 新；…  (cumulative plans, as logged)
    when: datetime



def since(book: Book, year: int, month: int) -> datetime:
    """Where the bulletin of ``month`` starts looking: the last bulletin sent for an earlier month, else the 1st."""
    start = datetime(year, month, 1)
    for _, record in book[L.LOG_SHEET].records() if L.LOG_SHEET in book else ():
        found = _SENT_MONTH.search(str(record.get("内容") or ""))
        when = cell_time(record.get("时间"))
        if (str(record.get("操作") or "").strip() == SENT and found and when is not None
                and (int(found[1]), int(found[2])) < (year, month) and when > start):
            start = when
    return start


def adjustments(book: Book, year: int, month: int, day: date) -> list[Adjustment]:
    """The 调整计划 rows of 日志 for the bulletin of ``month`` issued on ``day``, in the order logged."""
    if L.LOG_SHEET not in book:
        return []
    keys = [row_key(p) for _, p in book[L.PROJECTS_SHEET].records()] if L.PROJECTS_SHEET in book else []
    start, end = since(book, year, month), datetime.combine(day, datetime.max.time())
    out = []
    for _, record in book[L.LOG_SHEET].records():
        when = cell_time(record.get("时间"))
        if str(record.get("操作") or "").strip() != ADJUSTED or when is None or not start <= when <= end:
            continue
        text = "" if is_blank(record.get("内容")) else str(record["内容"])
        key = next((k for k in keys if text.startswith(f"{k[0]} {k[1]}：")), None)
        if key is None:
            continue
        change = text[len(f"{key[0]} {key[1]}："):].rsplit("（原计划来源", 1)[0]
        out.append(Adjustment(key[0], key[1], str(record.get("单位") or ""), change, when))
    return out
