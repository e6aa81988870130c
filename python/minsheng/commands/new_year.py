"""minsheng new-year: next year's master from this year's, with the new year's list."""

from __future__ import annotations

import sys
from pathlib import Path

from minsheng.cli import OK, UNUSABLE
from minsheng.commands.closing import finish
from minsheng.engines.disk import WorkbookBusy
from minsheng.jobs import new_year as job


def add_arguments(p) -> None:
    p.add_argument("old", type=Path, help="上一年的主台账 .xlsm（只读，不改动）")
    p.add_argument("--out", type=Path, required=True, help="新一年的主台账 .xlsm")
    items = p.add_mutually_exclusive_group()
    items.add_argument("--catalog", type=Path, help="新一年核对过的目录（CSV 或 XLSX，列同“项目表”，可以是 minsheng import 的草稿）")
    items.add_argument("--notice", type=Path, help="新一年的通知附件（同 minsheng import）；有需核对的行时只写出目录草稿，不生成主台账")
    p.add_argument("--keep", metavar="项目编号", type=lambda s: [x for x in s.replace("，", ",").split(",")],
                   help="上一年项目表中延续的项目，如 1-1,2-3；全部延续写 all；可与 --catalog 或 --notice 同用（延续项目加新目录）")
    p.add_argument("--year", type=int, help="新年度；缺省从目录或通知的文件名读出，否则为上一年 + 1")
    p.add_argument("--force", action="store_true", help="覆盖已有的新主台账（先自动备份）")


def run(args) -> int:
    try:
        done = job.new_year(args.old, args.out, catalog=args.catalog, notice=args.notice, keep=args.keep,
                            year=args.year, force=args.force)
    except (job.Refused, WorkbookBusy) as e:
        print(e, file=sys.stderr)
        return UNUSABLE
    c = done.catalogue
    lines = [f"已生成 {done.out}（{c.year} 年）：{len(c.categories)} 类 {len(c.items)} 项 "
             f"{sum(len(i.indicators) for i in c.items)} 个指标；各月填报、日志、报送记录均为空。",
             f"沿用上一年：单位目录，{len(done.settings)} 项配置" + (f"（{'；'.join(done.settings)}）" if done.settings else "")
             + f"，{done.contacts} 个单位通讯录联系人。"]
    if done.left:
        lines.append(f"不再承担本年项目的单位（联系人仍在上一年主台账中）：{'、'.join(done.left)}")
    if done.arrived:
        lines.append(f"新承担项目的单位（请在“单位通讯录”中补填联系人）：{'、'.join(done.arrived)}")
    lines += [f"注意：{note}" for note in c.notes]
    if done.backup:
        lines.append(f"原文件已备份到 {done.backup}")
    finish({}, False, lines, [done.out, done.backup])
    return OK
