"""The 汇总 dashboard: fixed table areas, and the values ``minsheng status`` writes into them.

The layout depends only on how many categories, responsible units, leaders and
indicators there are, so the builder (which draws the frames and the native
charts over these ranges, ``build_dashboard.py``) and the status writer (which
fills the values) compute the same areas. The charts then work in Excel, WPS
and LibreOffice without Python; writing is a list of ``CellChange`` that the file
adapter (openpyxl) and the Excel adapter (xlwings) apply alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from minsheng.model import layout as L
from minsheng.status.progress import Progress
from minsheng.model.book import CellChange, Sheet, plain

SHEET = L.DASHBOARD_SHEET
COUNTS = ("指标数", "已完成", "正常", "滞后", "严重滞后", "未报送", "平均完成率", "时序进度")
COUNT_KEYS = ("indicators", "done", "green", "yellow", "red", "missing", "completion", "time_progress")
LIGHT_HEADERS = dict(zip(COUNTS[1:6], L.STATUSES))  # header of a count column → its status
PERCENT_HEADERS = ("平均完成率", "时序进度", "完成率", "偏差")
STATUS_HEADERS = ("本月灯", "预警状态")
# Strong colours for the charts (cell fills are the pale L.STATUS_FILLS).
CHART_COLORS = {"已完成": "00B050", "正常": "92D050", "滞后": "FFC000", "严重滞后": "FF0000", "未报送": "A6A6A6"}
SHORT = {"已完成": "完", "正常": "正", "滞后": "滞", "严重滞后": "严", "未报送": "未"}
WIDTHS = (8, 20, 22, 9, 9, 9, 9, 9, 9, 10, 10, 24)  # columns A..L, shared by all tables
GAP = 1


@dataclass(frozen=True)
class Area:
    key: str
    title: str
    headers: tuple[str, ...]
    top: int  # 0-based row of the area's title; headers one below, data from two below
    rows: int

    @property
    def header_row(self) -> int:
        return self.top + 1

    @property
    def first(self) -> int:
        return self.top + 2

    @property
    def last(self) -> int:
        return self.first + self.rows - 1

    @property
    def bottom(self) -> int:
        return self.last + 1

    def column(self, header: str) -> int:
        return self.headers.index(header)


@dataclass(frozen=True)
class Layout:
    county: Area
    charts_top: int
    chart_rows: int
    tables: tuple[Area, ...]

    def table(self, key: str) -> Area:
        return next(a for a in self.tables if a.key == key)


def layout(categories: int, units: int, leaders: int, indicators: int) -> Layout:
    county = Area("county", "全县", ("", "", "", *COUNTS, "连续滞后升红"), 2, 1)
    chart_rows = max(18, -(-(units * 22 + 120) // 20))  # rows of 20 px: room for one bar per unit
    top = county.bottom + GAP
    charts_top = top
    top += chart_rows + GAP
    tables = []
    for key, title, headers, n in (
        ("categories", "按项目类别", ("序号", "项目类别", "项目编号", *COUNTS, ""), categories),
        ("leaders", "按分管县领导", ("序号", "分管县领导", "分管项目", *COUNTS, ""), leaders),
        ("units", "责任单位排名（红灯与未报送占比少者在前，其次黄灯少、已完成多、完成率高）",
         ("排名", "责任单位", "牵头项目", *COUNTS, "协办项目"), units),
        ("indicators", "指标明细（预警状态含连续滞后升级；各月灯自 1 月起：完 正 滞 严 未）",
         ("项目编号", "指标", "责任单位", "目标值", "计量单位", "累计完成", "完成率", "时序进度", "偏差",
          "本月灯", "预警状态", "各月灯"), indicators),
    ):
        area = Area(key, title, headers, top, max(n, 1))
        tables.append(area)
        top = area.bottom + GAP
    return Layout(county, charts_top, chart_rows, tuple(tables))


def for_progress(progress: Progress) -> Layout:
    return layout(len(progress.categories()), len(progress.units()), len(progress.leaders()),
                  len(progress.indicators))


# ---------------------------------------------------------------- values

def cells(progress: Progress, lay: Layout | None = None) -> dict[tuple[int, int], object]:
    """Every cell the dashboard owns, (row, col) 0-based → value (None: empty)."""
    lay = lay or for_progress(progress)
    s = progress.settings
    county = progress.county()
    out: dict[tuple[int, int], object] = {
        (0, 0): f"{s.year}年民生实事推进情况汇总（截至{progress.month}月）",
        (1, 0): (f"时序进度按“计划”表；落后时序进度超过 {s.yellow:.0%} 为滞后（黄灯），超过 {s.red:.0%} 为严重滞后（红灯），"
                 f"连续 {s.escalate} 个月滞后升为严重滞后；完成率≥100% 为已完成；未填为未报送。偏差＝时序进度−完成率，正数为落后。"),
    }
    _headers(out, lay.county)
    row = lay.county.first
    out[(row, 0)] = "全县"
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
        "indicators": [[i.id, i.indicator, i.unit, i.target, i.measure, i.actual, i.completion, i.time_progress,
                        i.deviation, i.light, i.status, "".join(SHORT[h] for h in i.history)]
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
