"""The project list read from a table: categories, items, their units and indicators.

The values (``Catalogue``, ``Item``, ``Indicator``, ``Target``) are ``minsheng.model.items``,
re-exported here. A catalogue is a table with one row per indicator, in the columns of
``CATALOGUE_COLUMNS``; an item's own fields repeat on each of its rows. The same
columns are the master's 项目表 sheet, so a catalogue reads alike from the
embedded CSV, from a clerk's CSV or XLSX, and from a built master.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import replace
from datetime import date, datetime, time
from typing import Callable
from importlib import resources
from pathlib import Path

from minsheng.model import milestones
from minsheng.model.items import (CATALOGUE_COLUMNS, KINDS, LIST_SEPARATOR, OPTIONAL_COLUMNS, QUALITATIVE, Catalogue,
                                  CatalogueError, Indicator, Item, Target, part_name, part_of, plain_target,
                                  split_list)
from minsheng.model.text import cell_text

__all__ = ["CATALOGUE_COLUMNS", "IMPORT_COLUMNS", "KINDS", "LIST_SEPARATOR", "OPTIONAL_COLUMNS", "QUALITATIVE",
           "REQUIRED_COLUMNS", "SYNONYMS", "Catalogue", "CatalogueError", "Indicator", "Item", "Target",
           "from_rows", "header_name", "load", "part_name", "part_of", "plain_target", "split_list"]

REQUIRED_COLUMNS = ("项目编号", "责任单位")
CELL_MAX = 32767  # characters an Excel cell holds
# The notices' own headers for our columns (compared without spaces and brackets' width).
SYNONYMS = {
    "牵头单位": "责任单位", "责任部门": "责任单位", "牵头部门": "责任单位",
    "配合单位": "协办单位", "配合部门": "协办单位",
    "分管领导": "分管县领导", "区政府分管领导": "分管县领导", "牵头县领导": "分管县领导",
    "责任领导": "分管县领导", "县政府分管领导": "分管县领导", "牵头区领导": "分管县领导", "分管区领导": "分管县领导",
    "事项名称": "项目名称", "建设内容": "项目内容", "目标任务": "项目内容", "序号": "项目编号", "编号": "项目编号",
    "类别": "项目类别", "目标": "目标值", "单位": "计量单位", "年度投资": "年度投资(万元)",
    "年度计划投资(万元)": "年度投资(万元)", "计划投资(万元)": "年度投资(万元)",
    "项目内容及工作目标": "项目内容", "民生实事": "项目内容", "主要内容": "项目内容", "类型": "项目类别",
    "实施单位": "责任单位", "协办部门": "协办单位", "建设时间": "完成时限", "投资计划(万元)": "年度投资(万元)",
    "基数": "基期值", "基期数": "基期值",
}  # the notice import (notice/table.py) finds a notice's header by these same names
# Columns another tool (the notice import) writes: 原文 is kept aside, a non-empty 需核对 stops the build.
IMPORT_COLUMNS = ("原文", "需核对")


def header_name(header: object) -> str:
    """Our column for a notice's header: spaces dropped, brackets made half-width, synonyms mapped."""
    text = re.sub(r"\s+", "", str(header or "")).replace("（", "(").replace("）", ")")
    return SYNONYMS.get(text, text)


