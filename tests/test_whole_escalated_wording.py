"""The bulletin's paragraph about a split indicator says when the whole escalated (its sums lagged
配置 连续滞后 report periods in a row: 升级为严重滞后), even when no part escalated on its own; a whole
lagging once, or on plan, reads as before. The two-street master of ``test_sub_target_history``,
typed month by month as a clerk types figures."""

from __future__ import annotations

from datetime import date

import pytest

from minsheng.model import settings as settings_mod
from minsheng.paper import bulletin
from minsheng.paper.wording import whole_text
from minsheng.status import counting, shared
from minsheng.status.progress import compute
from test_sub_target_history import blank, typed  # noqa: F401 (blank is a fixture)

ESCALATED = "；合计已连续2个月滞后，升级为严重滞后。"


def overall(book, month: int) -> str:
    found = compute(book, month)
    text = bulletin.bulletin(found, book, settings_mod.load(book), date(2026, month + 1, 5)).text()
    return text.split("一、总体进展")[1].split("表1")[0]


def whole_line(text: str) -> str:
    [line] = [x for x in text.splitlines() if "加装电梯分解到2个单位" in x]
    return line.strip()


@pytest.mark.parametrize("month, escalated", [(2, False), (3, False), (4, True)])
def test_the_paragraph_says_when_the_whole_escalated(blank, month, escalated):  # noqa: F811
    book = typed(blank, month)
    line = whole_line(overall(book, month))
    assert line.endswith(ESCALATED) == escalated, line
    assert ("升级" in line) == escalated
    assert line.startswith("1 加装电梯分解到2个单位，合计目标24部，合计完成")
    parts = {i.indicator: i.escalated for i in compute(book, month).indicators if i.id == "1"}
    assert parts and not any(parts.values())  # no street escalated on its own: the whole did


def test_the_run_is_counted_in_quarters_under_quarterly_reporting(blank):  # noqa: F811
    found = compute(typed(blank, 4), 4)
    [whole] = shared.wholes(found)
    [as_counted] = [c for c in counting.counted(found.indicators, found.settings) if isinstance(c, counting.Counted)]
    assert as_counted.lagging_run == 2 and as_counted.lights[-2:] == ("滞后", "滞后")
    assert whole_text(whole, as_counted, "季").endswith("；合计已连续2个季度滞后，升级为严重滞后。")
    assert "升级" not in whole_text(whole)  # without the counted whole, nothing is claimed
