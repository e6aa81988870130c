"""minsheng build: write a master workbook from a catalogue."""

from __future__ import annotations

import sys
from pathlib import Path

from minsheng.model import catalogue as cat
from minsheng.build.master import build
from minsheng.cli import OK, UNUSABLE
from minsheng.engines.disk import WorkbookBusy, atomic_write


def add_arguments(p) -> None:
    p.add_argument("--catalog", type=Path, help="目录文件（CSV 或 XLSX，列同“项目表”）；缺省用内置 2024 年目录")
    p.add_argument("--year", type=int, help="年度；缺省从目录文件名中读出")
    p.add_argument("--out", type=Path, required=True, help="输出的主台账 .xlsm")
    p.add_argument("--force", action="store_true", help="覆盖已有的主台账（先自动备份）")


def run(args) -> int:
    if args.out.suffix.lower() != ".xlsm":
        print(f"输出文件应为 .xlsm（带宏的工作簿），现为 {args.out.name}", file=sys.stderr)
        return UNUSABLE
    try:
        catalogue = cat.load(args.catalog, args.year)
    except (cat.CatalogueError, OSError) as e:
        print(f"无法读取目录：{e}", file=sys.stderr)
        return UNUSABLE
    if args.out.exists() and not args.force:
        print(f"{args.out} 已存在。主台账建成后以其中的数据为准，重建会丢失已填内容；"
              "确需重建请加 --force（会先备份）。", file=sys.stderr)
        return UNUSABLE
    args.out.parent.mkdir(parents=True, exist_ok=True)
    try:
        saved = atomic_write(args.out, lambda tmp: build(catalogue, tmp))
    except WorkbookBusy as e:
        print(e, file=sys.stderr)
        return UNUSABLE
    n = sum(len(item.indicators) for item in catalogue.items)
    print(f"已生成 {args.out}：{len(catalogue.categories)} 类 {len(catalogue.items)} 项 {n} 个指标。")
    if saved:
        print(f"原文件已备份到 {saved}")
    return OK
