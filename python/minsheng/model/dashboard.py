"""The 汇总 sheet's layout: fixed table areas, declared once for the builder and the status writer.

The areas depend only on how many categories, responsible units, leaders and indicators
there are, so the builder (``minsheng.builder.dashboard``: frames, formats and the native
charts over these ranges) and the status writer (``minsheng.status.dashboard``: the values)
compute the same areas, and the charts work in Excel, WPS and LibreOffice without Python.
"""

from __future__ import annotations

from dataclasses import dataclass

from minsheng.model.cadence import MONTHLY, QUARTERLY
from minsheng.model.formulas import OVER
from minsheng.model.place import Place
from minsheng.model import layout as L

COUNTS = ("指标数", "已完成", "正常", "滞后", "严重滞后", "未报送", "平均完成率", "时序进度")
LIGHT_HEADERS = dict(zip(COUNTS[1:6], L.STATUSES))  # header of a count column → its status
PERCENT_HEADERS = ("平均完成率", "时序进度", "完成率", "偏差")
STATUS_HEADERS = ("本月灯", "预警状态")
MONTH_HEADERS = tuple(f"{m}月" for m in L.MONTHS)  # 各月灯: one coloured cell a month, after column L
SHORT = {"已完成": "完", "正常": "正", "滞后": "滞", "严重滞后": "严", "未报送": "未",
         OVER: "超"}  # what a month's cell shows; a ceiling exceeded is lit red
WIDTHS = (8, 20, 22, 9, 9, 9, 9, 9, 9, 10, 10, 31, *(4,) * len(MONTH_HEADERS))  # A..X, shared by all tables
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


def legend(cadence: str = MONTHLY) -> str:
    """The 各月灯 legend on the 指标明细 title, short enough to end before 1月's column (the coloured
    characters follow it there): each light is its status's first character, 超 said outright; under
    报送周期 季 the lights are the quarters', in their quarter-end month's column."""
    said = "，".join(f"{char}＝{status}" for status, char in SHORT.items() if status[0] != char or status == OVER)
    where = "季度灯在3、6、9、12月" if cadence == QUARTERLY else "各月灯"
    return f"{where}：{said}，余为状态首字"


def layout(categories: int, units: int, leaders: int, indicators: int, place: Place = Place(),
           cadence: str = MONTHLY) -> Layout:
    county = Area("county", place.whole, ("", "", "", *COUNTS, "连续滞后升红"), 2, 1)
    chart_rows = max(18, -(-(units * 22 + 120) // 20))  # rows of 20 px: room for one bar per unit
    top = county.bottom + GAP
    charts_top = top
    top += chart_rows + GAP
    tables = []
    for key, title, headers, n in (
        ("categories", "按项目类别", ("序号", "项目类别", "项目编号", *COUNTS, ""), categories),
        ("leaders", f"按{place.leader}", ("序号", place.leader, "分管项目", *COUNTS, ""), leaders),
        ("units", "责任单位排名（红灯与未报送占比少者在前，其次黄灯少、已完成多、完成率高）",
         ("排名", "责任单位", "牵头项目", *COUNTS, "协办项目"), units),
        ("indicators", f"指标明细（形象进度以项目名称列出、累计完成为百分数；预警状态含连续滞后升级）  {legend(cadence)}",
         ("项目编号", "指标", "责任单位", "目标值", "计量单位", "累计完成", "完成率", "时序进度", "偏差",
          "本月灯", "预警状态", "预警说明", *MONTH_HEADERS), indicators),
    ):
        area = Area(key, title, headers, top, max(n, 1))
        tables.append(area)
        top = area.bottom + GAP
    return Layout(county, charts_top, chart_rows, tuple(tables))
