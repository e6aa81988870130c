"""下发填报表: one fill-in workbook per responsible unit for the month; the master is not changed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from minsheng.engines.base import Engine
from minsheng.jobs.common import master_sheets
from minsheng.roundtrip.split import split_month


@dataclass
class Split:
    month: int
    folder: Path
    files: list[Path]


def split(engine: Engine, month: int, out: Path) -> Split:
    book = engine.read(master_sheets(month))
    engine.status(f"生成 {month} 月填报表")
    return Split(month, Path(out), split_month(book, month, out))
