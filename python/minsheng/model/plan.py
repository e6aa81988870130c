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


# ---------------------------------------------------------------- default plans

STEP_MAX = 5  # a whole-number target up to this (1 家, 2 座) is done at once, not by fractions
_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
              "十一": 11, "十二": 12}
_MONTH = re.compile(r"(1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])\s*月")
_QUARTER = re.compile(r"([一二三四1-4])\s*季度")
_YEAR = re.compile(r"(20\d\d)\s*年")


def deadline_month(text: object, year: int | None = None) -> int | None:
    """The month a 完成时限 ends the work in: "6月底前" 6, "9月投入使用" 9, "三季度" 9, "上半年" 6,
    "年底前" 12; None when the text names no month (blank, or words this does not read), and
    12 when it names a later year than ``year``. The last month named counts ("3月启动，6月底前完成")."""
    if is_blank(text):
        return None
    text = unicodedata.normalize("NFKC", str(text)).strip()
    years = [int(y) for y in _YEAR.findall(text)]
    if year is not None and years and max(years) > year:
        return 12
    found = [(m.end(), _CN_DIGITS.get(m.group(1)) or int(m.group(1))) for m in _MONTH.finditer(text)]
    found += [(m.end(), 3 * (_CN_DIGITS.get(m.group(1)) or int(m.group(1)))) for m in _QUARTER.finditer(text)]
    found += [(text.index(w) + len(w), n) for w, n in (("上半年", 6), ("下半年", 12), ("年底", 12), ("年末", 12),
                                                         ("年内", 12), ("全年", 12))
              if w in text]
    return max(found)[1] if found else None


def default(target: float | None, deadline: int | None = None) -> tuple[str, list[float]]:
    """(计划类型, the twelve planned cumulatives) an indicator starts with. Linear to its deadline
    month (December without one), then flat at the target; a whole-number target up to ``STEP_MAX``
    with a deadline is planned whole at that month (到期完成), nothing before. ``target`` None: a
    形象进度 item, planned as a share (1.0 is done)."""
    full = 1.0 if target is None else target
    end = deadline or 12
    if target is not None and deadline and float(target).is_integer() and 0 < target <= STEP_MAX:
        return "到期完成", [full if m >= end else 0.0 for m in L.MONTHS]
    return "线性", [round(full * min(m, end) / end, 4) for m in L.MONTHS]


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
