"""minsheng export: the long table (one row per indicator per month) as CSV or Parquet."""

from __future__ import annotations

import sys
from pathlib import Path

from minsheng.cli import OK, PROBLEMS, UNUSABLE, open_master
from minsheng.commands.closing import finish
from minsheng.engines.disk import WorkbookBusy
from minsheng.engines.file import FileEngine
from minsheng.jobs import export as job
from minsheng.jobs.export import FORMATS, MissingSheets


def add_arguments(p) -> None:
    p.add_argument("master", type=Path, help="主台账 .xlsm")
    p.add_argument("--out", type=Path, required=True, help="输出文件：.csv 或 .parquet（按后缀决定格式）")
    p.add_argument("--month", type=int, help="导出 1 月至该月；缺省至最近一个有填报的月份")


def run(args) -> int:
    if args.out.suffix.lower() not in FORMATS:
        print(f"输出文件应为 .csv 或 .parquet，现为“{args.out.name}”。", file=sys.stderr)
        return UNUSABLE
    engine = FileEngine(args.master, open_master(args.master, args.month))
    try:
        done = job.export(engine, args.out, args.month)
    except MissingSheets as e:
        print(e, file=sys.stderr)
        return UNUSABLE
    except (WorkbookBusy, OSError) as e:
        print(f"无法写入 {args.out}：{e}", file=sys.stderr)
        return UNUSABLE
    months = done.months
    finish({}, False, [f"已导出 {args.out}（{FORMATS[args.out.suffix.lower()]}）：{done.rows} 行 = {done.indicators} "
                       f"个指标 × {len(months)} 个月（1–{months[-1]}月）。"], [args.out])
    for p in done.problems:
        print(f"  {p.message}。{p.hint}", file=sys.stderr)
    return PROBLEMS if done.problems else OK
