"""minsheng export: the long table (one row per indicator per month) as CSV or Parquet."""

from __future__ import annotations

import sys
from pathlib import Path

from minsheng.model import layout as L
from minsheng.status import long_table as tidy
from minsheng.cli import OK, PROBLEMS, UNUSABLE, open_master
from minsheng.engines.disk import WorkbookBusy, atomic_write

FORMATS = {".csv": "CSV（UTF-8 带 BOM，Excel 可直接打开）", ".parquet": "Parquet"}


def add_arguments(p) -> None:
    p.add_argument("master", type=Path, help="主台账 .xlsm")
    p.add_argument("--out", type=Path, required=True, help="输出文件：.csv 或 .parquet（按后缀决定格式）")
    p.add_argument("--month", type=int, help="导出 1 月至该月；缺省至最近一个有填报的月份")


def run(args) -> int:
    suffix = args.out.suffix.lower()
    if suffix not in FORMATS:
        print(f"输出文件应为 .csv 或 .parquet，现为“{args.out.name}”。", file=sys.stderr)
        return UNUSABLE
    book = open_master(args.master, args.month)
    months = range(1, args.month + 1) if args.month else tidy.months_reported(book)
    missing = [m for m in months if L.month_sheet(m) not in book]
    if missing:
        print(f"主台账中缺少工作表：{'、'.join(L.month_sheet(m) for m in missing)}。", file=sys.stderr)
        return UNUSABLE
    frame, problems = tidy.long_table(book, months)

    def write(tmp: Path) -> None:
        if suffix == ".csv":
            frame.to_csv(tmp, index=False, encoding="utf-8-sig")
        else:
            frame.to_parquet(tmp, index=False, engine="pyarrow")

    args.out.parent.mkdir(parents=True, exist_ok=True)
    try:
        atomic_write(args.out, write, keep_backup=False)
    except (WorkbookBusy, OSError) as e:
        print(f"无法写入 {args.out}：{e}", file=sys.stderr)
        return UNUSABLE
    print(f"已导出 {args.out}（{FORMATS[suffix]}）：{len(frame)} 行 = {frame['指标'].count() // max(len(months), 1)} "
          f"个指标 × {len(months)} 个月（1–{months[-1]}月）。")
    for p in problems:
        print(f"  {p.message}。{p.hint}", file=sys.stderr)
    return PROBLEMS if problems else OK
