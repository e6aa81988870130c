"""The 汇总 dashboard: the values ``minsheng status`` writes into its fixed table areas.

The areas are declared once in ``minsheng.model.dashboard``, which the builder reads too
(it draws the frames and the native charts over them), so the charts work in Excel, WPS
and LibreOffice without Python. Writing is a list of ``CellChange`` that the file engine
(openpyxl) and the Excel engine (xlwings) apply alike.
"""

from __future__ import annotations

from minsheng.model import layout as L
from minsheng.model.cadence import periods_word, report_months
from minsheng.model.book import CellChange, Sheet, plain
from minsheng.model import dashboard as model_dashboard
from minsheng.model.catalogue import QUALITATIVE
from minsheng.model.dashboard import Area, Layout, layout
from minsheng.status.progress import Progress

SHEET = L.DASHBOARD_SHEET
COUNT_KEYS = ("indicators", "done", "green", "yellow", "red", "missing", "completion", "time_progress")
SHORT = model_dashboard.SHORT  # 各月灯, one character (and a coloured cell) a month


def for_progress(progress: Progress) -> Layout:
    return layout(len(progress.categories()), len(progress.units()), len(progress.leaders()),
                  len(progress.indicators), progress.settings.place, progress.settings.cadence)


# ---------------------------------------------------------------- values

def cells(progress: Progress, lay: Layout | None = None) -> dict[tuple[int, int], object]:
    """Every cell the dashboard owns, (row, col) 0-based → value (None: empty)."""
    lay = lay or for_progress(progress)
    s = progress.settings
    county = progress.county()
    out: dict[tuple[int, int], object] = {
        (0, 0): f"{s.year}年民生实事推进情况汇总（截至{progress.month}月）",
        (1, 0): (f"时序进度按“计划”表；落后时序进度超过 {s.yellow:.0%} 为滞后（黄灯），超过 {s.red:.0%} 为严重滞后（红灯），"
                 f"连续 {s.escalate} {periods_word(s.cadence)}滞后升为严重滞后；完成率≥100% 为已完成；未填为未报送。偏差＝时序进度−完成率，正数为落后。"),
    }
    _headers(out, lay.county)
    row = lay.county.first
    out[(row, 0)] = s.place.whole
    out[(row, 1)] = f"{county['items']} 项 {county['indicators']} 个指标"
    out[(row, 2)] = None
    for c, key in enumerate(COUNT_KEYS, start=3):
        out[(row, c)] = county[key]
    out[(row, 11)] = county["escalated"]

    rows = {
        "categories": [[c["no"], c["category"], _ids(progress, lambda i, c=c: i.category == c["category"]),
                        *(c[k] for k in COUNT_KEYS), None] for c in progress.categories()],
        "units": [[u["rank"], u["unit"], "、".join(u["items"]), *(u[k] for k in COUNT_KEYS),
                   "、".join(u["co_items"]) or None] for u in progress.units()],
        "leaders": [[n, x["leader"], _ids(progress, lambda i, x=x: i.leader == x["leader"]),
                     *(x[k] for k in COUNT_KEYS), None] for n, x in enumerate(progress.leaders(), start=1)],
        "indicators": [[i.id, i.label(10), i.unit, i.target, i.measure or ("%" if i.indicator == QUALITATIVE else None),
                        _actual(i), i.completion, i.time_progress,
                        i.deviation, i.light, i.status, _why(i, s.escalate, s.cadence), *_lights(i, s.cadence)]
                       for i in progress.indicators],
    }
    for area in lay.tables:
        out[(area.top, 0)] = area.title
        _headers(out, area)
        data = rows[area.key]
        for r in range(area.rows):
            values = data[r] if r < len(data) else [None] * len(area.headers)
            for c, value in enumerate(values):
                out[(area.first + r, c)] = value
    return out


def changes(progress: Progress, sheet: Sheet | None) -> list[CellChange]:
    """The cells of the 汇总 sheet that differ from what ``sheet`` holds now; none on a second run."""
    current = sheet.rows if sheet is not None else []
    found = []
    for (r, c), new in sorted(cells(progress).items()):
        old = plain(current[r][c]) if r < len(current) and c < len(current[r]) else None
        if not _same(old, new):
            found.append(CellChange(SHEET, f"{L.column_letter(c)}{r + 1}", old, new))
    return found


def _actual(i) -> float | None:
    """累计完成 as it reads beside its 计量单位: a 形象进度 of 0.25 is 25 (%), not 0.25 beside “%”."""
    if i.actual is None or i.indicator != QUALITATIVE:
        return i.actual
    return round(i.actual * 100, 4)


def _why(i, escalate: int, cadence: str) -> str | None:
    """预警说明: why the 预警状态 differs from the month's own light."""
    return f"连续{escalate}{periods_word(cadence)}滞后，升为{i.status}" if i.escalated else None


def _lights(i, cadence: str) -> list[str | None]:
    """1月…12月 of 各月灯: each report month's light in its own month's column (a quarter's in March,
    June …), the months not reported on and those to come blank."""
    shown = dict(zip(report_months(cadence), (SHORT[h] for h in i.history)))
    return [shown.get(m) for m in L.MONTHS]


def _headers(out: dict, area: Area) -> None:
    for c, header in enumerate(area.headers):
        out[(area.header_row, c)] = header or None


def _ids(progress: Progress, keep) -> str:
    return "、".join(dict.fromkeys(i.id for i in progress.indicators if keep(i)))


def _same(old, new) -> bool:
    old, new = (None if v == "" else v for v in (old, new))
    if old is None or new is None:
        return old is None and new is None
    if isinstance(new, (int, float)) and isinstance(old, (int, float)):
        return abs(float(old) - float(new)) <= 1e-9 * max(1.0, abs(float(new)))
    return str(old) == str(new)
