"""The demo's 校验 step: a month as clerks fill it, mistakes included, then validated.

When no earlier step has filled the month (no returns consolidated yet), the
previous month and this one are filled on plan, with the mistakes clerks make:
"1.2万" typed as text, a rough number, a cumulative lowered, last month's problem
copied while behind plan, a phone without area code.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from minsheng import layout as L
from minsheng.fileio import apply_changes, read_master
from minsheng.results_file import write_results
from minsheng.settings import load as load_settings
from minsheng.validate import validate_book
from minsheng.workbook import Book, CellChange, is_blank

MISTAKES = {  # (项目编号, 指标) → this month's cells as a careless clerk types them
    ("1-1", "城镇新增就业"): {"累计完成": "1.2万"},
    ("2-1", "普通高中新增招生"): {"累计完成": "约300人"},
    ("9-2", "电梯检查"): {"累计完成": 20, "存在问题": "检测机构排期紧张", "下步措施": "协调第二家检测机构进场"},
    ("1-2", "形象进度"): {"形象进度": 0.05},
    ("4-1", "适老化改造"): {"联系电话": "8221234"},
}
TEXTS = {"进展情况": "按计划推进", "存在问题": "无", "下步措施": "继续按计划推进", "填报人": "张敏",
         "联系电话": "0537-8221234"}


def run(master: Path, month: int) -> int:
    book = read_master(master)
    if not _reported(book, month):
        changes = [c for m in (month - 1, month) if m >= 1
                   for c in _fill(book, m, MISTAKES if m == month else {})]
        apply_changes(master, changes)
        months = "、".join(f"{m} 月" for m in (month - 1, month) if m >= 1)
        print(f"（本月尚无报送数据：按计划填入 {months}，并故意留下 {len(MISTAKES)} 处常见填报错误）")
        book = read_master(master)
    report = validate_book(book, month, source=master.name)
    write_results(master, report)
    counts = report.stats
    print(f"{master.name} {month}月：校验 {counts['rows']} 行，{counts['errors']} 个错误、{counts['warnings']} 个提示；"
          f"已写入“{L.RESULTS_SHEET}”表并标记单元格。")
    for finding in report.findings:
        print(f"  [{'错误' if finding.severity == 'error' else '提示'}] {finding.message}")
    return 0


def _reported(book: Book, month: int) -> bool:
    return any(not is_blank(record.get(h)) for _, record in book.month(month).records()
               for h in ("累计完成", "形象进度", "进展情况"))


def _fill(book: Book, month: int, mistakes: dict) -> list[CellChange]:
    sheet, plan = book.month(month), book[L.PLAN_SHEET].by_key()
    due = dt.datetime(load_settings(book).year + (month == 12), month % 12 + 1, 2)
    changes = []
    for key, (row, record) in sheet.by_key().items():
        value_header = "形象进度" if is_blank(record.get("目标值")) else "累计完成"
        values = {value_header: plan[key][1][f"{month}月"], **TEXTS, "填报日期": due, **mistakes.get(key, {})}
        changes += [CellChange(sheet.name, sheet.address(row, h), record.get(h), v) for h, v in values.items()]
    return changes
