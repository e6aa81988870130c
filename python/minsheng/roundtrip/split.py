"""下发填报表: one plain .xlsx per responsible unit for a month.

Each file holds only the unit's rows, under the master's own monthly headers
(``layout.MONTH_HEADERS``): targets and the month's plan prefilled and locked,
the input cells unlocked and prefilled with what the master already has for the
month (else last month's figures and texts), the unit's contact row, and a seal
of who the file is for and its locked cells (``minsheng.roundtrip.seal``), in custom document
properties and a very hidden ``_meta`` sheet. No macros, no links, no UDFs: native formulas only, with the
thresholds as local defined names, so Excel, WPS and LibreOffice open it alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import xlsxwriter

from minsheng.model import layout as L
from minsheng.builder import cells
from minsheng.builder.formulasheet import MARK, ColumnFormula, FormulaSheet, RowFormula, write_row_formula
from minsheng.model.formulas import MILESTONE, month_formulas, month_results
from minsheng.roundtrip.seal import Seal, contact_field, master_id, seal_rows
from minsheng.model.settings import Settings, load as load_settings
from minsheng.model.directory import from_book
from minsheng.model.units import UnitDirectory, responsible
from minsheng.model.book import Book, is_blank
from minsheng.model.cadence import last_reported
from minsheng.model.kinds import NONE, of_book

GUIDE = (
    L.GUIDE_SHEET,
    "1. 只填写白色单元格：累计完成（截至本月底的累计数，只填数字）、形象进度（没有数量目标的项目，0%–100%）、"
    "进展情况、存在问题、下步措施、填报人、联系电话、填报日期。",
    "2. 灰色单元格已锁定，请勿修改；可以排序、筛选、调整列宽。请勿删除行、改表头或改文件中的隐藏内容，否则无法汇总。",
    "3. 已预填本月已有内容或上月数据，请按本月实际更新。没有问题请填“无”。",
    "4. 填好后保存为 .xlsx（WPS、LibreOffice 均可），直接作为附件发回，不要改文件名以外的内容。",
    "5. 本单位的联系人、联系电话、电子邮箱如有变化，请在“单位通讯录”表中直接修改，汇总时一并更新。",
)


GUIDE_WIDTH = 80  # characters: wrapped, within A4 portrait at 90 %


@dataclass(frozen=True)
class UnitRows:
    unit: str
    records: list[dict[str, object]]


LEAD = "_牵头单位"  # on a partner's row of a shared item: the lead, whose figure alone is merged
KIND = "_目标类型"  # the row's 目标类型 from 项目表: the file's formulas carry it as a constant
BASE = "_基期值"  # the row's 基期值 from 项目表 (a 清零 row's start), a constant too
EARLIER = "_节点前期计划"  # a 节点 row's plan 配置 节点严重滞后月数 months before: 严重滞后 below it


def file_name(year: int, month: int, unit: str) -> str:
    safe = re.sub(r'[\\/:*?"<>|\s]+', "_", unit).strip("._") or "单位"
    return f"{year}年{month}月填报表_{safe}.xlsx"


def unit_rows(master: Book, month: int, units: UnitDirectory | None = None) -> list[UnitRows]:
    """The month's rows per responsible unit, in sheet order; the plan and last month's inputs filled in."""
    units = units or from_book(master)
    sheet = master.month(month)
    previous = last_reported(master, month)  # each row from its last report, whatever month that was
    plan = master[L.PLAN_SHEET].by_key() if L.PLAN_SHEET in master else {}
    contacts = _contacts(master, units)
    kinds = of_book(master)
    severe = load_settings(master).node_severe  # 配置 节点严重滞后月数
    grouped: dict[str, list[dict[str, object]]] = {}
    for _, record in sheet.records():
        key = (str(record.get("项目编号") or "").strip(), str(record.get("指标") or "").strip())
        if not key[0]:
            continue
        row = {h: record.get(h) for h in L.month_headers(sheet.header)}
        row["本月计划累计"] = plan.get(key, (0, {}))[1].get(f"{month}月")
        row[KIND], row[BASE] = kinds.get(key, NONE)
        if row[KIND] == MILESTONE and month - severe >= L.MONTHS[0]:  # a node's plan then, as a constant
            row[EARLIER] = plan.get(key, (0, {}))[1].get(f"{month - severe}月")
        if all(is_blank(row.get(h)) for h in L.INPUT_COLUMNS) and key in previous:
            row.update({h: previous[key].get(h) for h in L.CARRIED})
        owners = responsible(record, units)
        for unit in owners:
            unit_row = dict(row)
            if unit != owners[0]:  # a partner of a shared item sees the lead's row, read-only
                unit_row[LEAD] = owners[0]
            person, phone = contacts.get(unit, (None, None))
            if is_blank(unit_row.get("填报人")):
                unit_row["填报人"] = person
            if is_blank(unit_row.get("联系电话")):
                unit_row["联系电话"] = phone
            grouped.setdefault(unit, []).append(unit_row)
    return [UnitRows(unit, rows) for unit, rows in grouped.items()]


def _contacts(master: Book, units: UnitDirectory) -> dict[str, tuple[object, object]]:
    if L.CONTACTS_SHEET not in master:
        return {}
    out = {}
    for _, record in master[L.CONTACTS_SHEET].records():
        name = units.canonical(str(record.get("单位") or "")) or str(record.get("单位") or "").strip()
        out[name] = (record.get("联系人"), record.get("联系电话"))
    return out


def contact_rows(master: Book, units: UnitDirectory) -> dict[object, list[object]]:
    """单位通讯录's rows by unit, read once: the first row that names a unit is its row."""
    out: dict[object, list[object]] = {}
    if L.CONTACTS_SHEET in master:
        for _, record in master[L.CONTACTS_SHEET].records():
            unit = units.canonical(str(record.get("单位") or "")) or record.get("单位")
            out.setdefault(unit, [record.get(h) for h in L.CONTACT_HEADERS])
    return out


