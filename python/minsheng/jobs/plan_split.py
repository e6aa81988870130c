"""下发计划表 (年初建账): one plan form per responsible unit, its indicators × months; the master is not changed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from minsheng.engines.base import Engine
from minsheng.model import layout as L
from minsheng.roundtrip.plan_split import split_plan

SHEETS = (L.PROJECTS_SHEET, L.PLAN_SHEET, L.CONTACTS_SHEET, L.CONFIG_SHEET)


@dataclass
class PlanSplit:
    folder: Path
    files: list[Path]


def plan_split(engine: Engine, out: Path, now: datetime | None = None) -> PlanSplit:
    """The forms into ``out``, stamped ``now`` (生成时间; the demo passes its story's day, else now)."""
    book = engine.read(SHEETS)
    engine.status("生成计划表")
    return PlanSplit(Path(out), split_plan(book, out, now=now))
