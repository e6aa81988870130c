"""One indicator's progress in a report month: the row type ``minsheng.status.progress.compute`` makes
and ``minsheng.status.tallies`` rolls up (each imports it from here, so neither imports the other)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from minsheng.model.catalogue import QUALITATIVE
from minsheng.model.milestones import INDICATOR


@dataclass
class IndicatorProgress:
    id: str
    item: str
    indicator: str
    unit: str  # responsible units, canonical, joined with 、
    target: float | None
    actual: float | None  # 累计完成 (quantitative) or 形象进度 (qualitative)
    completion: float | None
    time_progress: float | None
    deviation: float | None  # points behind plan, positive = behind
    status: str  # after escalation
    light: str  # this month's own light: what the native 状态 formula shows
    category: str = ""
    leader: str = ""
    measure: str = ""
    kind: str = ""  # 目标类型 from 项目表; blank is 累计
    plan: float | None = None
    base: float | None = None  # 基期值 from 项目表 (where a 清零 row starts from)
    units: tuple[str, ...] = ()
    co_units: tuple[str, ...] = ()
    lights: list[str] = field(default_factory=list)  # own light, report months 1..month (``Progress.months``)
    history: list[str] = field(default_factory=list)  # after escalation, report months 1..month
    row: int = 0
    actuals: list[float | None] = field(default_factory=list)  # ``actual`` of each report month 1..month
    plans: list[float | None] = field(default_factory=list)  # ``plan`` of each report month 1..month

    @property
    def escalated(self) -> bool:
        return self.status != self.light

    def label(self, width: int = 26) -> str:
        """What people call the row: the indicator's name; a 形象进度 row (an item without a number)
        by its item's short name (``short_name``), which says more than "形象进度"."""
        return short_name(self.item, width) if self.indicator in (QUALITATIVE, INDICATOR) else self.indicator

    def to_dict(self) -> dict:
        data = asdict(self)
        data["units"], data["co_units"] = list(self.units), list(self.co_units)
        data["escalated"] = self.escalated
        return data


def short_name(item: str, width: int = 26) -> str:
    """An item's short name: its 项目名称 when 项目表 gives one (``compute`` puts it in ``item``),
    else the first clause of its 项目内容; cut to ``width`` characters with “…”."""
    text = item.split("，")[0].split(",")[0].rstrip("。")
    return text if len(text) <= width else text[: width - 1] + "…"
