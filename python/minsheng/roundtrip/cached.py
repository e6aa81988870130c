"""The cached results of a month sheet's formulas in the rows a consolidation writes.

The fast writer (``xlsx.patch``) would otherwise drop them and leave the values to a recalculation
on load, which LibreOffice does not do by default for .xlsx, nor mail previews and phone viewers:
they would show 完成率, 时序进度 and 状态 blank. ``model.formulas.month_results`` is the formulas'
Python twin; this module gives it each touched row as it will be once written.
"""

from __future__ import annotations

import re

from minsheng.model import layout as L
from minsheng.model.book import Book, CellChange, row_key
from minsheng.model import kinds as K
from minsheng.model.formulas import month_results
from minsheng.model.settings import Settings

FORMULAS = ("本月计划累计", "完成率", "时序进度", "状态")  # the month sheet's formula columns
_CELL = re.compile(r"([A-Z]+)(\d+)$")


def month_cached(master: Book, month: int, changes: list[CellChange], settings: Settings, *,
                 kinds: dict | None = None, plan: list | None = None) -> dict[str, dict[str, object]]:
    """{month sheet: {A1 of a formula cell: its result}} for every row of the month sheet that
    ``changes`` write, computed from the row with the changes applied, 计划's value for the month
    (as the SUMIFS adds it up) and 项目表's 目标类型. Empty when the month sheet is not changed.
    ``kinds`` (``model.kinds.of_book``) and ``plan`` (计划's ``records()``): what the caller has
    read already in this run (a consolidation's ``Context``), else read here."""
    name = L.month_sheet(month)
    written: dict[int, dict[str, object]] = {}  # sheet row → column letters → the value written
    for c in changes:
        if c.sheet == name and (m := _CELL.match(c.cell)):
            written.setdefault(int(m.group(2)), {})[m.group(1)] = c.new
    if not written or name not in master:
        return {}
    sheet = master[name]
    columns = sheet.columns()
    if not all(h in columns for h in FORMULAS):
        return {}
    letters = {h: L.column_letter(i) for h, i in columns.items()}
    if plan is None and L.PLAN_SHEET in master:
        plan = master[L.PLAN_SHEET].records()
    back = month - settings.node_severe  # 配置 节点严重滞后月数: a 节点 row's 严重滞后 mark
    before = _plan(plan, back) if back >= L.MONTHS[0] else {}
    plan = _plan(plan, month)
    kinds = K.of_book(master) if kinds is None else kinds  # 目标类型 and 基期值 from 项目表
    out: dict[str, object] = {}
    width = max(columns.values()) + 1
    for r in sorted(written):
        values = list(sheet.rows[r - 1]) if r - 1 < len(sheet.rows) else []
        values += [None] * (width - len(values))
        new = written[r]
        record = {h: new.get(letters[h], values[i]) for h, i in columns.items()}
        key = row_key(record)
        if not key[0]:
            continue
        record["本月计划累计"] = plan.get(key, 0)
        kind = kinds.get(key, K.NONE)
        for header, value in month_results(record, month, kind.kind, settings.yellow, settings.red,
                                           base=kind.base, earlier=before.get(key)).items():
            out[f"{letters[header]}{r}"] = value
    return {name: out}


def _plan(records: list | None, month: int) -> dict[tuple[str, str], float]:
    """(项目编号, 指标) → the sum of 计划's numbers (``records``: None without 计划) in the month's
    column, as SUMIFS gives it."""
    out: dict[tuple[str, str], float] = {}
    if records is None:
        return out
    for _, record in records:
        value = record.get(f"{month}月")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            key = row_key(record)
            out[key] = out.get(key, 0) + value
    return out

