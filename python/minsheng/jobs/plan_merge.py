"""汇总计划表 (年初建账): the units' returned plan forms merged into 计划, each change logged in 日志."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from minsheng.engines.base import Engine
from minsheng.jobs.plan_split import SHEETS
from minsheng.model import layout as L
from minsheng.roundtrip.plan_merge import PlanMerge, plan_merge as merge


@dataclass
class PlanMerged:
    files: list[Path]
    result: PlanMerge
    cells: int = 0  # cells changed in the master (0 on a dry run)
    written: bool = False


def plan_merge(engine: Engine, files: list[Path], *, write: bool = True, now: datetime | None = None,
               progress: Callable[[int, int, str], None] | None = None) -> PlanMerged:
    """Merge the returned plan forms ``files`` into 计划 (logged in 日志 at ``now``, default the clock's time)."""
    book = engine.read((*SHEETS, L.LOG_SHEET))

    def reading(i: int, n: int, name: str) -> None:
        engine.status(f"读取计划表 {name}（{i}/{n}）")
        if progress is not None:
            progress(i, n, name)

    result = merge(book, files, now=now, progress=reading)
    if not write or not (result.changes or result.log):
        return PlanMerged(files, result)
    return PlanMerged(files, result, engine.apply(result.changes, result.log), written=True)


def summary(done: PlanMerged, dry_run: bool = False) -> list[str]:
    """The run in lines, as the command line and the demo print it."""
    result, verb = done.result, "将改动" if dry_run else "已改动"
    lines = [f"计划汇总：收到 {len(done.files)} 个文件，采用 {len(result.accepted)} 个，退回 {len(result.rejected)} 个；"
             f"{verb} {len(result.changes)} 个单元格。"]
    lines += [f"  ✓ {a.file}（{a.unit}）：{a.rows} 行，{a.changed_rows} 行计划有改动" for a in result.accepted]
    lines += [f"  ✗ {r.message}\n    {r.hint}" for r in result.rejected]
    for f in result.row_findings:
        mark = "错误，该行未并入" if f.severity == "error" else "提示"
        lines.append(f"  [{mark}] {f.message}。{f.hint}")
    if result.adjusted:
        lines.append("调整了已确定计划的指标：" + "、".join(f"{k[0]} {k[1]}" for k in result.adjusted))
    return lines