def from_rows(rows: list[dict[str, object]], year: int, source: str = "目录",
              read_target: Callable[[object, str], Target] = plain_target,
              columns: dict[str, str] | None = None) -> Catalogue:
    """Group indicator rows into items, in the order they come; every problem is listed at once.

    ``columns`` names each column's letter (for messages naming cells); ``read_target`` reads a
    目标值 cell (the builder hands in the returns' parser, which ``model`` may not import)."""
    rows = [{header_name(k): v for k, v in row.items() if k is not None and str(k).strip()} for row in rows]
    seen = list(dict.fromkeys(k for row in rows for k in row))
    known = set(CATALOGUE_COLUMNS) | set(OPTIONAL_COLUMNS) | set(IMPORT_COLUMNS)
    notes = [f"{source}: 未识别的列“{k}”已略过" for k in seen if k not in known]
    missing = [c for c in REQUIRED_COLUMNS if c not in seen]
    if "项目内容" not in seen and "项目名称" not in seen:
        missing.append("项目内容")
    if missing:
        raise CatalogueError(f"{source}: 缺少列 {'、'.join(missing)}",
                             ("可用的列名：" + "、".join(CATALOGUE_COLUMNS + OPTIONAL_COLUMNS)
                              + "；同义列名如 牵头单位、配合单位、责任领导、事项名称、建设内容 也可识别",))
    letter = columns or {}
    problems: list[str] = []

    def at(n: int, header: str) -> str:
        return f"{source} {letter.get(header, '')}{n}" if header in letter else f"{source} 第{n}行"

    items: dict[str, dict] = {}
    for n, row in enumerate(rows, start=2):
        text = {k: cell_text(v) for k, v in row.items()}
        if not any(text.values()):
            continue
        too_long = [f"{at(n, k)}: “{k}”有 {len(v)} 个字符，超过 Excel 一个单元格能存的 {CELL_MAX} 个——请精简到 "
                    f"{CELL_MAX} 个字符以内，详细内容可另附说明" for k, v in text.items() if len(v) > CELL_MAX]
        if too_long:  # XlsxWriter would cut it without a word
            problems.extend(too_long)
            continue
        item_id = text.get("项目编号", "")
        if text.get("需核对"):
            problems.append(f"{at(n, '需核对')}: 需核对“{text['需核对']}”——请核对原文后清空“需核对”再生成")
        if not item_id:
            problems.append(f"{at(n, '项目编号')}: 缺少项目编号——请填写通知中的编号，如 1、一、(三)、1-1")
            continue
        measure = text.get("计量单位", "")
        name = text.get("指标", "") or QUALITATIVE
        if text.get("目标类型") == "清零" and _number_or_text(row.get("目标值")) == 0:
            target = Target(0.0, "清零")  # down to zero: a built master's 清零 row holds 0, not a missing target
        else:
            target = read_target(row.get("目标值"), measure)
        if target.problem:
            problems.append(f"{at(n, '目标值')}: {target.problem}——{target.hint}")
            continue
        if name != QUALITATIVE and target.value is None and target.kind not in ("清零", "节点"):
            problems.append(f"{at(n, '目标值')}: 指标“{name}”缺少目标值——请填写目标，如 3000、1.4万、95%；"
                            "没有数量目标的请把指标写为“形象进度”")
            continue
        base = _number_or_text(row.get("基期值"))
        if isinstance(base, str) or (base is not None and base <= 0):
            problems.append(f"{at(n, '基期值')}: 基期值“{text.get('基期值')}”应为大于 0 的数字——"
                            "请填写基期的数量（如年初在册 12 户），不带单位；没有基期值请留空")
            continue
        investment = _number_or_text(row.get("年度投资(万元)"))
        if isinstance(investment, float) and investment < 0:
            problems.append(f"{at(n, '年度投资(万元)')}: 年度投资“{text.get('年度投资(万元)')}”是负数——请填写本年度"
                            "计划投资的万元数（如 3600），不带单位；没有投资或不清楚请留空")
            continue
        raw_target = text.get("目标值", "")
        kind = text.get("目标类型", "") if text.get("目标类型", "") in KINDS else target.kind  # said outright wins
        nodes, problem = milestones.read(row.get("节点"))
        if problem or (nodes and kind not in ("", "节点", "累计")):
            problems.append(f"{at(n, '节点')}: {problem or f'目标类型“{kind}”的指标不设节点'}——{milestones.HINT}")
            continue
        if nodes:  # a count of nodes done: 目标值 is their number (see model/milestones.py)
            kind, measure, target = "节点", milestones.MEASURE, Target(float(len(nodes)), "节点")
            name = milestones.INDICATOR if name == QUALITATIVE else name
        indicator = Indicator(name, None if name == QUALITATIVE else target.value,
                              measure or target.measure, kind,
                              raw_target if target.kind and raw_target else "", base=base, nodes=nodes)
        entry = items.setdefault(item_id, {
            "id": item_id, "category": text.get("项目类别", ""),
            "content": text.get("项目内容", "") or text.get("项目名称", ""), "leader": text.get("分管县领导", ""),
            "units": split_list(text.get("责任单位", "")), "co_units": split_list(text.get("协办单位", "")),
            "name": text.get("项目名称", ""), "place": text.get("建设地点", ""), "deadline": text.get("完成时限", ""),
            "investment": investment, "remark": text.get("备注", ""),
            "indicators": [], "row": n, "own": {},
            "deadline_at": f"{letter['完成时限']}{n}" if "完成时限" in letter else f"第{n}行"})
        own = split_list(text.get("责任单位", ""))
        if part_of(name, own):  # a built master's 项目表 gives a sub-target by its row's name
            indicator = replace(indicator, units=own, part_of=part_of(name, own))
        elif any(i.name == name or i.part_of == name for i in entry["indicators"]):
            indicator = _sub_target(entry, indicator, own)
            if indicator is None:
                problems.append(f"{at(n, '指标')}: 项目 {item_id} 的指标“{name}”重复——同一项目的指标名称应各不相同"
                                "；如为另一项目，请改用不同的项目编号；如为分解到各单位的子目标，请每行只填一个责任单位"
                                "并各填目标值")
                continue
        entry["own"].setdefault(name, own)
        entry["units"] = tuple(dict.fromkeys((*entry["units"], *indicator.units)))
        entry["indicators"].append(indicator)
    orphans = [f"{at(e['row'], '责任单位')}: 项目 {e['id']} 没有责任单位——请在“责任单位”列填写牵头单位"
               "（多个单位用“、”分隔，列第一位者为牵头单位）" for e in items.values() if not e["units"]]
    problems.extend(orphans)
    if problems:
        raise CatalogueError(f"{source}: {len(problems)} 处无法生成主台账，请逐一修改后重试：", tuple(problems))
    return Catalogue(year, tuple(_item(e) for e in items.values()), tuple(notes))