def contact_row(rows: dict[object, list[object]], unit: str) -> list[object]:
    """A unit's row of ``contact_rows``, or a row with only its name."""
    return rows.get(unit) or [unit] + [None] * (len(L.CONTACT_HEADERS) - 1)


def opening(master: Book, out_dir: Path, units: UnitDirectory | None, settings: Settings | None,
            now: datetime | None) -> tuple[UnitDirectory, Settings, datetime, Path, str]:
    """What every form sent from the master starts from: the unit directory (default 配置's), the settings
    (default the master's), the time stamped in each seal (default now, to the second), ``out_dir`` made,
    and the master's id."""
    units = units or from_book(master)
    settings = settings or load_settings(master)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return units, settings, (now or datetime.now()).replace(microsecond=0), out_dir, master_id(master, settings.year)


def split_month(master: Book, month: int, out_dir: Path, *, units: UnitDirectory | None = None,
                settings: Settings | None = None, now: datetime | None = None) -> list[Path]:
    """Write one fill-in file per responsible unit into ``out_dir``; returns their paths."""
    units, settings, now, out_dir, ident = opening(master, out_dir, units, settings, now)
    contacts = contact_rows(master, units)
    paths = []
    for group in unit_rows(master, month, units):
        contact = contact_row(contacts, group.unit)
        seal = Seal({"格式": L.RETURN_FORMAT, "单位": group.unit, "年度": str(settings.year), "月份": str(month),
                     "模板版本": settings.template, "主台账": ident, "生成时间": now.isoformat(sep=" "),
                     "通讯录": contact_field(dict(zip(L.CONTACT_HEADERS, contact)))},
                    seal_rows(group.records))
        path = out_dir / file_name(settings.year, month, group.unit)
        write_return(path, month, group.records, seal, settings, contact, now)
        paths.append(path)
    return paths


def write_return(path: Path, month: int, records: list[dict[str, object]], seal: Seal, settings: Settings,
                 contact: list[object], now: datetime) -> Path:
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                           "strings_to_urls": False, "default_date_format": "yyyy-mm-dd"})
    book.set_properties({"title": f"{settings.year}年{month}月民生实事填报表（{seal.fields['单位']}）",
                         "author": "minsheng", "created": now})
    book.define_name("cfg_yellow", f"={settings.yellow}")
    book.define_name("cfg_red", f"={settings.red}")
    styles = cells.styles(book)
    _data_sheet(book, styles, month, records, settings)
    _contact_sheet(book, styles, contact)
    guide = book.add_worksheet(L.GUIDE_SHEET)
    guide.set_column(0, 0, GUIDE_WIDTH, styles["text"])
    for r, line in enumerate(GUIDE):
        guide.write_string(r, 0, line, styles["bold"] if r == 0 else styles["text"])
    cells.fit_rows(guide, [[line] for line in GUIDE[1:]], [GUIDE_WIDTH])
    cells.print_layout(guide, landscape=False, title=False)
    guide.protect("")
    seal.write_to(book)
    book.close()
    return path


