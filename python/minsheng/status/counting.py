"""How totals count indicators: an indicator split into sub-targets counts once.

A sub-target is one catalogue row per unit for the same item and indicator, each named
``指标（单位）`` (``minsheng.model.catalogue.part_name``). Every total people read (the status
line, the 汇总 dashboard's county, category and leader rows, the bulletin, the leaders'
digests, the month-by-month history) counts such an indicator once, lit each month from its
parts' sums and escalated as one row: lagging sums escalate the whole once, whatever its parts
do. The parts stay listed beneath it, each with its own light and escalation, and each unit is
still ranked on its own part (``Progress.units``).
"""

from __future__ import annotations

from dataclasses import dataclass

from minsheng.model import formulas as F
from minsheng.model.catalogue import part_of
from minsheng.model.settings import Settings


@dataclass(frozen=True)
class Counted:
    """One indicator as the totals count it: the parts of a sub-target indicator taken together."""
    id: str
    indicator: str  # the whole's name, without the unit: 加装电梯
    status: str  # after escalation, as the parts' ``status``
    completion: float | None
    time_progress: float | None
    kind: str = ""  # the parts' 目标类型: a split money indicator stays out of the mean
    light: str = ""  # this report month's own light, lit from the sums
    history: tuple[str, ...] = ()  # after escalation, report months 1..month (``Progress.months``)
    parts: tuple = ()  # the ``IndicatorProgress`` rows it sums, in catalogue order
    lights: tuple[str, ...] = ()  # its own light (before escalation), report months 1..month

    @property
    def lagging_run(self) -> int:
        """Report months in a row, up to this one, in which the sums lagged (own light 滞后)."""
        run = 0
        for light in reversed(self.lights):
            if light != "滞后":
                break
            run += 1
        return run

    @property
    def escalated(self) -> bool:
        """The sums lagged ``Settings.escalate`` report months in a row: one escalation for the
        whole, whatever its parts' own escalations."""
        return self.status != self.light


def key(indicator) -> tuple[str, str]:
    """(项目编号, 指标) as the totals count it: a part by the indicator it is a part of."""
    return indicator.id, part_of(indicator.indicator, indicator.units) or indicator.indicator


def counted(indicators: list, settings: Settings) -> list:
    """``indicators`` (``IndicatorProgress``) as the totals count them: the parts of a sub-target
    indicator as one ``Counted``, in the place of its first part; every other row as it is.

    The whole is lit each report month from its parts' sums that month (completion of the sum,
    plan of the sum; 已完成 only when every part is, 未报送 when none reported), then escalated
    as a row is (``formulas.escalate``: ``Settings.escalate`` 滞后 in a row become 严重滞后)."""
    wholes: dict[tuple[str, str], list] = {}  # (项目编号, the whole's 指标) -> its parts, in catalogue order
    for i in indicators:
        whole = part_of(i.indicator, i.units)
        if whole:
            wholes.setdefault((i.id, whole), []).append(i)
    out = []
    for i in indicators:
        whole = part_of(i.indicator, i.units)
        if not whole:
            out.append(i)
            continue
        parts = wholes.pop((i.id, whole), None)
        if parts is not None:  # the whole, in the place of its first part
            out.append(_whole(i.id, whole, parts, settings))
    return out


def _whole(item_id: str, whole: str, parts: list, settings: Settings) -> Counted:
    """One sub-target indicator's ``parts`` taken together, lit month by month and escalated."""
    target = sum(p.target or 0.0 for p in parts)
    months = min(min(len(p.lights), len(p.actuals), len(p.plans)) for p in parts)
    lit = [_month(parts, n, target, settings) for n in range(months)]
    now = _month(parts, None, target, settings)
    history = tuple(F.escalate([light for light, _, _ in lit], settings.escalate)) if lit else (now[0],)
    return Counted(item_id, whole, history[-1], now[1], now[2], parts[0].kind, now[0], history, tuple(parts),
                   tuple(light for light, _, _ in lit))


def _month(parts: list, n: int | None, target: float, settings: Settings) -> tuple:
    """(light, completion, time progress) of the sums in report month ``n`` (None: the last, from
    the parts' ``actual`` and ``plan``)."""
    actuals = [p.actual if n is None else p.actuals[n] if n < len(p.actuals) else None for p in parts]
    plans = [p.plan if n is None else p.plans[n] if n < len(p.plans) else None for p in parts]
    done = [a for a in actuals if a is not None]
    completion = round(sum(done) / target, 6) if done and target else None
    plan = round(sum(x or 0.0 for x in plans) / target, 6) if target else None
    light = F.status(completion, plan, settings.yellow, settings.red, parts[0].kind)
    own = [p.light if n is None else p.lights[n] for p in parts]
    if light == "已完成" and any(x != "已完成" for x in own):
        light = "正常"
    return light, completion, plan
