"""Roll-ups of ``IndicatorProgress`` rows (``minsheng.status.indicator``, made by ``minsheng.status.progress``): the lights counted and the
means of a group (an item, a category, a unit, a leader, the county), the worst light, the units'
ranking, and how a completion or a deviation is written (``pct``, ``points``).

Means are over what was reported (a blank row is 未报送, never a 0), capped at 100 %; money (金额)
is summed, never averaged with counts; with ``Settings``, a sub-target indicator counts once
(``minsheng.status.counting``).
"""

from __future__ import annotations

from collections import defaultdict

from minsheng.model import formulas
from minsheng.model import settings as settings_mod
from minsheng.status.counting import counted as counted_once
from minsheng.status.indicator import IndicatorProgress

# Status → the tally key of the JSON; the order is the order of the lights.
# 超出控制目标 (a ceiling exceeded) is red, counted with 严重滞后.
TALLY = {"已完成": "done", "正常": "green", "滞后": "yellow", "严重滞后": "red", formulas.OVER: "red",
         "未报送": "missing"}
WORST_FIRST = (formulas.OVER, "严重滞后", "未报送", "滞后", "正常", "已完成")


def pct(rate: float | None) -> str:
    """A completion or time progress as the bulletin, the digests and the reminders write it."""
    return "—" if rate is None else f"{rate * 100:.1f}%"


def points(deviation: float | None) -> str:
    """Points behind plan, as the bulletin, the digests and the reminders write them."""
    return "—" if deviation is None else f"{deviation * 100:.1f}个百分点"


def tally(group: list[IndicatorProgress], settings: settings_mod.Settings | None = None) -> dict:
    """Counts of lights, and mean completion (capped at 100 %, over what was reported: a blank row
    is 未报送, never a 0 that drags the mean) and time progress. With ``settings``, the parts of a
    sub-target indicator count as one (``minsheng.status.counting``); without, each row counts.
    Money (金额) is never averaged with counts: it is left out of the mean and rolled up as sums
    under ``money`` (Σ完成 / Σ目标, Σ计划 / Σ目标), present only when the group has money rows."""
    return tally_of(group, counted_once(group, settings) if settings is not None else group)


def tally_of(group: list[IndicatorProgress], rows: list) -> dict:
    """``tally`` of ``group``, its lights and means counted over ``rows`` (``group`` as counted)."""
    counted = [i for i in rows if i.kind != formulas.MONEY]
    reported = [min(i.completion, 1.0) for i in counted if i.completion is not None]
    timed = [i.time_progress for i in counted if i.time_progress is not None]
    out = {"indicators": len(rows), **light_counts(i.status for i in rows),
           "completion": round(sum(reported) / len(reported), 6) if reported else None,
           "time_progress": round(sum(timed) / len(timed), 6) if timed else None}
    money = [i for i in group if i.kind == formulas.MONEY and i.target]
    if money:
        target = sum(i.target for i in money)
        done = [i.actual for i in money if i.actual is not None]
        out["money"] = {"target": target, "actual": sum(done) if done else None,
                        "plan": sum(i.plan or 0.0 for i in money),
                        "completion": round(sum(done) / target, 6) if done else None,
                        "time_progress": round(sum(i.plan or 0.0 for i in money) / target, 6),
                        "missing": sum(i.actual is None for i in money)}
    return out


def worst(statuses) -> str:
    """The worst of ``statuses`` in ``WORST_FIRST`` order; 未报送 when there are none."""
    found = set(statuses)
    return next((s for s in WORST_FIRST if s in found), "未报送")


def light_counts(statuses) -> dict:
    """Statuses counted under ``TALLY``'s keys: {"done": n, "green": n, "yellow": n, "red": n, "missing": n}."""
    counts = dict.fromkeys(TALLY.values(), 0)
    for s in statuses:
        counts[TALLY[s]] += 1
    return counts


def rank_key(row: dict) -> tuple:
    """As shares of the unit's indicators, so a unit with many is not ranked down for having many:
    fewest red and missing first, then fewest yellow, most done, highest completion; then by name."""
    n = row["indicators"] or 1
    completion = row["completion"] if row["completion"] is not None else -1.0
    return (round((row["red"] + row["missing"]) / n, 6), round(row["yellow"] / n, 6), round(-row["done"] / n, 6),
            -completion, row["unit"])


def grouped(indicators, keys) -> dict[str, list[IndicatorProgress]]:
    """``indicators`` under each name ``keys(indicator)`` gives (a list: a row may belong to several), in first-seen order."""
    groups: dict[str, list[IndicatorProgress]] = defaultdict(list)
    for i in indicators:
        for k in keys(i):
            groups[k].append(i)
    return dict(groups)