def _item(entry: dict) -> Item:
    fields = {k: v for k, v in entry.items() if k not in ("row", "indicators", "own")}
    return Item(**fields, indicators=tuple(entry["indicators"]))


def _sub_target(entry: dict, indicator: Indicator, own: tuple[str, ...]) -> Indicator | None:
    """A repeated indicator with one unit of its own per row and a target on each is a sub-target:
    each unit reports its own part (its row named ``part_name``); the first such row becomes a part
    too. Anything else repeated is a mistake (None)."""
    name, found = indicator.name, entry["indicators"]
    first = next((k for k, i in enumerate(found) if i.name == name), None)
    if first is not None:  # the first row of this indicator becomes the first part
        units = entry["own"].get(name, ())
        if len(units) != 1 or found[first].target is None:
            return None
        found[first] = replace(found[first], name=part_name(name, units[0]), units=units, part_of=name)
    taken = {u for i in found if i.part_of == name for u in i.units}
    if len(own) != 1 or own[0] in taken or indicator.target is None:
        return None
    return replace(indicator, name=part_name(name, own[0]), units=own, part_of=name)


def _number_or_text(value: object) -> object:
    if value is None or str(value).strip() == "":
        return None
    try:
        number = float(str(value).replace(",", "").removesuffix("%"))  # 90% (a percentage cell): 90
    except ValueError:
        return str(value).strip()
    return number if math.isfinite(number) else str(value).strip()  # inf, nan: kept as written


def load(path: str | Path | None = None, year: int | None = None,
         read_target: Callable[[object, str], Target] = plain_target) -> Catalogue:
    """Read a catalogue from CSV, XLSX/XLSM (sheet 项目表, else the first), or the embedded 2024 list.

    In an .xlsx, a merged cell's value fills every cell of its range (a pasted notice table)."""
    if path is None:
        text = resources.files("minsheng.data").joinpath("catalogue2024.csv").read_text("utf-8")
        return from_rows(list(csv.DictReader(text.splitlines())), 2024, "catalogue2024.csv", read_target)
    path = Path(path)
    if year is None:
        found = re.search(r"(20\d\d)", path.name)
        year = int(found.group(1)) if found else None
    if year is None:
        raise CatalogueError(f"{path.name}: 无法从文件名得知年份，请用 --year 指定")
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f)
            values = [tuple(r) for r in reader]
        return _from_values(values, year, path.name, read_target)
    from openpyxl import load_workbook

    book = load_workbook(path, data_only=True)
    try:
        sheet = book["项目表"] if "项目表" in book.sheetnames else book.worksheets[0]
        values = [[_shown(c) for c in r] for r in sheet.iter_rows()]
        for merged in sheet.merged_cells.ranges:
            top = values[merged.min_row - 1][merged.min_col - 1]
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    values[r - 1][c - 1] = top
    finally:
        book.close()
    return _from_values(values, year, f"{path.name}/{sheet.title}", read_target)


def _shown(cell) -> object:
    """A cell's value; a number formatted as a percentage as the text it shows (0.95 under 0% → "95%"),
    since the clerk's 95% is 95 (%), not 0.95; a date as the notices write one ("2024年6月30日", with
    " 10:30" when it holds a time), which ``model.plan.deadline_month`` reads, not "2024-06-30 00:00:00"."""
    value = cell.value
    if isinstance(value, (datetime, date)):
        day = f"{value.year}年{value.month}月{value.day}日"
        return f"{day} {value:%H:%M}" if isinstance(value, datetime) and value.time() != time() else day
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in (cell.number_format or ""):
        return f"{round(value * 100, 9):.15g}%"
    return value


def _from_values(values: list, year: int, source: str, read_target) -> Catalogue:
    """A table's rows (the first is the header) as a catalogue, cells named by their letter."""
    from openpyxl.utils import get_column_letter

    header = [str(h).strip() if h is not None else "" for h in values[0]] if values else []
    letters = {header_name(h): get_column_letter(c) for c, h in enumerate(header, start=1) if h}
    rows = [dict(zip(header, v)) for v in values[1:]]
    return from_rows(rows, year, source, read_target, letters)
