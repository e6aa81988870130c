"""minsheng validate: check a month of the master, or a unit's return, cell by cell."""

from __future__ import annotations

import sys
from pathlib import Path

from minsheng.model import layout as L
from minsheng.cli import OK, PROBLEMS, UNUSABLE, print_json
from minsheng.engines.file import UnreadableWorkbook, read_book
from minsheng.check.findings import SEVERITY_NAMES, Report
from minsheng.engines.disk import WorkbookBusy
from minsheng.engines.file import FileEngine
from minsheng.jobs import validate as job
from minsheng.model.book import Book


def add_arguments(p) -> None:
    p.add_argument("file", type=Path, help="主台账（.xlsm）或单位报回的填报表（.xlsx）")
    p.add_argument("--month", type=int, help="校验的月份（1–12）；填报表只有一个月表时可省略")
    p.add_argument("--master", type=Path, help="校验填报表时对照的主台账：取其配置、计划和上月数据")
    p.add_argument("--json", action="store_true", help="以 JSON 输出校验结果")
    p.add_argument("--no-write", action="store_true", help="只报告，不在主台账中写“校验结果”表和标记")


def is_master(book: Book) -> bool:
    return L.CONFIG_SHEET in book and L.PLAN_SHEET in book


def run(args) -> int:
    if args.month is not None and args.month not in L.MONTHS:
        print(f"月份应为 1–12，现为 {args.month}", file=sys.stderr)
        return UNUSABLE
    if args.master is not None:  # a unit's return: read as consolidation reads it
        return _run_return(args)
    try:
        book = _read(args.file)
        month = args.month or _only_month(book)
        if not is_master(book):
            master = _read(args.master) if args.master is not None else None
            report = job.check_return(book, month, args.file.name, master).report
    except _Unusable as e:
        print(e, file=sys.stderr)
        return UNUSABLE
    written = None
    if is_master(book):
        try:
            done = job.validate(FileEngine(args.file, book), month, write=not args.no_write)
        except WorkbookBusy as e:
            print(e, file=sys.stderr)
            return UNUSABLE
        report = done.report
        if not args.no_write:
            written = (f"已写入“{L.RESULTS_SHEET}”表并标记问题单元格；原文件已备份到 {done.backup}" if done.written
                       else f"“{L.RESULTS_SHEET}”表与上次相同，工作簿未改动。")
    if args.json:
        print_json(report.to_dict())
    else:
        print_text(report)
        if written:
            print(written)
    return OK if report.clean else PROBLEMS


def _run_return(args) -> int:
    from minsheng.roundtrip.returns import MonthUnknown, validate_file

    try:
        report = validate_file(args.file, args.month, _read(args.master))
    except (_Unusable, MonthUnknown) as e:
        print(e, file=sys.stderr)
        return UNUSABLE
    if args.json:
        print_json(report.to_dict())
    if report.refused:
        print(report.findings[0].message, file=sys.stderr)
        return UNUSABLE
    if not args.json:
        print_text(report)
    return OK if report.clean else PROBLEMS


class _Unusable(Exception):
    """The file cannot be validated; the message says why, in Chinese."""


def _read(path: Path) -> Book:
    if not path.exists():
        raise _Unusable(f"找不到文件 {path}")
    try:
        return read_book(path)
    except UnreadableWorkbook as e:
        raise _Unusable(str(e)) from None


def _only_month(book: Book) -> int:
    months = [m for m in (L.sheet_month(name) for name in book.sheets) if m]
    if len(months) == 1:
        return months[0]
    raise _Unusable(f"{book.name} 中有 {len(months)} 张月表，请用 --month 指定要校验的月份")


def print_text(report: Report) -> None:
    counts = report.stats
    head = f"{report.file} {report.month}月：校验 {counts['rows']} 行，"
    if report.clean:
        print(head + "未发现问题。")
        return
    print(head + f"发现 {counts['errors']} 个错误、{counts['warnings']} 个提示。")
    for finding in report.findings:
        print(f"[{SEVERITY_NAMES[finding.severity]}] {finding.message}")
        print(f"        → {finding.hint}")
    if report.errors:
        print("有“错误”的行在汇总时不会并入主台账，请更正后重新报送。")
