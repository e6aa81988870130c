"""生成主台账: a master workbook from a catalogue (CSV or XLSX; the embedded 2024 list by default)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from minsheng.notice import review, targets
from minsheng.builder.master import build as build_master
from minsheng.engines.disk import atomic_write
from minsheng.model import catalogue as cat


class Refused(ValueError):
    """The master was not built; the message says why."""


@dataclass
class Built:
    out: Path
    catalogue: cat.Catalogue
    backup: Path | None

    @property
    def indicators(self) -> int:
        return sum(len(item.indicators) for item in self.catalogue.items)


def build(out: Path, catalog: Path | None = None, year: int | None = None, *, force: bool = False) -> Built:
    """Raises ``Refused`` (not .xlsm, an unreadable catalogue, an existing master without ``force``)
    or ``WorkbookBusy``."""
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
    if out.exists() and not force:
        raise Refused(f"{out} 已存在。主台账建成后以其中的数据为准，重建会丢失已填内容；"
                      "确需重建请加 --force（会先备份）。")
    out.parent.mkdir(parents=True, exist_ok=True)
    return Built(out, catalogue, atomic_write(out, lambda tmp: build_master(catalogue, tmp)))


def _still_marked(catalog: Path, marked: list[str]) -> Refused:
    return Refused(f"{catalog.name} 中还有 {len(marked)} 行标着“需核对”，未生成主台账。"
                   "请逐行核对并改好，再清空“需核对”一格：\n" + "\n".join(marked))
