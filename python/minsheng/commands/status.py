"""minsheng status: traffic lights against plan, unit ranking, and the 汇总 dashboard.

Exit 0 when no indicator is 严重滞后 (including escalated) or 未报送 and every cell
could be read; 1 otherwise; 2 when the master cannot be read or written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from minsheng.cli import OK, PROBLEMS, UNUSABLE, Unusable, open_master, writing
from minsheng.commands.closing import finish
from minsheng.engines.disk import WorkbookBusy
from minsheng.engines.file import FileEngine
from minsheng.jobs import status as job
from minsheng.status.table import render


def add_arguments(p) -> None:
    p.add_argument("master", type=Path, help="主台账 .xlsm")
    p.add_argument("--month", type=int, help="月份 1–12；缺省为最近一个有填报的月份")
    p.add_argument("--json", action="store_true", help="以 JSON 输出全部结果（指标、单位排名、分管领导、类别）")
    p.add_argument("--write", action=argparse.BooleanOptionalAction, default=True,
                   help="把汇总表写入主台账（缺省写入，先自动备份；--no-write 只看不写）")


def run(args) -> int:
    with writing(args.master, args.write):
        return _run(args)


def _run(args) -> int:
    engine = FileEngine(args.master, open_master(args.master, args.month))
    try:
        done = job.status(engine, args.month, write=args.write)
    except job.NothingReported as e:
        raise Unusable(str(e)) from None
    except (WorkbookBusy, OSError) as e:
        print(f"汇总表未写入：{e}", file=sys.stderr)
        return UNUSABLE
    found, written = done.progress, done.cells
    lines = [render(found)]
    if written is not None:
        lines.append(f"\n汇总表已写入 {args.master.name}（{written} 个单元格有变化）。" if written
                     else f"\n汇总表已是最新，{args.master.name} 未改动。")
    if engine.backup:
        lines.append(f"原文件备份在 {engine.backup}")
    finish(found.to_dict(), args.json, lines, [args.master, engine.backup] if engine.backup else [])
    return PROBLEMS if found.red_or_missing or found.problems else OK
