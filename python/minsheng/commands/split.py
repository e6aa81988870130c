"""minsheng split: 下发填报表, one fill-in workbook per responsible unit for the month.

Example: minsheng split 民生实事2024.xlsm --month 3 --out 下发/
"""

from __future__ import annotations

import sys
from pathlib import Path

from minsheng.cli import OK, UNUSABLE, print_json


def add_arguments(p) -> None:
    p.add_argument("master", type=Path, help="主台账 .xlsm")
    p.add_argument("--month", type=int, required=True, help="月份 1–12")
    p.add_argument("--out", type=Path, required=True, help="输出目录（每个责任单位一个 .xlsx）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出生成的文件")


def run(args) -> int:
    from minsheng import layout as L
    from minsheng.fileio import UnreadableWorkbook, read_master
    from minsheng.split import split_month

    if args.month not in L.MONTHS:
        print(f"月份应为 1–12，现为 {args.month}", file=sys.stderr)
        return UNUSABLE
    try:
        master = read_master(args.master)
    except (UnreadableWorkbook, OSError) as e:
        print(f"无法读取主台账：{e}", file=sys.stderr)
        return UNUSABLE
    if L.month_sheet(args.month) not in master:
        print(f"{args.master.name} 中没有“{L.month_sheet(args.month)}”工作表，不是本系统的主台账？", file=sys.stderr)
        return UNUSABLE
    paths = split_month(master, args.month, args.out)
    if args.json:
        print_json({"month": args.month, "files": [str(p) for p in paths]})
    else:
        print(f"已为 {len(paths)} 个责任单位生成 {args.month} 月填报表，保存在 {args.out}：")
        for path in paths:
            print(f"  {path.name}")
    return OK
