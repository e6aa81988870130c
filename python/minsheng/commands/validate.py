"""minsheng validate: check a month of the master, or a unit's return, cell by cell."""

from __future__ import annotations

import sys
from pathlib import Path

from minsheng.check.findings import SEVERITY_NAMES, Report
from minsheng.cli import OK, PROBLEMS, UNUSABLE, print_json, writing
from minsheng.commands.closing import finish
from minsheng.engines.disk import WorkbookBusy
from minsheng.jobs import validate as job
from minsheng.model import layout as L


def add_arguments(p) -> None:
    p.add_argument("file", type=Path, help="主台账（.xlsm）或单位报回的填报表（.xlsx）")
    p.add_argument("--month", type=int, help="校验的月份（1–12）；填报表只有一个月表时可省略")
    p.add_argument("--master", type=Path, help="校验填报表时对照的主台账：取其配置、计划和上月数据")
    p.add_argument("--json", action="store_true", help="以 JSON 输出校验结果")
    p.add_argument("--no-write", action="store_true", help="只报告，不在主台账中写“校验结果”表和标记")


def run(args) -> int:
    if args.month is not None and args.month not in L.MONTHS:
        print(f"月份应为 1–12，现为 {args.month}", file=sys.stderr)
        return UNUSABLE
    written = None
    try:
        if args.master is None and job.is_master(args.file):
            with writing(args.file, not args.no_write):
                engine, month = job.open_master(args.file, args.month)
                done = job.validate(engine, month, write=not args.no_write)
            if not args.no_write:
                written = (f"已写入“{L.RESULTS_SHEET}”表并标记问题单元格；原文件已备份到 {done.backup}" if done.written
                           else f"“{L.RESULTS_SHEET}”表与上次相同，工作簿未改动。")
        else:  # a unit's return: read as consolidation reads it
            done = job.check_return(args.file, args.month, args.master)
    except (job.Unusable, WorkbookBusy) as e:
        print(e, file=sys.stderr)
        return UNUSABLE
    report = done.report
    if report.refused:
        if args.json:
            print_json(report.to_dict())
        print(report.findings[0].message, file=sys.stderr)
        return UNUSABLE
    wrote = [args.file, done.backup] if done.backup else []
    finish(report.to_dict(), args.json, [*text(report), *([written] if written else [])], wrote)
    return OK if report.clean else PROBLEMS


def text(report: Report) -> list[str]:
    """The report in lines: a head with the counts, each finding with its hint below it."""
    counts = report.stats
    head = f"{report.file} {report.month}月：校验 {counts['rows']} 行，"
    if report.clean:
        return [head + "未发现问题。"]
    lines = [head + f"发现 {counts['errors']} 个错误、{counts['warnings']} 个提示。"]
    for finding in report.findings:
        lines += [f"[{SEVERITY_NAMES[finding.severity]}] {finding.message}", f"        → {finding.hint}"]
    if report.errors:
        lines.append("有“错误”的行在汇总时不会并入主台账，请更正后重新报送。")
    return lines
