"""下发计划表 (年初建账): one plain .xlsx per responsible unit, its indicators × months.

Each file holds the rows whose lead 责任单位 is the unit (a partner of a shared item gets no row:
the lead sets the plan), under ``layout.PLAN_FORM_HEADERS``: 项目编号 … 完成时限 locked, the
twelve months unlocked and prefilled with the master's 计划 (the default plan from 完成时限 until
someone changes it), as a cumulative plan: a number for a quantitative indicator, a share (0 %–100 %)
for a 形象进度 one. It is sealed like the monthly returns (``minsheng.roundtrip.seal``, format
``layout.PLAN_FORMAT``, 月份 ``计划``), so ``minsheng.roundtrip.plan_merge`` takes back only the
unit's own rows, as sent. No macros, no links, no formulas.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import xlsxwriter

from minsheng.builder import cells
from minsheng.model import layout as L
from minsheng.model.book import Book, row_key
from minsheng.model.directory import from_book
from minsheng.model.settings import Settings
from minsheng.model.units import UnitDirectory, responsible
from minsheng.roundtrip.seal import Seal, seal_rows
from minsheng.roundtrip.split import opening

MONTH_COLUMNS = tuple(f"{m}月" for m in L.MONTHS)
SEAL_MONTH = "计划"  # the seal's 月份 of a plan form: it is for the year, no month

GUIDE = (
    f"{L.GUIDE_SHEET}（年初建账：逐月分解任务）",
    "1. 只填写白色单元格：每个指标 1月–12月 截至该月底的累计计划数（只填数字；形象进度类指标填 0%–100%）。",
    "2. 累计计划逐月不减少，完成时限当月（未写时限的为 12 月）应达到目标值。已按完成时限预填了默认计划，请按本单位实际安排修改。",
    "3. 灰色单元格已锁定，请勿修改；请勿删除行、改表头或改文件中的隐藏内容，否则无法汇总。",
    "4. 填好后保存为 .xlsx（WPS、LibreOffice 均可），直接作为附件发回。",
)


def file_name(year: int, unit: str) -> str:
    safe = re.sub(r'[\\/:*?"<>|\s]+', "_", unit).strip("._") or "单位"
    return f"{year}年计划表_{safe}.xlsx"


def plan_rows(master: Book, units: UnitDirectory | None = None) -> dict[str, list[dict[str, object]]]:
    """Lead unit → its rows of the plan form ({header: value} over ``PLAN_FORM_HEADERS``), in 项目表 order;
    the months from 计划 (blank where 计划 has no row)."""
    units = units or from_book(master)
    plan = master[L.PLAN_SHEET].by_key() if L.PLAN_SHEET in master else {}
    grouped: dict[str, list[dict[str, object]]] = {}
    for _, project in master[L.PROJECTS_SHEET].records():
        key = row_key(project)
        if not key[0]:
            continue
        owners = responsible(project, units)
        if not owners:
            continue
        planned = plan.get(key, (0, {}))[1]
        row = {h: project.get(h) for h in L.PLAN_FORM_LOCKED}
        row["责任单位"] = owners[0]
        row.update({h: planned.get(h) for h in MONTH_COLUMNS})
        grouped.setdefault(owners[0], []).append(row)
    return grouped


def split_plan(master: Book, out_dir: Path, *, units: UnitDirectory | None = None,
               settings: Settings | None = None, now: datetime | None = None) -> list[Path]:
    """Write one plan form per lead unit into ``out_dir``; returns their paths. The master is not changed."""
    units, settings, now, out_dir, ident = opening(master, out_dir, units, settings, now)
    paths = []
    for unit, records in plan_rows(master, units).items():
        seal = Seal({"格式": L.PLAN_FORMAT, "单位": unit, "年度": str(settings.year), "月份": SEAL_MONTH,
                     "模板版本": settings.template, "主台账": ident, "生成时间": now.isoformat(sep=" ")},
                    seal_rows(records, L.PLAN_FORM_LOCKED))
        path = out_dir / file_name(settings.year, unit)
        write_form(path, unit, records, seal, settings, now)
        paths.append(path)
    return paths


def write_form(path: Path, unit: str, records: list[dict[str, object]], seal: Seal, settings: Settings,
               now: datetime) -> Path:
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                           "strings_to_urls": False})
    book.set_properties({"title": f"{settings.year}年民生实事计划表（{unit}）", "author": "minsheng", "created": now})
    styles = cells.styles(book)
    sheet = book.add_worksheet(L.PLAN_FORM_SHEET)
    headers = L.PLAN_FORM_HEADERS
    for c, header in enumerate(headers):
        sheet.write_string(0, c, header, styles["bold"])
    first = headers.index("1月")
    for r, record in enumerate(records, start=1):
        share = record.get("目标值") is None  # a 形象进度 row: its plan is a share
        for c, header in enumerate(headers):
            if c >= first:
                fmt = styles["input_pct" if share else "input_num"]
            else:
                fmt = styles["locked_num" if header == "目标值" else "locked"]
            cells.write(sheet, r, c, record.get(header), fmt)
    if records:
        sheet.data_validation(1, first, len(records), len(headers) - 1, {
            "validate": "decimal", "criteria": ">=", "value": 0, "error_type": "warning",
            "error_title": "计划", "error_message": "计划累计值应为不小于 0 的数字，逐月不减少。"})
    for c, width in enumerate((7, 30, 14, 14, 9, 7, 12)):
        sheet.set_column(c, c, width)
    sheet.set_column(first, len(headers) - 1, 8)
    cells.fit_rows(sheet, [[record.get(h) for h in headers] for record in records],
                   [7, 30, 14, 14, 9, 7, 12] + [8] * 12)
    sheet.freeze_panes(1, headers.index("指标") + 1)
    sheet.protect("", {"format_columns": True, "format_rows": True})
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.repeat_rows(0)
    sheet.fit_to_pages(1, 0)
    sheet.activate()
    guide = book.add_worksheet(L.GUIDE_SHEET)
    guide.set_column(0, 0, 110, styles["text"])
    for r, line in enumerate(GUIDE):
        guide.write_string(r, 0, line, styles["bold"] if r == 0 else styles["text"])
    guide.protect("")
    seal.write_to(book)
    book.close()
    return path
