"""A returned row's input cells: the values to write, and what is wrong with them.

``read_inputs`` turns what a clerk typed into the values the master gets
(``1.2万`` → 12000, ``80%`` → 0.8, ``3月5日`` → a date) and yields a finding for
each cell that cannot be read with certainty; a row with an ``error`` finding is
not merged. Text is kept exactly as typed.

The 校验 rules (``minsheng.check.rules``) are the row checks of consolidation, run on
the same ``rules.Row`` (``sources.Context._read_row``); a finding here is kept
only for a cell the rules found nothing wrong with (a formula in a return, say).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from minsheng.model import layout as L
from minsheng.check import rules
from minsheng.model.book import is_blank


@dataclass(frozen=True)
class RowFinding:
    code: str
    severity: str  # 'error' | 'warning'
    file: str
    sheet: str
    cell: str
    item: str
    indicator: str
    unit: str
    message: str
    hint: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Value:
    """What goes into the master for one cell, with what the clerk typed."""
    new: object
    raw: object
    note: str | None = None


def read_inputs(row: rules.Row, formulas: set[str], make) -> tuple[dict[str, Value], list[RowFinding]]:
    """Values of the row's input cells that are filled in, and findings.

    Each cell is read as the 校验 rules read it (``row.cell``), so what is merged is what was checked.
    ``formulas``: A1 cells holding a formula; ``make(code, severity, cell, message, hint)`` a finding.
    Blank cells are left out: a blank never erases what the master has.
    """
    values: dict[str, Value] = {}
    found: list[RowFinding] = []
    for header in L.INPUT_COLUMNS:
        if not row.has(header):
            continue
        if formulas and (cell := row.at(header)) in formulas:
            found.append(make("formula-in-return", "error", cell, f"{header}（{cell}）是公式，汇总只收数值和文字",
                              "请复制该单元格，用“选择性粘贴 → 数值”粘回后重新发送"))
            continue
        parsed = row.cell(header)
        if parsed.kind == "blank":
            continue
        if parsed.kind == "none-marker" and header not in L.TEXT_INPUTS:
            cell = row.at(header)
            found.append(make("none-marker", "warning", cell,
                              f"{header}（{cell}）填的是“{parsed.raw}”，不是{_what(header)}，未并入",
                              "有数据请填写数据；确实没有请留空"))
            continue
        if not parsed.ok:
            cell = row.at(header)
            found.append(make(parsed.problem, "error", cell, f"{header}（{cell}）：{parsed.message}", parsed.hint or ""))
            continue
        raw = parsed.raw
        new = raw if header in L.TEXT_INPUTS and isinstance(raw, str) else parsed.value
        values[header] = Value(new, raw, parsed.note)
    return values, found


def _what(header: str) -> str:
    return {"累计完成": "数字", "形象进度": "百分比", "填报日期": "日期"}.get(header, "内容")


def same(old: object, new: object) -> bool:
    """Whether a master cell already holds ``new`` (readers give numbers as floats, dates as datetimes)."""
    if is_blank(old) and is_blank(new):
        return True
    if isinstance(old, bool) or isinstance(new, bool):
        return old == new
    if isinstance(old, (int, float)) and isinstance(new, (int, float)):
        return abs(float(old) - float(new)) <= 1e-9 * max(1.0, abs(float(new)))
    if isinstance(old, dt.date) and isinstance(new, dt.date):
        return _day(old) == _day(new)
    return type(old) is type(new) and old == new


def _day(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def shown(value: object) -> str:
    """A value as the log shows it."""
    if is_blank(value):
        return "（空）"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d") if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}" if abs(value) < 1e15 else repr(value)
    return str(value)
