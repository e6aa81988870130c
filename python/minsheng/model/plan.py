"""The 计划 sheet, read once: each indicator's planned cumulative value for a month.

滞后预警 (``minsheng.status.progress``), 校验 and consolidation (``minsheng.check.validate``)
all read the plan here. A cell is read as the workbook's own formulas read it (a month
sheet's 本月计划累计 is a SUMIFS over this sheet, which adds numbers only), except that
nothing is guessed silently; the ``problem`` of a reading names the finding its reader reports:

- a number is the plan;
- a blank cell plans nothing yet: 0, as SUMIFS reads it;
- a number typed as text (``1200``, ``1,200``; ``60%`` in a 形象进度 row) is read, and said
  (``number-as-text``): the workbook's formulas count it as 0 until it is typed as a number;
- a 形象进度 row's plan outside 0–100 % is no plan (``progress-out-of-range``);
- anything else (words, ``1.2万``, a date, TRUE, an error) is no plan (``not-a-number``);
- an indicator without a row here has no plan (``plan-missing``).

A 形象进度 row is one whose 目标值 on this sheet is blank: its plan is a share (0.6 is 60 %).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from numbers import Real

from minsheng.model import layout as L
from minsheng.model.book import INVISIBLE, Book, Sheet, is_blank

_NUMBER_TEXT = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(%?)")


@dataclass(frozen=True)
class Planned:
    value: float | None  # the planned cumulative (a share for 形象进度); None: no plan could be read
    raw: object = None  # the cell as it is, kept beside the value
    cell: str = ""  # A1 address on the 计划 sheet; "" without a row
    problem: str = ""  # "", "number-as-text", "progress-out-of-range", "not-a-number" or "plan-missing"


def read_cell(raw: object, *, share: bool) -> tuple[float | None, str]:
    """(value, problem) of one plan cell; ``share``: the row is 形象进度 (a fraction, % allowed in text)."""
    if is_blank(raw):
        return 0.0, ""
    if isinstance(raw, Real) and not isinstance(raw, bool):
        value, problem = float(raw), ""
    elif isinstance(raw, str):
        text = INVISIBLE.sub("", unicodedata.normalize("NFKC", raw)).strip()
        found = _NUMBER_TEXT.fullmatch(text)
        if not found or (found.group(1) and not share):
            return None, "not-a-number"
        value = float(text.rstrip("%").replace(",", "")) / (100 if found.group(1) else 1)
        problem = "number-as-text"
    else:
        return None, "not-a-number"
    if value != value or value in (float("inf"), float("-inf")):
        return None, "not-a-number"
    if share and not 0 <= value <= 1:
        return None, "progress-out-of-range"
    return value, problem


def read(record: dict[str, object], month: int) -> tuple[float | None, str]:
    """(value, problem) of a 计划 row's cell for ``month`` (``record`` as ``Sheet.by_key`` gives it)."""
    return read_cell(record.get(f"{month}月"), share=is_blank(record.get("目标值")))


def values(rows: dict[tuple[str, str], tuple[int, dict[str, object]]], month: int) -> dict[tuple[str, str], float]:
    """(项目编号, 指标) → the planned cumulative for ``month``, for every row whose cell can be read."""
    out = {}
    for key, (_, record) in rows.items():
        value, _ = read(record, month)
        if value is not None:
            out[key] = value
    return out


class Plan:
    """The 计划 sheet's rows by (项目编号, 指标); ``Plan(None)`` for a book without one."""

    def __init__(self, sheet: Sheet | None):
        self.sheet = sheet
        self.rows = sheet.by_key() if sheet is not None else {}

    @classmethod
    def of(cls, book: Book) -> Plan:
        return cls(book[L.PLAN_SHEET] if L.PLAN_SHEET in book else None)

    def get(self, key: tuple[str, str], month: int) -> Planned:
        """The indicator's plan for ``month``, as read from its cell."""
        if key not in self.rows:
            return Planned(None, problem="plan-missing")
        row, record = self.rows[key]
        value, problem = read(record, month)
        return Planned(value, record.get(f"{month}月"), self.sheet.address(row, f"{month}月"), problem)

    def month(self, month: int) -> dict[tuple[str, str], float]:
        return values(self.rows, month)
