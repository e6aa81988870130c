"""The project list: categories, items, their units and indicators.

A catalogue is a table with one row per indicator, in the columns of
``CATALOGUE_COLUMNS``; an item's own fields repeat on each of its rows. The same
columns are the master's 项目表 sheet, so a catalogue reads alike from the
embedded CSV, from a clerk's CSV or XLSX, and from a built master.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

CATALOGUE_COLUMNS = ("项目编号", "项目类别", "项目内容", "分管县领导", "责任单位", "协办单位", "指标", "目标值", "计量单位")
LIST_SEPARATOR = "、"
QUALITATIVE = "形象进度"  # the indicator of an item without a number: tracked 0–100 %

_ID = re.compile(r"^(\d+)-(\d+)$")


class CatalogueError(ValueError):
    """A catalogue row that cannot be read; the message names the row."""


@dataclass(frozen=True)
class Indicator:
    name: str
    target: float | None  # None: qualitative, tracked by 形象进度
    measure: str

    @property
    def qualitative(self) -> bool:
        return self.target is None


@dataclass(frozen=True)
class Item:
    id: str
    category: str
    content: str
    leader: str
    units: tuple[str, ...]  # responsible units; most items have one
    co_units: tuple[str, ...]
    indicators: tuple[Indicator, ...]

    @property
    def category_no(self) -> int:
        return int(self.id.split("-")[0])


@dataclass(frozen=True)
class Catalogue:
    year: int
    items: tuple[Item, ...]

    @property
    def categories(self) -> list[str]:
        return list(dict.fromkeys(item.category for item in self.items))

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def rows(self) -> list[dict[str, object]]:
        """One dict per indicator, in ``CATALOGUE_COLUMNS``."""
        return [
            {
                "项目编号": item.id,
                "项目类别": item.category,
                "项目内容": item.content,
                "分管县领导": item.leader,
                "责任单位": LIST_SEPARATOR.join(item.units),
                "协办单位": LIST_SEPARATOR.join(item.co_units),
                "指标": ind.name,
                "目标值": ind.target,
                "计量单位": ind.measure,
            }
            for item in self.items
            for ind in item.indicators
        ]

    def indicator_keys(self) -> list[tuple[str, str]]:
        """(项目编号, 指标) for each indicator: how rows are found in every sheet."""
        return [(item.id, ind.name) for item in self.items for ind in item.indicators]


def split_list(text: str) -> tuple[str, ...]:
    from minsheng.model.units import split_units  # a list of units splits alike everywhere

    return tuple(split_units(text or "", spaces=True))


def from_rows(rows: list[dict[str, object]], year: int, source: str = "目录") -> Catalogue:
    """Group indicator rows into items, in the order they come."""
    items: dict[str, dict] = {}
    for n, row in enumerate(rows, start=2):
        missing = [c for c in CATALOGUE_COLUMNS if c not in row]
        if missing:
            raise CatalogueError(f"{source}: 缺少列 {'、'.join(missing)}")
        item_id = str(row["项目编号"] or "").strip()
        if not item_id and not any(str(v or "").strip() for v in row.values()):
            continue
        if not _ID.match(item_id):
            raise CatalogueError(f"{source} 第{n}行: 项目编号“{item_id}”应为“类别号-序号”，如 1-1")
        name = str(row["指标"] or "").strip() or QUALITATIVE
        target = _target(row["目标值"], f"{source} 第{n}行")
        indicator = Indicator(name, None if name == QUALITATIVE else target, str(row["计量单位"] or "").strip())
        if name != QUALITATIVE and target is None:
            raise CatalogueError(f"{source} 第{n}行: 指标“{name}”缺少目标值")
        entry = items.setdefault(item_id, {
            "id": item_id,
            "category": str(row["项目类别"]).strip(),
            "content": str(row["项目内容"]).strip(),
            "leader": str(row["分管县领导"]).strip(),
            "units": split_list(str(row["责任单位"] or "")),
            "co_units": split_list(str(row["协办单位"] or "")),
            "indicators": [],
        })
        if any(i.name == name for i in entry["indicators"]):
            raise CatalogueError(f"{source} 第{n}行: 项目 {item_id} 的指标“{name}”重复")
        entry["indicators"].append(indicator)
    return Catalogue(year, tuple(Item(**{**e, "indicators": tuple(e["indicators"])}) for e in items.values()))


def _target(value: object, where: str) -> float | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        number = float(str(value).replace(",", ""))
    except ValueError:
        raise CatalogueError(f"{where}: 目标值“{value}”不是数字") from None
    if number <= 0:
        raise CatalogueError(f"{where}: 目标值应大于 0，现为 {value}")
    return number


def load(path: str | Path | None = None, year: int | None = None) -> Catalogue:
    """Read a catalogue from CSV, XLSX/XLSM (sheet 项目表, else the first), or the embedded 2024 list."""
    if path is None:
        text = resources.files("minsheng.data").joinpath("catalogue2024.csv").read_text("utf-8")
        return from_rows(list(csv.DictReader(text.splitlines())), 2024, "catalogue2024.csv")
    path = Path(path)
    if year is None:
        found = re.search(r"(20\d\d)", path.name)
        year = int(found.group(1)) if found else None
    if year is None:
        raise CatalogueError(f"{path.name}: 无法从文件名得知年份，请用 --year 指定")
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as f:
            return from_rows(list(csv.DictReader(f)), year, path.name)
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book["项目表"] if "项目表" in book.sheetnames else book.worksheets[0]
        values = list(sheet.iter_rows(values_only=True))
    finally:
        book.close()
    header = [str(h).strip() if h is not None else "" for h in values[0]] if values else []
    return from_rows([dict(zip(header, v)) for v in values[1:]], year, f"{path.name}/{sheet.title}")
