"""Whether a lagging row's 存在问题 / 下步措施 explains it: real text, this month's.

Blank or “无”, last month's text again, or only stock phrases (``minsheng.check.stock_phrases``)
do not. ``unexplained`` gives the finding code for the 校验 rule (``rules.plan``);
``explanation_refused`` asks the same of raw cells, for the bulletin.
"""

from __future__ import annotations

import unicodedata

from minsheng.check.parse import Parsed, parse_text
from minsheng.check.row import EMPTY
from minsheng.check.stock_phrases import stock_only


def unexplained(text: Parsed, before: Parsed | None) -> str | None:
    """Why a lagging row's 存在问题 / 下步措施 does not explain it, as a finding code, or None when it does:
    blank or “无” (``behind-plan-unexplained``), last month's text again (``behind-plan-text-unchanged``), or
    only stock phrases (``behind-plan-stock-phrase``, ``minsheng.check.stock_phrases``).
    ``before`` is last month's cell, None when there is none. The bulletin reads texts the same way."""
    if text.kind in EMPTY:
        return "behind-plan-unexplained"
    if before is not None and before.kind == "text" and _same_text(text.value, before.value):
        return "behind-plan-text-unchanged"
    if text.kind == "text" and stock_only(text.value):
        return "behind-plan-stock-phrase"
    return None


def explanation_refused(text: object, before: object = None) -> bool:
    """A 存在问题 / 下步措施 cell (and last month's) that 校验 would not accept for a lagging row."""
    previous = None if before is None else parse_text(before)
    return unexplained(parse_text(text), previous) is not None


def _same_text(a: object, b: object) -> bool:
    def norm(text: object) -> str:
        return "".join(unicodedata.normalize("NFKC", str(text)).split()).rstrip("。.")
    return norm(a) == norm(b)
