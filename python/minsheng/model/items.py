"""The list's values: items, their units and indicators, and the catalogue that holds them.

An ``Item`` is one 民生实事 project as the notice numbers it; each ``Indicator`` is one row of the
catalogue (and of every month sheet), found by (项目编号, 指标). A sub-target is one row per unit
for the same indicator, named ``part_name``. Reading a table into these values is
``minsheng.model.catalogue``, which also re-exports them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from minsheng.model import milestones
from minsheng.model.text import cell_text

CATALOGUE_COLUMNS = ("项目编号", "项目类别", "项目内容", "分管县领导", "责任单位", "协办单位", "指标", "目标值", "计量单位")
# Optional columns a notice may have; the 项目表 carries them after the base columns.
# 目标类型 is what the 目标值 wording implied (累计/达到/以内/清零/金额/节点), kept for the targets issue.
OPTIONAL_COLUMNS = ("项目名称", "建设地点", "完成时限", "年度投资(万元)", "备注", "目标类型", "基期值", "节点")
# 节点: a 节点 row's milestones as the notice writes them (动工 3月底；主体完工 8月底), see model/milestones.py
LIST_SEPARATOR = "、"
KINDS = ("累计", "达到", "以内", "清零", "金额", "节点")  # 目标类型: see builder/targets.py and model/formulas.py
QUALITATIVE = "形象进度"  # the indicator of an item without a number: tracked 0–100 %


class CatalogueError(ValueError):
    """A catalogue that cannot be built; ``problems`` lists every row at fault (cell: what, hint)."""

    def __init__(self, message: str, problems: tuple[str, ...] = ()):
        super().__init__("\n".join([message, *problems]) if problems else message)
        self.problems = problems


@dataclass(frozen=True)
class Indicator:
    name: str
    target: float | None  # None: qualitative, tracked by 形象进度
    measure: str
    kind: str = ""  # 目标类型 (累计/达到/以内/清零/金额/节点), blank when not said
    target_text: str = ""  # the notice's wording when it was not a plain number
    units: tuple[str, ...] = ()  # a sub-target's own unit; blank: the item's units
    part_of: str = ""  # a sub-target: the indicator it is a part of (named ``part_name(part_of, unit)``)
    base: float | None = None  # 基期值: where a 清零 (or 达到) row starts from; None when not given
    nodes: tuple = ()  # 节点 (``milestones.Node``): a 节点 row's milestones in order; 目标值 is their number

    @property
    def qualitative(self) -> bool:
        return self.target is None


@dataclass(frozen=True)
class Item:
    id: str  # the notice's own number: any text, unique per item
    category: str
    content: str
    leader: str  # 分管县领导 as written: blank, one name, or several joined by 、
    units: tuple[str, ...]  # responsible units, the first listed leads
    co_units: tuple[str, ...]
    indicators: tuple[Indicator, ...]
    name: str = ""  # 项目名称: the short name the bulletin and the dashboard use
    place: str = ""
    deadline: str = ""
    investment: object = None
    remark: str = ""
    deadline_at: str = field(default="", compare=False)  # the 完成时限 cell in the catalogue: "F3" or "第3行"

    @property
    def leaders(self) -> tuple[str, ...]:
        return split_list(self.leader)

    @property
    def label(self) -> str:
        return self.name or self.content

    def units_of(self, indicator: Indicator) -> tuple[str, ...]:
        """Who reports the indicator's row: a sub-target's own unit, else the item's units."""
        return indicator.units or self.units


@dataclass(frozen=True)
class Catalogue:
    year: int
    items: tuple[Item, ...]
    notes: tuple[str, ...] = ()  # what was read leniently or left aside (unknown columns)

    @property
    def categories(self) -> list[str]:
        return list(dict.fromkeys(item.category for item in self.items))

    def category_no(self, item: Item) -> int:
        return self.categories.index(item.category) + 1

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def rows(self) -> list[dict[str, object]]:
        """One dict per indicator, in ``CATALOGUE_COLUMNS + OPTIONAL_COLUMNS``."""
        return [
            {
                "项目编号": item.id,
                "项目类别": item.category,
                "项目内容": item.content,
                "分管县领导": item.leader,
                "责任单位": LIST_SEPARATOR.join(item.units_of(ind)),
                "协办单位": LIST_SEPARATOR.join(item.co_units),
                "指标": ind.name,
                "目标值": ind.target,
                "计量单位": ind.measure,
                "项目名称": item.name,
                "建设地点": item.place,
                "完成时限": item.deadline,
                "年度投资(万元)": item.investment,
                "备注": item.remark,
                "目标类型": ind.kind,
                "基期值": ind.base,
                "节点": milestones.text(ind.nodes),
            }
            for item in self.items
            for ind in item.indicators
        ]

    def filled(self) -> tuple[str, ...]:
        """The ``OPTIONAL_COLUMNS`` some item fills (blank on every row: not filled)."""
        values = {"项目名称": "name", "建设地点": "place", "完成时限": "deadline", "年度投资(万元)": "investment",
                  "备注": "remark"}
        out = [h for h, field in values.items() if any(cell_text(getattr(i, field)) for i in self.items)]
        if any(ind.kind for item in self.items for ind in item.indicators):
            out.append("目标类型")
        if any(ind.nodes for item in self.items for ind in item.indicators):
            out.append("节点")
        return tuple(h for h in OPTIONAL_COLUMNS if h in out)

    def indicator_keys(self) -> list[tuple[str, str]]:
        """(项目编号, 指标) for each indicator: how rows are found in every sheet."""
        return [(item.id, ind.name) for item in self.items for ind in item.indicators]


class Target(NamedTuple):
    """What a 目标值 cell says: a number (None: none), its kind, a measure it named; or a problem."""
    value: float | None
    kind: str = ""
    measure: str = ""
    problem: str = ""  # the message; blank when read
    hint: str = ""


def plain_target(raw: object, measure: str) -> Target:
    """The reader for built masters and plain catalogues: a number > 0 or blank."""
    if raw is None or str(raw).strip() == "":
        return Target(None)
    try:
        number = float(str(raw).replace(",", ""))
    except ValueError:
        return Target(None, problem=f"目标值“{raw}”不是数字", hint="请填写数字，如 3000")
    if number <= 0:
        return Target(None, problem=f"目标值应大于 0，现为 {raw}", hint="没有数量目标的指标请留空（按形象进度考核）")
    return Target(number, "累计")


def part_name(indicator: str, unit: str) -> str:
    """The row of one unit's sub-target: 指标 and unit, so each row keeps its own key everywhere."""
    return f"{indicator}（{unit}）"


def part_of(name: str, units: tuple[str, ...]) -> str:
    """The indicator a row named by ``part_name`` is a part of; blank for any other row."""
    if len(units) == 1 and name.endswith(f"（{units[0]}）") and len(name) > len(units[0]) + 2:
        return name[: -len(units[0]) - 2]
    return ""


def split_list(text: str) -> tuple[str, ...]:
    from minsheng.model.units import split_units  # a list of units splits alike everywhere

    return tuple(split_units(text or "", spaces=True))
