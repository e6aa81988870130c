"""生成主台账: a master workbook from a catalogue (CSV or XLSX; the embedded 2024 list by default)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from minsheng.builder.master import build as build_master
from minsheng.check.findings import Finding, make
from minsheng.engines.disk import atomic_write
from minsheng.model import catalogue as cat
from minsheng.model import plan as plans
from minsheng.notice import review, targets
from minsheng.model import directory as D
from minsheng.model.place import DEFAULT_REGION, Place, region_named
from minsheng.model.units import UnitError, default as default_units


class Refused(ValueError):
    """The master was not built; the message says why."""


@dataclass
class Built:
    out: Path
    catalogue: cat.Catalogue
    backup: Path | None
    place: Place = Place()
    warnings: list[Finding] = field(default_factory=list)  # names that look like one unit, 完成时限 not read

    @property
    def indicators(self) -> int:
        return sum(len(item.indicators) for item in self.catalogue.items)


def build(out: Path, catalog: Path | None = None, year: int | None = None, *, force: bool = False,
          units: Path | None = None, region: str | None = None, office: str | None = None) -> Built:
    """Raises ``Refused`` (not .xlsm, an unreadable catalogue or directory, an existing master
    without ``force``) or ``WorkbookBusy``.

    The embedded list keeps the embedded 微山 directory; any other catalogue's units are its own
    names, with the county's ``units`` file (单位, 简称/别名, 联系人, 联系电话, 电子邮箱) as aliases
    and contacts. ``region`` and ``office`` are kept in 配置 for every text the product writes; without ``region``
    the place is the one the catalogue's file name starts with (城关区2026年民生实事.csv), blank when it
    names none, 微山县 for the embedded list."""
    if out.suffix.lower() != ".xlsm":
        raise Refused(f"输出文件应为 .xlsm（带宏的工作簿），现为 {out.name}")
    if catalog is not None and catalog.is_file():
        try:
            marked = review.marked(catalog)
        except (OSError, ValueError) as e:
            raise Refused(f"无法读取目录：{e}") from None
    else:
        marked = []
    try:
        catalogue = cat.load(catalog, year, targets.read)
    except (cat.CatalogueError, OSError) as e:
        if marked and len(getattr(e, "problems", ())) <= len(marked):  # only the marks: say so, row by row
            raise _still_marked(catalog, marked) from None
        raise Refused(f"无法读取目录：{e}") from None  # every problem at once, the marks among them
    if marked:
        raise _still_marked(catalog, marked)
    own = region_named(Path(catalog).name) if catalog else DEFAULT_REGION  # the catalogue's place, never 微山's
    place = Place(region.strip() if region and region.strip() else own, (office or "").strip())
    try:
        given = D.read_csv(units) if units else None
    except (UnitError, OSError) as e:
        raise Refused(f"无法读取单位通讯录：{e}") from None
    names = [u for item in catalogue.items for u in (*item.units, *item.co_units)]
    if catalog is None and given is None:
        directory, entries, warnings = default_units(), [], []
    else:
        directory, entries = D.for_catalogue(names, given)
        source = Path(catalog).name if catalog else "内置目录"
        warnings = [make("unit-lookalike", file=source, first=a, second=b, first_at=_first_item(catalogue, a, directory),
                         second_at=_first_item(catalogue, b, directory))
                    for a, b in D.lookalikes(names, directory, place.region)]
    warnings += deadlines_unread(catalogue, Path(catalog).name if catalog else "内置目录")
    if out.exists() and not force:
        raise Refused(f"{out} 已存在。主台账建成后以其中的数据为准，重建会丢失已填内容；"
                      "确需重建请加 --force（会先备份）。")
    out.parent.mkdir(parents=True, exist_ok=True)
    backup = atomic_write(out, lambda tmp: build_master(catalogue, tmp, directory, place=place, contacts=entries))
    return Built(out, catalogue, backup, place, warnings)


def _first_item(catalogue: cat.Catalogue, unit: str, directory) -> str:
    """Where a unit is first named: ``项目 3-2 责任单位``."""
    for item in catalogue.items:
        for column, names in (("责任单位", item.units), ("协办单位", item.co_units)):
            if any((directory.canonical(n) or n) == unit for n in names):
                return f"项目 {item.id} {column}"
    return "单位通讯录"


def _still_marked(catalog: Path, marked: list[str]) -> Refused:
    return Refused(f"{catalog.name} 中还有 {len(marked)} 行标着“需核对”，未生成主台账。"
                   "请逐行核对并改好，再清空“需核对”一格：\n" + "\n".join(marked))


def deadlines_unread(catalogue: cat.Catalogue, source: str) -> list[Finding]:
    """A 完成时限 that names no month the plan can end at ("长期", "持续推进"): the default plan runs
    linear to December, and the clerk is told so, with the cell."""
    return [make("deadline-unread", file=source, cell=item.deadline_at, item=item.id, at=item.deadline_at,
                 raw=item.deadline)
            for item in catalogue.items
            if item.deadline.strip() and plans.deadline_month(item.deadline, catalogue.year) is None]
