"""How totals count indicators: an indicator split into sub-targets counts once.

A sub-target is one catalogue row per unit for the same item and indicator, each named
``指标（单位）`` (``minsheng.model.catalogue.part_name``). Every total people read (the status
line, the 汇总 dashboard's county, category and leader rows, the bulletin, the leaders'
digests) counts such an indicator once, lit from its parts' sums; the parts stay listed
beneath it and each unit is still ranked on its own part (``Progress.units``).
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
    status: str
    completion: float | None
    time_progress: float | None
    kind: str = ""  # the parts' 目标类型: a split money indicator stays out of the mean
    escalated: bool = False  # lit from the sums, never escalated (its parts may be)


def key(indicator) -> tuple[str, str]:
    """(项目编号, 指标) as the totals count it: a part by the indicator it is a part of."""
    return indicator.id, part_of(indicator.indicator, indicator.units) or indicator.indicator


def counted(indicators: list, settings: Settings) -> list:
    """``indicators`` (``IndicatorProgress``) as the totals count them: the parts of a sub-target
    indicator as one ``Counted``, lit from their sums (completion of the sum, plan of the sum;
    已完成 only when every part is, 未报送 when none reported, no escalation), in the place of its
    first part; every other row as it is."""
    out, seen = [], set()
    for i in indicators:
        whole = part_of(i.indicator, i.units)
        if not whole:
            out.append(i)
            continue
        if (i.id, whole) in seen:
            continue
        seen.add((i.id, whole))
        parts = [p for p in indicators if p.id == i.id and part_of(p.indicator, p.units) == whole]
        target = sum(p.target or 0.0 for p in parts)
        done = [p.actual for p in parts if p.actual is not None]
        completion = round(sum(done) / target, 6) if done and target else None
        plan = round(sum(p.plan or 0.0 for p in parts) / target, 6) if target else None
        status = F.status(completion, plan, settings.yellow, settings.red, parts[0].kind)
        if status == "已完成" and any(p.status != "已完成" for p in parts):
            status = "正常"
        out.append(Counted(i.id, whole, status, completion, plan, parts[0].kind))
    return out
