"""滞后预警: progress against plan, month by month, with roll-ups and a ranking of units.

``compute(book, month)`` reads the month sheets 1..month and the 计划 sheet of a
master ``Book`` and returns a ``Progress``: one ``IndicatorProgress`` per row of
the month's sheet (found by 项目编号 + 指标), and tallies per item, category,
responsible unit (canonical names) and 分管县领导. The rules are those of
``minsheng.model.formulas``: each month's own light is what the native 状态 formula
shows; ``status`` is that light after escalation (N 滞后 months in a row become
严重滞后, N from 配置). A value that cannot be read is not a zero: the indicator
counts as 未报送 and a ``Finding`` (``minsheng.check.findings``) says where and what to do.
The roll-ups themselves (``tally``, ``worst``, ``pct``, ``points``) are ``minsheng.status.tallies``'s and the
row type ``IndicatorProgress`` is ``minsheng.status.indicator``'s, both importable from here too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from minsheng.model import cadence, formulas
from minsheng.check.findings import Finding
from minsheng.model import layout as L
from minsheng.model import settings as settings_mod
from minsheng.model.kinds import NONE, of_book as target_kinds
from minsheng.model import units as units_mod
from minsheng.model.directory import from_book
from minsheng.model.book import Book, is_blank, row_key
from minsheng.model.catalogue import split_list
from minsheng.status.counting import counted as counted_once
from minsheng.status.tallies import (TALLY, WORST_FIRST, grouped, light_counts, pct, rank_key, tally_of,  # noqa: F401
                                     points, tally, worst)
from minsheng.status.reader import Reader
from minsheng.status.indicator import IndicatorProgress


@dataclass
class Progress:
    month: int
    settings: settings_mod.Settings
    indicators: list[IndicatorProgress]
    problems: list[Finding] = field(default_factory=list)  # cells not read as the native formulas read them

    @property
    def months(self) -> list[int]:
        """The report months judged, January to ``month``: every month, or quarter ends under 季."""
        return cadence.periods_to(self.month, self.settings.cadence) or [self.month]

    # ---- roll-ups
    def county(self) -> dict:
        """The county's totals, ``history`` (each report month's lights after escalation) too: a
        sub-target indicator counts once, lit month by month from its parts' sums
        (``minsheng.status.counting``)."""
        items = {i.id for i in self.indicators}
        once = counted_once(self.indicators, self.settings)  # once for the totals, the history and escalated
        history = [{"month": m, **light_counts(i.history[n] for i in once)} for n, m in enumerate(self.months)]
        return {"year": self.settings.year, "items": len(items), **tally_of(self.indicators, once),
                "escalated": sum(i.escalated for i in once), "history": history}

    def items(self) -> list[dict]:
        out = []
        for item_id, group in grouped(self.indicators, lambda i: [i.id]).items():
            first = group[0]
            out.append({"id": item_id, "item": first.item, "category": first.category, "leader": first.leader,
                        "units": list(first.units), "co_units": list(first.co_units),
                        "status": worst(i.status for i in group), **tally(group, self.settings)})
        return out

    def categories(self) -> list[dict]:
        return [{"no": n, "category": name, **tally(group, self.settings)}
                for n, (name, group) in enumerate(grouped(self.indicators, lambda i: [i.category]).items(), start=1)]

    def leaders(self) -> list[dict]:
        return [{"leader": name, **tally(group, self.settings)}
                for name, group in grouped(self.indicators, lambda i: list(split_list(i.leader))).items()]

    def by_unit(self) -> dict[str, list[IndicatorProgress]]:
        """Indicators per responsible unit (as ``compute`` read them once, canonical); an item with
        two units counts for both."""
        return grouped(self.indicators, lambda i: i.units)

    def units(self) -> list[dict]:
        """One entry per canonical responsible unit, ranked; an item with two units counts for each;
        a unit with a sub-target is counted and ranked on its own part."""
        rows = []
        for name, group in self.by_unit().items():
            co = sorted({i.id for i in self.indicators if name in i.co_units})
            rows.append({"unit": name, **tally(group), "items": sorted({i.id for i in group}), "co_items": co})
        rows.sort(key=rank_key)
        for n, row in enumerate(rows):
            same = n and rank_key(rows[n - 1])[:-1] == rank_key(row)[:-1]
            row["rank"] = rows[n - 1]["rank"] if same else n + 1
        return rows

    @property
    def red_or_missing(self) -> int:
        return sum(i.status in ("严重滞后", "未报送") for i in self.indicators)

    def to_dict(self) -> dict:
        return {"month": self.month, "county": self.county(),
                "indicators": [i.to_dict() for i in self.indicators],
                "units": self.units(), "leaders": self.leaders(), "categories": self.categories(),
                "items": self.items(), "problems": [p.to_dict() for p in self.problems],
                "settings": {"yellow": self.settings.yellow, "red": self.settings.red,
                             "escalate": self.settings.escalate}}


# ---------------------------------------------------------------- reading the book

def compute(book: Book, month: int, settings: settings_mod.Settings | None = None,
            units: units_mod.UnitDirectory | None = None) -> Progress:
    settings = settings or settings_mod.load(book)
    directory = units or from_book(book)
    sheet = book.month(month)  # KeyError when the master has no such sheet
    reader = Reader(book, settings)
    co_units = _co_units(book, directory)
    names = _names(book)
    kinds = target_kinds(book)
    periods = cadence.periods_to(month, settings.cadence) or [month]  # 季: quarter ends alone
    indicators = []
    for key, (row, record) in sheet.by_key().items():
        responsible = units_mod.responsible(record, directory)
        unit = "、".join(responsible)
        target = reader.target(sheet, row, record, unit)
        measure = str(record.get("计量单位") or "").strip()
        kind, base = kinds.get(key, NONE)
        lights, readings = [], []
        for m in periods:
            reading = reader.month(m, key, target, measure, unit, kind, base)
            readings.append(reading)
            lights.append(formulas.status(reading[1], reading[3], settings.yellow, settings.red,
                                          kind=kind, final=m == L.MONTHS[-1],
                                          earlier=reader.earlier(m, key, target) if kind == formulas.MILESTONE else None))
        history = formulas.escalate(lights, settings.escalate)
        actual, completion, plan, timep = readings[-1]
        indicators.append(IndicatorProgress(
            id=key[0], item=names.get(key[0]) or str(record.get("项目内容") or "").strip(), indicator=key[1], unit=unit,
            target=target, actual=actual, completion=_round(completion), time_progress=_round(timep),
            deviation=formulas.deviation(completion, timep or 0.0)
            if completion is not None and not (timep is None and kind in (formulas.CEILING, formulas.CLEAR)) else None,
            status=history[-1], light=lights[-1], category=str(record.get("项目类别") or "").strip(),
            leader=str(record.get("分管县领导") or "").strip(), measure=measure, kind=kind, plan=plan, base=base,
            units=responsible, co_units=co_units.get(key[0], ()), lights=lights, history=history, row=row,
            actuals=[r[0] for r in readings], plans=[r[2] for r in readings]))
    return Progress(month, settings, indicators, reader.problems)


def latest_month(book: Book) -> int | None:
    """The last month whose sheet has any 累计完成 or 形象进度 entry."""
    for month in reversed(L.MONTHS):
        name = L.month_sheet(month)
        if name in book and any(not is_blank(record.get(h)) for _, record in book[name].records()
                                for h in ("累计完成", "形象进度")):
            return month
    return None


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, formulas.PRECISION)


def _co_units(book: Book, directory) -> dict[str, tuple[str, ...]]:
    if L.PROJECTS_SHEET not in book:
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for _, record in book[L.PROJECTS_SHEET].records():
        item_id = row_key(record)[0]
        if item_id and item_id not in out:
            out[item_id] = units_mod.canonical_list(str(record.get("协办单位") or ""), directory)
    return out


def _names(book: Book) -> dict[str, str]:
    """项目名称 per item where the 项目表 gives one: the short name people use for it."""
    if L.PROJECTS_SHEET not in book:
        return {}
    out: dict[str, str] = {}
    for _, record in book[L.PROJECTS_SHEET].records():
        name = str(record.get("项目名称") or "").strip()
        if name:
            out.setdefault(row_key(record)[0], name)
    return out
