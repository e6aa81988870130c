"""minsheng build: write a master workbook from a catalogue."""

from __future__ import annotations

import sys
from pathlib import Path

from minsheng.cli import OK, UNUSABLE
from minsheng.engines.disk import WorkbookBusy
from minsheng.jobs import build as job
from minsheng.jobs.build import Refused


def add_arguments(p) -> None:
    p.add_argument("--catalog", type=Path, help="目录文件（CSV 或 XLSX，列同“项目表”）；缺省用内置 2024 年目录")
    p.add_argument("--year", type=int, help="年度；缺省从目录文件名中读出")
    p.add_argument("--out", type=Path, required=True, help="输出的主台账 .xlsm")
    p.add_argument("--force", action="store_true", help="覆盖已有的主台账（先自动备份）")


def run(args) -> int:
    try:
        built = job.build(args.out, args.catalog, args.year, force=args.force)
    except (Refused, WorkbookBusy) as e:
        print(e, file=sys.stderr)
        return UNUSABLE
    catalogue = built.catalogue
    print(f"已生成 {args.out}：{len(catalogue.categories)} 类 {len(catalogue.items)} 项 {built.indicators} 个指标。")
    for note in catalogue.notes:
        print(f"注意：{note}")
    if built.backup:
        print(f"原文件已备份到 {built.backup}")
    return OK
