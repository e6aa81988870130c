"""The rules on a row against its plan: behind plan explained, a target reached shown 已完成.

``behind`` says whether a row is 滞后, 严重滞后 or 超出控制目标, as ``formulas.status`` does; whether its
存在问题 / 下步措施 explain it is ``minsheng.check.rules.text.unexplained``.
"""

from __future__ import annotations

from collections.abc import Iterator

from minsheng.check.findings import Finding
from minsheng.check.row import EXPLAIN, Row, percent, typed
from minsheng.check.rules.text import unexplained
from minsheng.model import formulas
from minsheng.model import layout as L

BEHIND = ("滞后", "严重滞后", formulas.OVER)


def behind(row: Row) -> tuple[str, float, float | None] | None:
    """(状态, completion, time progress) when the row is 滞后, 严重滞后 or (a ceiling) 超出控制目标,
    as ``formulas.status`` says for the row's 目标类型. Time progress is None for a ceiling or a
    清零 row, which are judged against the target alone."""
    return row.once("behind", _behind)


def _behind(row: Row) -> tuple[str, float, float | None] | None:
    rate = row.completion()
    progress = formulas.time_progress(row.plan, row.target, row.kind)
    if rate is None or (progress is None and row.kind not in (formulas.CEILING, formulas.CLEAR)):
        return None
    status = formulas.status(rate, progress, row.settings.yellow, row.settings.red, kind=row.kind, final=row.final())
    return (status, rate, progress) if status in BEHIND else None


def behind_plan_explained(row: Row) -> Iterator[Finding]:
    """A row behind plan says what the problem is and what will be done: real text, this month's."""
    found = behind(row)
    if found is None:
        return
    status, rate, progress = found
    shown = {"status": status, "rate": percent(rate), "plan": "不适用" if progress is None else percent(progress)}
    for header in EXPLAIN:
        if not row.has(header):
            continue
        text = row.cell(header)
        code = unexplained(text, row.before(header))
        if code in ("behind-plan-unexplained", "behind-plan-stock-phrase"):
            yield row.finding(code, header, shown=typed(text), **shown)
        elif code == "behind-plan-text-unchanged":
            yield row.finding("behind-plan-text-unchanged", header, **shown)


def target_reached_shown_done(row: Row) -> Iterator[Finding]:
    """A row at or above target must show 已完成; another status means the formula was overwritten.
    A ceiling met shows 正常 until the year's last month."""
    shown = row.record.get("状态")
    if row.kind == formulas.CEILING and not row.final():
        return
    if row.has("状态") and isinstance(shown, str) and shown.strip() in L.STATUSES and shown.strip() != "已完成":
        if (rate := row.completion()) is not None and rate >= 1:
            yield row.finding("target-reached-not-done", "状态", rate=percent(rate), shown=shown.strip())
