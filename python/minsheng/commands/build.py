"""minsheng build: write a master workbook from a catalogue."""

from __future__ import annotations

import sys
from pathlib import Path

from minsheng.cli import OK, UNUSABLE
from minsheng.commands.closing import finish
from minsheng.engines.disk import WorkbookBusy
from minsheng.jobs import build as job
from minsheng.jobs.build import Refused


def add_arguments(p) -> None:
    p.add_argument("--catalog", type=Path, help="目录文件（CSV 或 XLSX，列同“项目表”）；缺省用内置 2024 年目录")
    p.add_argument("--year", type=int, help="年度；缺省从目录文件名中读出")
    p.add_argument("--out", type=Path, required=True, help="输出的主台账 .xlsm")
    p.add_argument("--force", action="store_true", help="覆盖已有的主台账（先自动备份）")
    p.add_argument("--units", type=Path, metavar="单位.csv",
                   help="本地单位通讯录（列：单位、简称/别名、联系人、联系电话、电子邮箱），存入主台账供各项功能使用")
    p.add_argument("--region", help="地区名称，如 海曙区；缺省 微山县。通报等文字中的“全县/全区”随其后缀")
    p.add_argument("--office", help="管理台账的科室，如 区政府督查室；缺省按地区后缀推出")


def run(args) -> int:
    try:
        built = job.build(args.out, args.catalog, args.year, force=args.force, units=args.units,
                          region=args.region, office=args.office)
    except (Refused, WorkbookBusy) as e:
        print(e, file=sys.stderr)
        return UNUSABLE
    catalogue = built.catalogue
    for w in built.warnings:
        print(f"提示：{w.message}。{w.hint}", file=sys.stderr)
    finish({}, False, [f"已生成 {args.out}：{len(catalogue.categories)} 类 {len(catalogue.items)} 项 {built.indicators} 个指标。",
                       *(f"注意：{note}" for note in catalogue.notes),
                       *([f"原文件已备份到 {built.backup}"] if built.backup else [])], [args.out, built.backup])
    return OK
