"""Settings from the master's 配置 sheet, with the layout's defaults for what is missing.

Settings live in the config sheet (STYLE: config sheet, then a file beside the
workbook, then the user's profile); passwords never live in a workbook.
"""

from __future__ import annotations

from dataclasses import dataclass

from minsheng.model import cadence as cadence_mod
from minsheng.model import layout as L
from minsheng.model.book import Book
from minsheng.model.milestones import SEVERE_MONTHS
from minsheng.model.place import DEFAULT_REGION, Place, default_office


@dataclass(frozen=True)
class Settings:
    year: int = 2024
    yellow: float = 0.10
    red: float = 0.30
    escalate: int = 2
    overshoot: float = 3.0
    due_day: int = 5
    template: str = "2024.1"
    backup_keep: int = 10
    backup_days: int = 30
    region: str = DEFAULT_REGION
    office: str = default_office(DEFAULT_REGION)  # blank in 配置: derived from the region
    unit_match: str = "宽松"
    cadence: str = cadence_mod.MONTHLY  # 报送周期: 月 or 季 (``model.cadence``)
    node_severe: int = SEVERE_MONTHS  # 节点严重滞后月数: months a node is overdue before 严重滞后 (>= 0)

    @property
    def place(self) -> Place:
        return Place(self.region, self.office)


def _cadence(value: object) -> str:
    found = cadence_mod.read(value)
    if found is None:
        raise ValueError(value)  # not 月 or 季: the default stays
    return found


def _months(value: object) -> int:
    """A whole number of months, 0 or more, as the native formulas read it (INT, never below 0)."""
    if isinstance(value, bool):
        raise ValueError(value)
    return max(0, int(float(value)))


_FIELDS = {"年度": ("year", int), "黄灯阈值": ("yellow", float), "红灯阈值": ("red", float),
           "连续黄灯升红": ("escalate", int), "超目标倍数": ("overshoot", float),
           "报送截止日": ("due_day", int), "模板版本": ("template", str),
           "备份保留份数": ("backup_keep", int), "备份保留天数": ("backup_days", int),
           "地区": ("region", str), "督查室": ("office", str), "单位名称匹配": ("unit_match", str),
           "报送周期": ("cadence", _cadence), "节点严重滞后月数": ("node_severe", _months)}


def load(book: Book) -> Settings:
    """Read 配置; a value that is missing or not a number keeps its default."""
    values = {}
    if L.CONFIG_SHEET in book:
        for _, record in book[L.CONFIG_SHEET].records():
            key = str(record.get("设置") or "").strip()
            if key in _FIELDS:
                name, kind = _FIELDS[key]
                if kind is str and (record.get("值") is None or not str(record.get("值")).strip()):
                    if name == "region":  # a blank 地区 names no place: never the embedded list's
                        values[name] = ""
                    continue
                try:
                    values[name] = kind(record.get("值")) if kind is not str else str(record.get("值")).strip()
                except (TypeError, ValueError):
                    continue
    values.setdefault("office", default_office(values.get("region", DEFAULT_REGION)))
    return Settings(**values)


assert {s.key for s in L.SETTINGS} == set(_FIELDS), "layout.SETTINGS and settings._FIELDS must agree"
assert next(s.default for s in L.SETTINGS if s.key == "节点严重滞后月数") == SEVERE_MONTHS, "one default for 节点严重滞后月数"
