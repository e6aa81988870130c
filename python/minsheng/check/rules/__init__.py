"""The 校验 rules: one small function per rule, each yielding findings for one row.

A rule sees a ``minsheng.check.row.Row``: the month's record, last month's record for the same
indicator, the plan, the settings, and each input cell read by ``minsheng.check.parse``
(raw text kept beside the value). Rules are independent: each reads the parsed
cells and never depends on another rule having run. ``RULES`` lists them in the
order their findings appear for a row.

One module per concern: ``cells`` (reading the cells, required fields, cells of only spaces),
``numbers`` (累计完成 and 形象进度: falling, far above target, a slip of measure, out of range),
``plan`` (behind plan explained, a target reached shown 已完成), ``text`` (whether a 存在问题 /
下步措施 explains a lagging row; the stock phrases are in ``check.stock_phrases``), ``contact``
(联系电话, 填报日期).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from minsheng.check.findings import Finding
from minsheng.check.row import Row
from minsheng.check.rules import cells, contact, numbers, plan

RULES: list[Callable[[Row], Iterator[Finding]]] = [
    cells.unreadable, cells.read_leniently, cells.required,
    numbers.non_negative, numbers.cumulative_not_decreasing, numbers.not_in_smaller_measure,
    numbers.not_far_above_target, numbers.progress_in_range, numbers.progress_not_decreasing,
    cells.only_spaces,
    plan.behind_plan_explained, plan.target_reached_shown_done,
    contact.phone_format, contact.report_date_in_window,
]


def check(row: Row) -> list[Finding]:
    """Every rule's findings for one row, in ``RULES`` order."""
    found: list[Finding] = []
    for rule in RULES:
        found.extend(rule(row))
    return found
