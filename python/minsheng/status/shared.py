"""Rows several units share: who answers for a shared row, and an item's figure made of sub-targets.

A shared row (several units in 责任单位, no sub-targets) is reported by its lead alone, the first
listed: once the lead has reported (the row has a figure, or the lead's return for the month is in
报送记录) a partner is neither listed under 未报送 nor chased for it. Sub-targets are one row per unit
(``model.catalogue.part_name``); the item's figure is the sum of the parts.
"""

from __future__ import annotations

from dataclasses import dataclass

from minsheng.model.book import Book
from minsheng.model.catalogue import part_of
from minsheng.roundtrip import roster
from minsheng.status.progress import IndicatorProgress, Progress

MISSING = "未报送"


def returned(book: Book, month: int) -> set[str]:
    """The units whose return for the month 报送记录 records as 已报送."""
    return {unit for unit, (_, record) in roster.current(book, month).items()
            if str(record.get("状态") or "").strip() == roster.SENT}


def answering(indicator: IndicatorProgress, returned_units: set[str]) -> tuple[str, ...]:
    """The units that answer for the row: its lead alone once the lead has reported, else all."""
    units = indicator.units
    if len(units) > 1 and (indicator.status != MISSING or units[0] in returned_units):
        return units[:1]
    return units


def by_answering_unit(progress: Progress, returned_units: set[str]) -> dict[str, list[IndicatorProgress]]:
    """``Progress.by_unit`` with a shared row counted only for the units that answer for it."""
    out: dict[str, list[IndicatorProgress]] = {}
    for unit, group in progress.by_unit().items():
        mine = [i for i in group if unit in answering(i, returned_units)]
        if mine:
            out[unit] = mine
    return out


def partners(indicator: IndicatorProgress) -> tuple[str, ...]:
    """A shared row's 配合 units: every unit after the lead."""
    return indicator.units[1:]


@dataclass(frozen=True)
class Whole:
    """An indicator split into sub-targets: the parts, and their sums as people read them."""
    id: str
    indicator: str
    measure: str
    parts: tuple[IndicatorProgress, ...]

    @property
    def target(self) -> float:
        return sum(p.target or 0.0 for p in self.parts)

    @property
    def actual(self) -> float | None:
        done = [p.actual for p in self.parts if p.actual is not None]
        return sum(done) if done else None

    @property
    def completion(self) -> float | None:
        return None if self.actual is None or not self.target else round(self.actual / self.target, 6)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(u for p in self.parts if p.actual is None for u in p.units)


def wholes(progress: Progress) -> list[Whole]:
    """Each indicator split into sub-targets, in catalogue order, with its parts."""
    groups: dict[tuple[str, str], list[IndicatorProgress]] = {}
    for i in progress.indicators:
        whole = part_of(i.indicator, i.units)
        if whole:
            groups.setdefault((i.id, whole), []).append(i)
    return [Whole(item_id, name, parts[0].measure, tuple(parts)) for (item_id, name), parts in groups.items()]
