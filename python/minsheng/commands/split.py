"""minsheng split: 下发填报表, one fill-in workbook per responsible unit for the month;
with --plan, 下发计划表 (年初建账): one plan form per responsible unit, its indicators × months.

Example: minsheng split 民生实事2024.xlsm --month 3 --out 下发/
         minsheng split 民生实事2024.xlsm --plan --out 下发/计划/
"""

from __future__ import annotations

from pathlib import Path

from minsheng.cli import OK, Unusable, open_master
from minsheng.commands.closing import finish


def add_arguments(p) -> None:
    p.add_argument("master", type=Path, help="主台账 .xlsm")
    p.add_argument("--month", type=int, help="月份 1–12（--plan 时不用）")
    p.add_argument("--plan", action="store_true", help="年初建账：下发计划表（各指标逐月累计计划），不按月份")
    p.add_argument("--out", type=Path, required=True, help="输出目录（每个责任单位一个 .xlsx）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出生成的文件")


def run(args) -> int:
    from minsheng.engines.file import FileEngine
    from minsheng.jobs import split as job

    if args.plan:
        return _plan(args)
    if args.month is None:
        raise Unusable("请用 --month 指定月份（年初下发计划表用 --plan）")
    done = job.split(FileEngine(args.master, open_master(args.master, args.month)), args.month, args.out)
    finish({"month": args.month, "files": [str(p) for p in done.files]}, args.json,
           [f"已为 {len(done.files)} 个责任单位生成 {args.month} 月填报表，保存在 {args.out}：",
            *(f"  {path.name}" for path in done.files)], done.files)
    return OK


def _plan(args) -> int:
    from minsheng.engines.file import FileEngine
    from minsheng.jobs import plan_split as job

    done = job.plan_split(FileEngine(args.master, open_master(args.master)), args.out)
    finish({"plan": True, "files": [str(p) for p in done.files]}, args.json,
           [f"已为 {len(done.files)} 个责任单位生成计划表，保存在 {args.out}：", *(f"  {path.name}" for path in done.files)],
           done.files)
    return OK
