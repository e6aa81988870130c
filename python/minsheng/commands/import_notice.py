"""minsheng import: read next year's notice into a draft catalogue to review."""

from __future__ import annotations

import sys
from pathlib import Path

from minsheng.cli import OK, PROBLEMS, UNUSABLE
from minsheng.commands.closing import finish
from minsheng.engines.disk import WorkbookBusy
from minsheng.jobs import import_notice as job


def add_arguments(p) -> None:
    p.add_argument("notice", type=Path, help="通知或其附件：.docx、.xlsx、.pdf（有文字层）、.txt（制表符分隔或粘贴的条文）；.doc、.wps、.xls、.et 经 LibreOffice 转换")
    p.add_argument("--out", type=Path, required=True, help="目录草稿 .xlsx 或 .csv（列同“项目表”，另有 原文、需核对）")


def run(args) -> int:
    try:
        done = job.import_notice(args.notice, args.out)
    except (job.Refused, WorkbookBusy) as e:
        print(e, file=sys.stderr)
        return UNUSABLE
    items = len({r["项目编号"] for r in done.rows})
    lines = [f"已生成 {done.out}：{items} 项 {len(done.rows)} 行指标。"]
    if done.backup:
        lines.append(f"原文件已备份到 {done.backup}")
    if done.marked:
        lines.append(f"其中 {len(done.marked)} 行标了“需核对”，请逐行核对、改好后清空该格，"
                     f"再运行 minsheng build --catalog {done.out.name}：")
        lines.extend(f"  {r['项目编号']} {r['指标']}：{r['需核对']}" for r in done.marked)
    finish({}, False, lines, [done.out, done.backup])
    return PROBLEMS if done.marked else OK
