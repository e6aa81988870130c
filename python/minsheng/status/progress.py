"""滞后预警: progress against plan, month by month, with roll-ups and a ranking of units.

``compute(book, month)`` reads the month sheets 1..month and the 计划 sheet of a
master ``Book`` and returns a ``Progress``: one ``IndicatorProgress`` per row of
the month's sheet (found by 项目编号 + 指标), and tallies per item, category,
responsible unit (canonical names) and 分管县领导. The rules are those of
``minsheng.model.formulas``: each month's own light is what the native 状态 formula
shows; ``status`` is that light after escalation (N 滞后 months in a row become
严重滞后, N from 配置). A value that cannot be read is not a zero: the indicator
counts as 未报送 and a ``Finding`` (``minsheng.check.findings``) says where and what to do.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field

from minsheng.model.milestones import INDICATOR
from minsheng.model import cadence, formulas
from minsheng.check.findings import Finding
from minsheng.model import layout as L
from minsheng.model import settings as settings_mod
from minsheng.model.kinds import NONE, of_book as target_kinds
from minsheng.model import units as units_mod
from minsheng.model.directory import from_book
from minsheng.model.book import Book, is_blank, row_key
from minsheng.model.catalogue import QUALITATIVE, split_list
from minsheng.status.counting import counted as counted_once
from minsheng.status.reader import Reader

# Status → the tally key of the JSON; the order is the order of the lights.
# 超出控制目标 (a ceiling exceeded) is red, counted with 严重滞后.
TALLY = {"已完成": "done", "正常": "green", "滞后": "yellow", "严重滞后": "red", formulas.OVER: "red",
         "未报送": "missing"}
WORST_FIRST = (formulas.OVER, "严重滞后", "未报送", "滞后", "正常", "已完成")


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
        history = [{"month": m, **_counts(i.history[n] for i in once)} for n, m in enumerate(self.months)]
        return {"year": self.settings.year, "items": len(items), **_tally(self.indicators, once),
                "escalated": sum(i.escalated for i in once), "history": history}

    def items(self) -> list[dict]:
        out = []
        for item_id, group in _group(self.indicators, lambda i: [i.id]).items():
            first = group[0]
            out.append({"id": item_id, "item": first.item, "category": first.category, "leader": first.leader,
                        "units": list(first.units), "co_units": list(first.co_units),
                        "status": worst(i.status for i in group), **tally(group, self.settings)})
        return out

    def categories(self) -> list[dict]:
        return [{"no": n, "category": name, **tally(group, self.settings)}
                for n, (name, group) in enumerate(_group(self.indicators, lambda i: [i.category]).items(), start=1)]

    def leaders(self) -> list[dict]:
        return [{"leader": name, **tally(group, self.settings)}
                for name, group in _group(self.indicators, lambda i: list(split_list(i.leader))).items()]

    def by_unit(self) -> dict[str, list[IndicatorProgress]]:
        """Indicators per responsible unit (as ``compute`` read them once, canonical); an item with
        two units counts for both."""
        return _group(self.indicators, lambda i: i.units)

    def units(self) -> list[dict]:
        """One entry per canonical responsible unit, ranked; an item with two units counts for each;
        a unit with a sub-target is counted and ranked on its own part."""
        rows = []
        for name, group in self.by_unit().items():
            co = sorted({i.id for i in self.indicators if name in i.co_units})
            rows.append({"unit": name, **tally(group), "items": sorted({i.id for i in group}), "co_items": co})
        rows.sort(key=_rank_key)
        for n, row in enumerate(rows):
            same = n and _rank_key(rows[n - 1])[:-1] == _rank_key(row)[:-1]
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
    return _tally(group, counted_once(group, settings) if settings is not None else group)


def _tally(group: list[IndicatorProgress], rows: list) -> dict:
    """``tally`` of ``group``, its lights and means counted over ``rows`` (``group`` as counted)."""
    counted = [i for i in rows if i.kind != formulas.MONEY]
    reported = [min(i.completion, 1.0) for i in counted if i.completion is not None]
    timed = [i.time_progress for i in counted if i.time_progress is not None]
    out = {"indicators": len(rows), **_counts(i.status for i in rows),
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
    found = set(statuses)
    return next((s for s in WORST_FIRST if s in found), "未报送")


def _counts(statuses) -> dict:
    counts = dict.fromkeys(TALLY.values(), 0)
    for s in statuses:
        counts[TALLY[s]] += 1
    return counts


def _rank_key(row: dict) -> tuple:
    """As shares of the unit's indicators, so a unit with many is not ranked down for having many:
    fewest red and missing first, then fewest yellow, most done, highest completion; then by name."""
    n = row["indicators"] or 1
    completion = row["completion"] if row["completion"] is not None else -1.0
    return (round((row["red"] + row["missing"]) / n, 6), round(row["yellow"] / n, 6), round(-row["done"] / n, 6),
            -completion, row["unit"])


def _group(indicators, keys) -> dict[str, list[IndicatorProgress]]:
    groups: dict[str, list[IndicatorProgress]] = defaultdict(list)
    for i in indicators:
        for k in keys(i):
            groups[k].append(i)
    return dict(groups)


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
