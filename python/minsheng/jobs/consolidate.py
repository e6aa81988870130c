"""汇总回收表 into a master: the units' returns merged, each change logged in 日志."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from minsheng.engines.base import Engine
from minsheng.jobs.common import master_sheets
from minsheng.roundtrip import returns
from minsheng.roundtrip.consolidate import plan_consolidation


@dataclass
class Consolidated:
    month: int
    files: list[Path]
    result: object  # roundtrip.consolidate's plan: changes, log, accepted, rejected, findings
    cells: int = 0  # cells changed in the master (0 on a dry run)
    written: bool = False


def returned_files(paths: Iterable[Path], master: Path) -> tuple[list[Path], list[Path]]:
    """The returned workbooks in ``paths`` (files or folders), less the master; and the paths not found."""
    files, missing = returns.collect(list(paths))
    return [f for f in files if f.resolve() != Path(master).resolve()], missing


def consolidate(engine: Engine, files: list[Path], month: int, *, write: bool = True,
                progress: Callable[[int, int, str], None] | None = None,
                clock: Callable[[], datetime] = datetime.now) -> Consolidated:
    """Read ``files`` against the master and, when ``write``, apply the changes and 日志 rows stamped at
    ``clock()`` (the demo passes its story's clock; the backup's stamp is the engine's)."""
    book = engine.read(master_sheets())

    def reading(i: int, n: int, name: str) -> None:
        engine.status(f"读取回收表 {name}（{i}/{n}）")
        if progress is not None:
            progress(i, n, name)

    result = plan_consolidation(book, files, month, progress=reading, now=clock())
    if not write:
        return Consolidated(month, files, result)
    return Consolidated(month, files, result, engine.apply(result.changes, result.log, results=result.results),
                        written=True)


def summary(done: Consolidated, dry_run: bool = False) -> list[str]:
    """The run in lines, as the command line and the demo print it."""
    result, verb = done.result, "将改动" if dry_run else "已改动"
    same = f"，原样退回 {len(result.untouched)} 个" if result.untouched else ""
    received = len({a.file for a in result.accepted} | {u.file for u in result.untouched}) + len(result.rejected)
    lines = [f"{done.month} 月汇总：收到 {received} 个文件，"
             f"采用 {len(result.accepted)} 个，退回 {len(result.rejected)} 个{same}；{verb} {len(result.changes)} 个单元格。"]
    lines += [f"  ✓ {a.file}（{a.unit}）：{a.rows} 行，改动 {a.changed_cells} 个单元格" for a in result.accepted]
    lines += [f"  ✗ {r.message}\n    {r.hint}" for r in result.rejected]
    lines += [f"  ~ {u.message}\n    {u.hint}" for u in result.untouched]
    lines += [f"  ! {d.message}" for d in result.duplicates]
    for f in result.row_findings:
        mark = "错误，该行未并入" if f.severity == "error" else "提示"
        lines.append(f"  [{mark}] {f.file} {f.cell}：{f.message}。{f.hint}")
    if result.missing_units:
        lines.append("未报送（或被退回）的单位：" + "、".join(result.missing_units))
    return lines
