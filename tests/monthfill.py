"""Fill a built master's months the way a unit clerk would: by indicator and header, through openpyxl."""

from __future__ import annotations

import datetime as dt
from pathlib import Path


from minsheng.model import layout as L
from minsheng.engines.file import read_master
from minsheng.check.validate import validate_book
from xlsm_book import load_xlsm

GOOD_TEXT = {"进展情况": "按计划推进", "存在问题": "无", "下步措施": "继续按计划推进",
             "填报人": "张敏", "联系电话": "0537-8221234"}


def good_rows(master: Path, month: int) -> dict[tuple[str, str], dict[str, object]]:
    """Every indicator exactly on plan for ``month``, with the texts a careful clerk types."""
    book = read_master(master)
    plan = book[L.PLAN_SHEET]
    rows = {}
    for key, (_, record) in plan.by_key().items():
        value = record[f"{month}月"]
        header = "形象进度" if record["目标值"] is None else "累计完成"
        rows[key] = {header: value, **GOOD_TEXT, "填报日期": dt.datetime(2024, month + 1, 2)}
    return rows


class Text(str):
    """Typed into a cell formatted as text: kept as a string even when it looks like a formula or an error."""


def type_into(master: Path, month: int, rows: dict[tuple[str, str], dict[str, object]]) -> None:
    """Set cells found by (项目编号, 指标) and header text; None empties a cell."""
    book = load_xlsm(master)
    sheet = book[L.month_sheet(month)]
    headers = {c.value: c.column for c in sheet[1]}
    where = {(sheet.cell(r, headers["项目编号"]).value, sheet.cell(r, headers["指标"]).value): r
             for r in range(2, sheet.max_row + 1)}
    for key, values in rows.items():
        for header, value in values.items():
            target = sheet.cell(where[key], headers[header])
            target.value = value
            if isinstance(value, Text):
                target.data_type = "s"
    book.save(master)


def cell(master: Path, month: int, key: tuple[str, str], header: str) -> str:
    sheet = read_master(master).month(month)
    return sheet.address(sheet.by_key()[key][0], header)


def validate(master: Path, month: int = 3):
    return validate_book(read_master(master), month)
