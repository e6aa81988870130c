"""minsheng consolidate: 汇总回收表, merge the units' returns into the master.

With --plan, 汇总计划表 (年初建账): the returned plan forms into 计划.

Example: minsheng consolidate 民生实事2024.xlsm 回收/ --month 3
         minsheng consolidate 民生实事2024.xlsm 回收/计划/ --plan
"""

from __future__ import annotations

import sys
from pathlib import Path

from minsheng.cli import OK, PROBLEMS, UNUSABLE, Unusable, open_master, writing
from minsheng.commands.closing import finish

PROGRESS_FROM = 30  # show progress when there are at least this many files


def add_arguments(p) -> None:
    p.add_argument("master", type=Path, help="主台账 .xlsm")
    p.add_argument("paths", type=Path, nargs="+", metavar="PATH", help="报回的工作簿，或存放它们的文件夹")
    p.add_argument("--month", type=int, help="汇总的月份 1–12（--plan 时不用）")
    p.add_argument("--plan", action="store_true", help="年初建账：汇总各单位报回的计划表到“计划”表")
    p.add_argument("--dry-run", action="store_true", help="只检查并列出将要改动的内容，不写入主台账")
    p.add_argument("--json", action="store_true", help="以 JSON 输出结果")


def run(args) -> int:
    from minsheng.engines.disk import ensure_not_open
    from minsheng.jobs import consolidate as job
    from minsheng.model import layout as L

    if args.month is None and not args.plan:
        raise Unusable("请用 --month 指定汇总的月份（汇总计划表用 --plan）")
    if not args.plan and args.month not in L.MONTHS:
        raise Unusable(f"月份应为 1–12，现为 {args.month}")
    files, missing = job.returned_files(args.paths, args.master)
    if missing:
        print("找不到：" + "、".join(str(p) for p in missing), file=sys.stderr)
        return UNUSABLE
    if not args.dry_run:
        ensure_not_open(args.master)
    with writing(args.master, not args.dry_run):
        return _plan(args, files) if args.plan else _run(args, files)


def _run(args, files) -> int:
    from minsheng.engines.file import FileEngine
    from minsheng.jobs import consolidate as job

    engine = FileEngine(args.master, open_master(args.master, args.month))

    done = job.consolidate(engine, files, args.month, write=not args.dry_run, progress=Progress(args.json))
    return _report(args, done, job.summary, engine.backup)


def _plan(args, files) -> int:
    from minsheng.engines.file import FileEngine
    from minsheng.jobs import plan_merge as job

    engine = FileEngine(args.master, open_master(args.master))
    done = job.plan_merge(engine, files, write=not args.dry_run, progress=Progress(args.json))
    return _report(args, done, job.summary, engine.backup)


class Progress:
    """Reading many returns (``PROGRESS_FROM`` or more), on stderr: a bar (tqdm) at a terminal,
    a line every tenth of the files in a log or a pipe. Called with (i, n, file name), i from 1."""

    def __init__(self, quiet: bool) -> None:
        self.quiet, self.bar = quiet, None

    def __call__(self, i: int, n: int, name: str) -> None:
        if n < PROGRESS_FROM or self.quiet:
            return
        if sys.stderr.isatty():
            if self.bar is None:
                from tqdm import tqdm
                self.bar = tqdm(total=n, desc="读取回收文件", unit="个", file=sys.stderr, leave=False)
            self.bar.set_postfix_str(name, refresh=False)
            self.bar.update(1)
            if i == n:
                self.bar.close()
        elif i % max(1, n // 10) == 0 or i == n:
            print(f"已读取 {i}/{n} 个文件（{name}）", file=sys.stderr, flush=True)


def _report(args, done, summary, saved) -> int:
    """What a merge of returns (monthly or plans) says: JSON, or its lines, where the master went and
    the closing line (the master and its backup, when it was written)."""
    result = done.result
    lines = list(summary(done, args.dry_run))
    if args.dry_run:
        lines.append("（--dry-run：未写入主台账）")
    elif saved:
        lines.append(f"主台账已保存，原文件备份在 {saved}")
    elif not result.changes:
        lines.append("主台账无需改动。")
    finish({**result.to_dict(), "dry_run": args.dry_run, "backup": str(saved) if saved else None}, args.json,
           lines, [args.master, saved] if saved else [])
    return OK if result.all_merged else PROBLEMS
