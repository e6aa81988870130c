"""校验: run the rules over a month's sheet, of the master or of a unit's return.

Columns are found by header and rows by (项目编号, 指标), so a return whose rows
were re-sorted, with blank rows inserted or columns moved, validates alike.

``validate_month`` works on one sheet (the CLI, the consolidator); ``validate_book``
reads what a master holds beside it: 配置, last month's sheet and the 计划. A unit's return
is validated through ``minsheng.roundtrip.returns_validate.validate_file``, with ``against`` its master.

Each row is a ``check.row.Row`` (cells read by ``check.parse``), judged by ``check.rules.check``
(the rules, one module per concern, under ``check/rules/``); with ``formulas`` (a return) it goes
through ``check.rowcheck.merged`` instead, which runs the same rules.
"""

from __future__ import annotations

from minsheng.model import layout as L
from minsheng.check import rules
from minsheng.check.row import Row
from minsheng.check.rowcheck import merged
from minsheng.check.findings import Finding, Report, make
from minsheng.model.plan import Plan, read_cell, values
from minsheng.model import cadence
from minsheng.model.kinds import NONE, Kind, of_book
from minsheng.model.settings import Settings, load as load_settings
from minsheng.model.units import UnitDirectory, responsible
from minsheng.model.book import Book, Sheet, is_blank, row_key

NEEDED = (*L.KEY, "目标值", *L.INPUT_COLUMNS)


def validate_month(sheet: Sheet, month: int, *, previous: Sheet | None, settings: Settings, source: str,
                   units: UnitDirectory | None = None, plan: dict[tuple[str, str], float] | None = None,
                   header_row: int = 1, formulas: set[str] | None = None,
                   kinds: dict[tuple[str, str], Kind] | None = None) -> Report:
    """Findings for every indicator row of ``sheet`` (the month ``month``).

    ``previous``: last month's sheet (of the master), for the rules that compare;
    ``plan``: (项目编号, 指标) → this month's planned cumulative; without it the row's own
    本月计划累计 is used when it holds a number (a unit's return carries it as a value).
    ``units``: to name each row's responsible units canonically in the findings.
    A unit's return file (``minsheng.roundtrip.returns_validate.validate_file``) gives ``header_row``, the sheet
    row of its header, and ``formulas``, its formula cells: its rows are then checked as
    consolidation checks them (``rowcheck.merged``). ``kinds``: (项目编号, 指标) → 目标类型 and
    基期值 (``model.kinds.of_book`` of the master); a row without one is 累计.
    """
    report = Report(source, month)
    columns = sheet.columns()
    letters = {h: L.column_letter(i) for h, i in columns.items()}
    missing = [h for h in NEEDED if h not in columns]
    for header in missing:
        report.findings.append(make("missing-column", sheet=sheet.name, cell="A1", header=header))
    if any(h in missing for h in L.KEY):
        return report
    before = previous.by_key() if previous is not None else {}
    seen: dict[tuple[str, str], int] = {}
    for number, record in sheet.records():
        key = row_key(record)
        if not key[0]:
            continue
        row = Row(sheet.name, number + header_row - 1, record, letters, month, settings, unit=_unit(record, units),
                  previous=before[key][1] if key in before else None,
                  previous_sheet=previous.name if previous is not None else "",
                  plan=planned(key, record, plan), kind=(kinds or {}).get(key, NONE))
        if key in seen:
            report.findings.append(row.finding("duplicate-row", "项目编号", first=seen[key] + header_row - 1))
            continue
        seen[key] = number
        report.rows += 1
        report.findings.extend(rules.check(row) if formulas is None else merged(row, formulas)[1])
    report.findings.sort(key=_order)
    return report


def validate_book(book: Book, month: int, source: str | None = None,
                  units: UnitDirectory | None = None) -> Report:
    """Validate a master's month against its own settings, last month and plan."""
    name = L.month_sheet(month)
    if name not in book:
        report = Report(source or book.name, month)
        report.findings.append(make("missing-sheet", sheet=name, cell="A1", file=source or book.name))
        return report
    settings = load_settings(book)
    before = cadence.previous(month, settings.cadence)  # last month, or last quarter's end under 季
    previous = book.month(before) if before and L.month_sheet(before) in book else None
    return validate_month(book[name], month, previous=previous, settings=settings,
                          source=source or book.name, units=units, plan=plan_of(book, month), kinds=of_book(book))


def against(master: Book | None, month: int) -> dict[str, object]:
    """What a unit's return is validated against: the master's settings, plan, 目标类型 and last month."""
    previous, settings, plan = None, Settings(), None
    if master is not None:
        settings, plan = load_settings(master), plan_of(master, month)
        before = cadence.previous(month, settings.cadence)
        if before and L.month_sheet(before) in master:
            previous = master.month(before)
    return {"previous": previous, "settings": settings, "plan": plan, "kinds": of_book(master)}


def plan_of(book: Book, month: int) -> dict[tuple[str, str], float] | None:
    """(项目编号, 指标) → the 计划 sheet's planned cumulative for ``month``; None without a 计划 sheet.
    As ``minsheng.model.plan`` reads it; a cell it cannot read has no plan here (滞后预警 reports it)."""
    if L.PLAN_SHEET not in book:
        return None
    return Plan.of(book).month(month)


def plan_values(plan: dict[tuple[str, str], tuple[int, dict[str, object]]], month: int) -> dict[tuple[str, str], float]:
    """``plan_of`` from the 计划 sheet's rows as ``Sheet.by_key`` gives them."""
    return values(plan, month)


def planned(key: tuple[str, str], record: dict[str, object], plan: dict[tuple[str, str], float] | None) -> float | None:
    """A row's planned cumulative for the month: from the 计划 sheet's values when there are any,
    else the row's own 本月计划累计 (a unit's return carries it as a value), read as a plan cell."""
    if plan is not None:
        return plan.get(key)
    value, _ = read_cell(record.get("本月计划累计"), share=is_blank(record.get("目标值")))
    return value


def _unit(record: dict[str, object], units: UnitDirectory | None) -> str:
    text = str(record.get("责任单位") or "").strip()
    if units is None or not text:
        return text
    return "、".join(responsible(record, units)) or text


def _order(finding: Finding) -> tuple:
    """Sheet-level findings first, then by row, then by column, as a clerk reads the sheet."""
    letters = "".join(ch for ch in finding.cell if ch.isalpha())
    digits = "".join(ch for ch in finding.cell if ch.isdigit())
    return (int(digits or 0), len(letters), letters)
