"""目标类型 and 基期值 per indicator row, read once from a master's 项目表.

滞后预警 (``status.progress``), 校验 (``check.validate``), consolidation (``roundtrip.intake``)
and the fill-in files (``roundtrip.split``) read a row's kind here, as the native formulas find
it (项目编号 + 指标 in 项目表). Blank kind is 累计; 基期值 is where a 清零 row starts from.
"""

from __future__ import annotations

from typing import NamedTuple

from minsheng.model import layout as L
from minsheng.model.book import Book, row_key


class Kind(NamedTuple):
    kind: str = ""  # 累计/达到/以内/清零/金额/节点; blank is 累计
    base: float | None = None  # 基期值: a number above 0, else None (as the native SUMIFS reads it: 0)


NONE = Kind()


def base_value(raw: object) -> float | None:
    """A 基期值 cell as the native formula reads it: a number above 0, else None."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and raw > 0:
        return float(raw)
    return None


def of_book(book: Book | None) -> dict[tuple[str, str], Kind]:
    """(项目编号, 指标) → ``Kind`` where the 项目表 gives a 目标类型 or a 基期值; {} for a book
    without 项目表 (a unit's file)."""
    if book is None or L.PROJECTS_SHEET not in book:
        return {}
    out: dict[tuple[str, str], Kind] = {}
    for _, record in book[L.PROJECTS_SHEET].records():
        found = Kind(str(record.get("目标类型") or "").strip(), base_value(record.get("基期值")))
        if found != NONE:
            out.setdefault(row_key(record), found)
    return out
