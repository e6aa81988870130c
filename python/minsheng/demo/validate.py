"""The demo's 校验 step: the consolidated month in the master, and one unit's return as sent."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from minsheng.check.findings import SEVERITY_NAMES, Report
from minsheng.engines.file import FileEngine, read_master
from minsheng.jobs.validate import check_return, validate
from minsheng.model import layout as L


def run(master: Path, month: int, returns: Path | None = None,
        clock: Callable[[], datetime] = datetime.now) -> int:
    book = read_master(master)
    report = validate(FileEngine(master, book, clock=clock), month).report
    show(report, f"已写入“{L.RESULTS_SHEET}”表并标记单元格")
    for path in sorted(returns.glob("*.xlsx")) if returns and returns.is_dir() else []:
        found = check_return(path, month, book).report  # read as consolidation read it
        if found.refused:
            continue  # the consolidation step has said why
        if found.blocked():  # a row with an error, as consolidation saw it
            print("\n单位报回的填报表也可单独校验（minsheng validate 文件 --master 主台账），例如：")
            show(found, "填报表本身不改动")
            break
    return 0


def show(report: Report, done: str) -> None:
    counts = report.stats
    print(f"{report.file} {report.month}月：校验 {counts['rows']} 行，{counts['errors']} 个错误、"
          f"{counts['warnings']} 个提示；{done}。")
    for finding in report.findings:
        print(f"  [{SEVERITY_NAMES[finding.severity]}] {finding.message}")
