"""minsheng consolidate: 汇总回收表, merge the units' returns into the master.

Example: minsheng consolidate 民生实事2024.xlsm 回收/ --month 3
"""

from __future__ import annotations

import sys
from pathlib import Path

from minsheng.cli import OK, PROBLEMS, UNUSABLE, Unusable, open_master, print_json

PROGRESS_FROM = 30  # show progress when there are at least this many files


def add_arguments(p) -> None:
    p.add_argument("master", type=Path, help="主台账 .xlsm")
    p.add_argument("paths", type=Path, nargs="+", metavar="PATH", help="报回的工作簿，或存放它们的文件夹")
    p.add_argument("--month", type=int, required=True, help="汇总的月份 1–12")
    p.add_argument("--dry-run", action="store_true", help="只检查并列出将要改动的内容，不写入主台账")
    p.add_argument("--json", action="store_true", help="以 JSON 输出结果")


def run(args) -> int:
    from minsheng.model import layout as L
    from minsheng.roundtrip.consolidate import plan_consolidation
    from minsheng.engines.file import apply_changes
    from minsheng.engines.disk import ensure_not_open
    from minsheng.roundtrip.returns import collect

    if args.month not in L.MONTHS:
        raise Unusable(f"月份应为 1–12，现为 {args.month}")
    files, missing = collect(args.paths)
    if missing:
        print("找不到：" + "、".join(str(p) for p in missing), file=sys.stderr)
        return UNUSABLE
    files = [f for f in files if f.resolve() != args.master.resolve()]
    if not args.dry_run:
        ensure_not_open(args.master)
    master = open_master(args.master, args.month)

    def progress(i: int, n: int, name: str) -> None:
        if n >= PROGRESS_FROM and not args.json and (i % max(1, n // 10) == 0 or i == n):
            print(f"已读取 {i}/{n} 个文件（{name}）", file=sys.stderr, flush=True)

    result = plan_consolidation(master, files, args.month, progress=progress)
    saved = None
    if not args.dry_run:
        saved = apply_changes(args.master, result.changes, result.log)
    if args.json:
        print_json({**result.to_dict(), "dry_run": args.dry_run, "backup": str(saved) if saved else None})
    else:
        _print(result, args, saved)
    return OK if result.all_merged else PROBLEMS


def _print(result, args, saved) -> None:
    verb = "将改动" if args.dry_run else "已改动"
    print(f"{args.month} 月汇总：收到 {len(result.accepted) + len(result.rejected)} 个文件，"
          f"采用 {len(result.accepted)} 个，退回 {len(result.rejected)} 个；{verb} {len(result.changes)} 个单元格。")
    for a in result.accepted:
        print(f"  ✓ {a.file}（{a.unit}）：{a.rows} 行，改动 {a.changed_cells} 个单元格")
    for r in result.rejected:
        print(f"  ✗ {r.message}\n    {r.hint}")
    for d in result.duplicates:
        print(f"  ! {d.message}")
    for f in result.row_findings:
        mark = "错误，该行未并入" if f.severity == "error" else "提示"
        print(f"  [{mark}] {f.file} {f.cell}：{f.message}。{f.hint}")
    if result.missing_units:
        print("未报送（或被退回）的单位：" + "、".join(result.missing_units))
    if args.dry_run:
        print("（--dry-run：未写入主台账）")
    elif saved:
        print(f"主台账已保存，原文件备份在 {saved}")
    elif not result.changes:
        print("主台账无需改动。")
