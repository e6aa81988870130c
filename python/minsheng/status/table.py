"""滞后预警 as a terminal table: the county's line, the indicators and the units' ranking."""

from __future__ import annotations

import unicodedata

from minsheng.status import progress
from minsheng.status.counting import Counted, counted
from minsheng.model.cadence import periods_word


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
             f"{s.place.whole} {county['items']} 项 {county['indicators']} 个指标：已完成 {county['done']}，正常 {county['green']}，"
             f"滞后 {county['yellow']}，严重滞后 {county['red']}（其中连续滞后升级 {county['escalated']}），"
             f"未报送 {county['missing']}；平均完成率 {pct(county['completion'])}，时序进度 {pct(county['time_progress'])}。",
             "", "指标"]
    cols = (("编号", 5), ("指标", 22), ("责任单位", 22), ("完成率", 8), ("时序进度", 8), ("偏差", 8), ("状态", 10))
    lines.append("  ".join(pad(h, w) for h, w in cols))
    for i in found.indicators:
        status = i.status + ("↑" if i.escalated else "")
        values = (i.id, i.indicator, i.unit, pct(i.completion), pct(i.time_progress), pct(i.deviation), status)
        lines.append("  ".join(pad(v, w, right=n in (3, 4, 5)) for n, (v, (_, w)) in enumerate(zip(values, cols))))
    wholes = [c for c in counted(found.indicators, s) if isinstance(c, Counted)]
    if wholes:
        lines += ["", "分解到单位的指标（按合计计为一个指标）"]
        for w in wholes:
            units = "、".join(u for p in w.parts for u in p.units)
            deviation = None if w.completion is None or w.time_progress is None else w.time_progress - w.completion
            values = (w.id, w.indicator, units, pct(w.completion), pct(w.time_progress), pct(deviation),
                      w.status + ("↑" if w.escalated else ""))
            lines.append("  ".join(pad(v, wd, right=n in (3, 4, 5)) for n, (v, (_, wd)) in enumerate(zip(values, cols))))
    lines += ["", "单位排名"]
    ucols = (("排名", 4), ("责任单位", 22), ("指标", 4), ("已完成", 6), ("正常", 4), ("滞后", 4), ("严重滞后", 8),
             ("未报送", 6), ("完成率", 8))
    lines.append("  ".join(pad(h, w) for h, w in ucols))
    for u in found.units():
        values = (u["rank"], u["unit"], u["indicators"], u["done"], u["green"], u["yellow"], u["red"], u["missing"],
                  pct(u["completion"]))
        lines.append("  ".join(pad(v, w, right=n != 1) for n, (v, (_, w)) in enumerate(zip(values, ucols))))
    if county["escalated"]:
        lines += ["", f"↑：连续 {s.escalate} {periods_word(s.cadence)}滞后，升为严重滞后。"]
    if found.problems:
        lines += ["", f"无法按原样读取的单元格（{len(found.problems)} 处）："]
        lines += [f"  {p.message}。{p.hint}" for p in found.problems]
    return "\n".join(lines)
