"""A bulletin or digest as a document model, before any Word formatting.

Headings, paragraphs, tables and a bar chart in reading order (``Document.blocks``), the masthead,
issuer, date and 版记 around them. ``minsheng.paper.bulletin`` and ``minsheng.paper.digest`` build it;
``minsheng.paper.word`` lays it out; ``Document.text()`` is its plain text for golden-file tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from minsheng.status.progress import pct


@dataclass
class Heading:
    text: str
    level: int = 1  # 1: 一、 (黑体)  2: （一） (楷体)


@dataclass
class Para:
    text: str
    label: str = ""  # a bold lead-in such as 存在问题：


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]]
    widths: list[float]  # cm
    status_column: int | None = None  # cells coloured by traffic light
    left: tuple[int, ...] = ()  # columns of names, aligned left


@dataclass
class Bar:
    label: str
    completion: float | None
    time_progress: float | None
    status: str


@dataclass
class Chart:
    caption: str
    bars: list[Bar]


@dataclass
class Document:
    masthead: str
    issue: str
    title: str
    salutation: str
    issuer: str
    day: date
    compact: bool = False  # a one-page digest: smaller type
    blocks: list = field(default_factory=list)
    copies: str = ""  # 版记 抄送; blank: no 版记 (a digest)

    def imprint(self) -> list[str]:
        """The 版记 lines: 抄送, then who printed it and when (印发)."""
        if not self.copies:
            return []
        return [f"抄送：{self.copies}", f"{self.issuer}  {cn_date(self.day)}印发"]

    def text(self) -> str:
        lines = [self.masthead, self.issue, f"{self.issuer}  {cn_date(self.day)}", "", self.title, "", self.salutation]
        for b in self.blocks:
            if isinstance(b, Heading):
                lines.append(b.text)
            elif isinstance(b, Para):
                lines.append(f"    {b.label}{b.text}")
            elif isinstance(b, Table):
                lines.append(b.caption)
                lines.extend(" | ".join(r) for r in [b.headers, *b.rows])
            elif isinstance(b, Chart):
                lines.append(b.caption)
                lines.extend(f"{x.label}: 完成率 {pct(x.completion)} / 时序进度 {pct(x.time_progress)} ({x.status})"
                             for x in b.bars)
        imprint = ["", *self.imprint()] if self.copies else []
        return "\n".join([*lines, "", self.issuer, cn_date(self.day), *imprint]) + "\n"


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
