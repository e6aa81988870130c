"""minsheng status: traffic lights against plan, unit ranking, and the 汇总 dashboard.

Exit 0 when no indicator is 严重滞后 (including escalated) or 未报送 and every cell
could be read; 1 otherwise; 2 when the master cannot be read or written.
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

from minsheng.status import dashboard
from minsheng.engines import file as fileio
from minsheng.status import progress
from minsheng.model import layout as L
from minsheng.cli import OK, PROBLEMS, UNUSABLE, Unusable, open_master, print_json
from minsheng.engines.disk import WorkbookBusy
from minsheng.model.book import Book


def add_arguments(p) -> None:
    p.add_argument("master", type=Path, help="主台账 .xlsm")
    p.add_argument("--month", type=int, help="月份 1–12；缺省为最近一个有填报的月份")
    p.add_argument("--json", action="store_true", help="以 JSON 输出全部结果（指标、单位排名、分管领导、类别）")
    p.add_argument("--write", action=__import__("argparse").BooleanOptionalAction, default=True,
                   help="把汇总表写入主台账（缺省写入，先自动备份；--no-write 只看不写）")


def run(args) -> int:
    book = open_master(args.master, args.month)
    month = args.month or progress.latest_month(book)
    if month is None:
        raise Unusable("各月工作表都还没有填报，请用 --month 指定月份。")
    found = progress.compute(book, month)
    written = None
    if args.write:
        try:
            written = write(args.master, book, found)
        except (WorkbookBusy, OSError) as e:
            print(f"汇总表未写入：{e}", file=sys.stderr)
            return UNUSABLE
    if args.json:
        print_json(found.to_dict())
    else:
        print(render(found))
        if written is not None:
            print(f"\n汇总表已写入 {args.master.name}（{written} 个单元格有变化）。" if written
                  else f"\n汇总表已是最新，{args.master.name} 未改动。")
    return PROBLEMS if found.red_or_missing or found.problems else OK


def write(master: Path, book: Book, found: progress.Progress) -> int:
    """Write the dashboard's values into the master, atomically; returns how many cells changed."""
    changes = dashboard.changes(found, book[L.DASHBOARD_SHEET] if L.DASHBOARD_SHEET in book else None)
    if changes:
        fileio.apply_changes(master, changes)
    return len(changes)


# ---------------------------------------------------------------- the terminal table

def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: object, size: int, right: bool = False) -> str:
    text = "" if text is None else str(text)
    while width(text) > size:
        text = text[:-2] + "…"
    space = " " * (size - width(text))
    return space + text if right else text + space


def pct(x: float | None) -> str:
    return "—" if x is None else f"{x:.1%}"


def render(found: progress.Progress) -> str:
    s, county = found.settings, found.county()
    lines = [f"{s.year}年民生实事 {found.month}月 滞后预警",
             f"全县 {county['items']} 项 {county['indicators']} 个指标：已完成 {county['done']}，正常 {county['green']}，"
             f"滞后 {county['yellow']}，严重滞后 {county['red']}（其中连续滞后升级 {county['escalated']}），"
             f"未报送 {county['missing']}；平均完成率 {pct(county['completion'])}，时序进度 {pct(county['time_progress'])}。",
             "", "指标"]
    cols = (("编号", 5), ("指标", 22), ("责任单位", 22), ("完成率", 8), ("时序进度", 8), ("偏差", 8), ("状态", 10))
    lines.append("  ".join(pad(h, w) for h, w in cols))
    for i in found.indicators:
        status = i.status + ("↑" if i.escalated else "")
        values = (i.id, i.indicator, i.unit, pct(i.completion), pct(i.time_progress), pct(i.deviation), status)
        lines.append("  ".join(pad(v, w, right=n in (3, 4, 5)) for n, (v, (_, w)) in enumerate(zip(values, cols))))
    lines += ["", "单位排名"]
    ucols = (("排名", 4), ("责任单位", 22), ("指标", 4), ("已完成", 6), ("正常", 4), ("滞后", 4), ("严重滞后", 8),
             ("未报送", 6), ("完成率", 8))
    lines.append("  ".join(pad(h, w) for h, w in ucols))
    for u in found.units():
        values = (u["rank"], u["unit"], u["indicators"], u["done"], u["green"], u["yellow"], u["red"], u["missing"],
                  pct(u["completion"]))
        lines.append("  ".join(pad(v, w, right=n != 1) for n, (v, (_, w)) in enumerate(zip(values, ucols))))
    if county["escalated"]:
        lines += ["", f"↑：连续 {s.escalate} 个月滞后，升为严重滞后。"]
    if found.problems:
        lines += ["", f"无法按原样读取的单元格（{len(found.problems)} 处）："]
        lines += [f"  {p.message}。{p.hint}" for p in found.problems]
    return "\n".join(lines)
