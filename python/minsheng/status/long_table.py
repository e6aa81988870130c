"""The long table: one row per indicator per month, for pivot tables, Power BI or DuckDB.

Figures are those of ``progress.compute`` for each month (so they agree with
``minsheng status`` and the 汇总 sheet); what clerks wrote in the text columns is
kept as written.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from minsheng.status import progress
from minsheng.model import layout as L
from minsheng.model import settings as settings_mod
from minsheng.model.settings import Settings
from minsheng.model.book import Book

COLUMNS = ("年度", "月份", "项目编号", "项目类别", "项目内容", "分管县领导", "责任单位", "协办单位", "指标", "目标值",
           "计量单位", "本月计划累计", "累计完成", "完成率", "时序进度", "偏差", "本月灯", "预警状态",
           "进展情况", "存在问题", "下步措施", "填报人", "填报日期")
TEXT_KEPT = ("进展情况", "存在问题", "下步措施", "填报人", "填报日期")


def columns(settings: Settings) -> tuple[str, ...]:
    """``COLUMNS`` as the place says them: 分管县领导 is 分管区领导 for a 区 (``Place.leader``)."""
    return L.shown_headers(COLUMNS, settings.place.leader)


def long_table(book: Book, months: range, settings: Settings | None = None) -> tuple[pd.DataFrame, list]:
    """The table for ``months`` (each must have its sheet), and every problem found on the way;
    its columns are ``columns(settings)`` (settings: 配置's, unless given)."""
    settings = settings or settings_mod.load(book)
    rows, problems = [], []
    for month in months:
        found = progress.compute(book, month, settings)
        problems += [p for p in found.problems if p not in problems]
        sheet = book.month(month)
        records = sheet.by_key()
        for i in found.indicators:
            record = records[(i.id, i.indicator)][1]
            rows.append({
                "年度": found.settings.year, "月份": month, "项目编号": i.id, "项目类别": i.category,
                "项目内容": i.item, "分管县领导": i.leader, "责任单位": i.unit, "协办单位": "、".join(i.co_units),
                "指标": i.indicator, "目标值": i.target, "计量单位": i.measure, "本月计划累计": i.plan,
                "累计完成": i.actual, "完成率": i.completion, "时序进度": i.time_progress, "偏差": i.deviation,
                "本月灯": i.light, "预警状态": i.status,
                **{h: _text(record.get(h)) for h in TEXT_KEPT},
            })
    frame = pd.DataFrame(rows, columns=list(COLUMNS)).rename(columns=dict(zip(COLUMNS, columns(settings))))
    for column in ("目标值", "本月计划累计", "累计完成", "完成率", "时序进度", "偏差"):
        frame[column] = frame[column].astype("float64")
    frame["月份"] = frame["月份"].astype("int64")
    frame["年度"] = frame["年度"].astype("int64")
    return frame, problems


def _text(value: object) -> str | None:
    """Text columns as text (a date stays ISO), so the column has one type in Parquet."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# Cells a spreadsheet program would read as a formula (or, after a tab or CR, a new cell); OWASP
# "CSV Injection" guidance: prefix such a cell with a single quote. Excel, WPS and LibreOffice then
# show it as text and no program runs it; the quote is visible, so the reader still sees the clerk
# typed '=…' and nothing was silently dropped. A quote is what Excel itself adds to such text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """The table for a CSV file: every text cell that starts like a formula gets a leading ``'``, and a
    carriage return inside a text becomes the line break Excel cells use (``\n``): LibreOffice ends the
    row at a bare CR even inside quotes, so the rest of the cell would start a row of its own.
    Numbers are left alone (a negative 偏差 is a number, not a formula); the Parquet keeps the text as typed."""
    out = frame.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].map(_csv_text)
    return out


def _csv_text(value: object) -> object:
    if not isinstance(value, str):
        return value
    quoted = "'" + value if value.startswith(FORMULA_START) else value
    return quoted.replace("\r\n", "\n").replace("\r", "\n")


def months_reported(book: Book) -> range:
    """1..the latest month with any entry (at least January)."""
    return range(1, (progress.latest_month(book) or 1) + 1)
