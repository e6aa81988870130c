"""A returned row's input cells: the values to write, and what is wrong with them.

``read_inputs`` turns what a clerk typed into the values the master gets
(``1.2万`` → 12000, ``80%`` → 0.8, ``3月5日`` → a date) and yields a finding for
each cell that cannot be read with certainty; a row with an ``error`` finding is
not merged. Text is kept exactly as typed.

The 校验 rules (``minsheng.check.rules``) are the row checks of consolidation, run on
the same ``check.row.Row`` (``sources.Context._read_row``); a finding here is kept
only for a cell the rules found nothing wrong with (a formula in a return, say).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from minsheng.model import layout as L
from minsheng.check import rules
from minsheng.check.row import Row
from minsheng.check.findings import Finding
from minsheng.model.book import is_blank


@dataclass(frozen=True)
class Value:
    """What goes into the master for one cell, with what the clerk typed."""
    new: object
    raw: object
    note: str | None = None


def read_inputs(row: Row, formulas: set[str], make: Callable[..., Finding] | None = None
                ) -> tuple[dict[str, Value], list[Finding]]:
    """Values of the row's input cells that are filled in, and findings.

    Each cell is read as the 校验 rules read it (``row.cell``), so what is merged is what was checked.
    ``formulas``: A1 cells holding a formula; ``make(code, header, **fields)`` a finding
    (``row.finding`` unless given). Blank cells are left out: a blank never erases what the master has.
    """
    make = make or row.finding
    values: dict[str, Value] = {}
    found: list[Finding] = []
    for header in L.INPUT_COLUMNS:
        if not row.has(header):
            continue
        if formulas and row.at(header) in formulas:
            found.append(make("formula-in-return", header))
            continue
        parsed = row.cell(header)
        if parsed.kind == "blank":
            continue
        if parsed.kind == "none-marker" and header not in L.TEXT_INPUTS:
            found.append(make("none-marker", header, raw=parsed.raw, what=_what(header)))
            continue
        if not parsed.ok:
            found.append(make(parsed.problem, header, raw=str(parsed.raw).strip(), reason=parsed.message,
                              parse_hint=parsed.hint or ""))
            continue
        raw = parsed.raw
        new = raw if header in L.TEXT_INPUTS and isinstance(raw, str) else parsed.value
        values[header] = Value(new, raw, parsed.note)
    return values, found


def _what(header: str) -> str:
    return {"累计完成": "数字", "形象进度": "百分比", "填报日期": "日期"}.get(header, "内容")


def merged(row: Row, formulas: set[str], make: Callable[..., Finding] | None = None
           ) -> tuple[dict[str, Value], list[Finding]]:
    """A returned row's values and its findings, as consolidation and the validation of a return
    file both report them: the 校验 rules', and the reader's own where the rules found nothing
    wrong in that cell (formulas, say); a formula cell is reported as a formula only, the formula
    being the reason. Findings in column order."""
    values, found = read_inputs(row, formulas, make)
    verdicts = rules.check(row)
    flagged = {f.cell for f in verdicts if f.severity == "error"}
    formula_cells = {f.cell for f in found if f.code == "formula-in-return"}
    return values, sorted([*(f for f in verdicts if f.cell not in formula_cells),  # a formula showing #DIV/0!:
                           *(f for f in found if f.cell in formula_cells or f.cell not in flagged)],  # the formula
                          key=_column_order)


def _column_order(finding: Finding) -> tuple[int, str]:
    letters = finding.cell.rstrip("0123456789")
    return len(letters), letters


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