def _data_sheet(book, styles, month: int, records: list[dict[str, object]], settings: Settings) -> None:
    """The unit's month sheet. A column's formula is made once for each (目标类型, 基期值, earlier plan)
    the rows have, those being written in as constants (``ColumnFormula``, as the builder does)."""
    sheet = book.add_worksheet(L.month_sheet(month), worksheet_class=FormulaSheet)
    headers = L.month_headers(records[0] if records else ())  # the master's shown columns, read-only
    formats = {h: styles["locked"] for h in headers}
    formats.update({"目标值": styles["locked_num"], "本月计划累计": styles["locked_num"], "完成率": styles["locked_pct"],
                    "年度投资(万元)": styles["locked_num"],
                    "时序进度": styles["locked_pct"], "累计完成": styles["input_num"], "形象进度": styles["input_pct"],
                    "填报日期": styles["input_date"], "联系电话": styles["input_text"],
                    **{h: styles["input"] for h in ("进展情况", "存在问题", "下步措施", "填报人")}})
    for c, header in enumerate(L.shown_headers(headers, settings.place.leader)):
        sheet.write_string(0, c, header, styles["bold"])
    read_only = {h: styles["locked_num"] if h == "累计完成" else styles["locked_pct"] if h == "形象进度" else styles["locked"]
                 for h in L.INPUT_COLUMNS}
    columns: dict[tuple, dict[str, ColumnFormula]] = {}
    for r, record in enumerate(records, start=1):
        earlier = record.get(EARLIER) if isinstance(record.get(EARLIER), (int, float)) else None
        constants = (record.get(KIND) or "", record.get(BASE), earlier)
        if constants not in columns:
            columns[constants] = {h: ColumnFormula(text) for h, text in month_formulas(month, MARK, *constants).items()}
        formulas = columns[constants]
        results = month_results(record, month, record.get(KIND) or "", settings.yellow, settings.red,
                                record.get(BASE), earlier)  # cached
        for c, header in enumerate(headers):
            fmt = read_only[header] if record.get(LEAD) and header in read_only else formats[header]
            if header == "本月计划累计" and record.get("目标值") is None:
                fmt = styles["locked_pct"]
            if header == "形象进度" and record.get(KIND) == MILESTONE:  # nodes are counted in 累计完成
                fmt = styles["locked_pct"]
            if header in ("完成率", "时序进度", "状态"):
                write_row_formula(sheet, r, c, RowFormula(formulas[header], r + 1), fmt, results[header])
            elif header == "联系电话" and isinstance(record.get(header), (int, float)):
                sheet.write_string(r, c, f"{record[header]:.0f}", fmt)
            else:
                cells.write(sheet, r, c, record.get(header), fmt)
    widths = cells.month_widths(headers)
    for c, width in enumerate(widths):
        sheet.set_column(c, c, width)
    cells.fit_rows(sheet, [[record.get(h) for h in headers] for record in records], widths)
    cells.lights(sheet, styles, len(records))
    cells.month_validation(sheet, len(records), settings.year)
    sheet.autofilter(0, 0, len(records), len(headers) - 1)
    sheet.freeze_panes(1, headers.index("指标") + 1)
    sheet.protect("", {"autofilter": True, "sort": True, "format_columns": True, "format_rows": True})
    cells.print_month(sheet)
    sheet.activate()


def _contact_sheet(book, styles, contact: list[object]) -> None:
    sheet = book.add_worksheet(L.CONTACTS_SHEET)
    for c, header in enumerate(L.CONTACT_HEADERS):
        sheet.write_string(0, c, header, styles["bold"])
    for c, (header, value) in enumerate(zip(L.CONTACT_HEADERS, contact)):
        cells.write(sheet, 1, c, value, styles["input_text"] if header in L.CONTACT_INPUTS else styles["locked"])
    sheet.set_column(0, 0, 26)
    sheet.set_column(1, 4, 16)  # 26 + 4 × 16 characters: one A4 landscape page at 90 %
    cells.print_layout(sheet)
    sheet.protect("")

