"""The row the 校验 rules read: one indicator's row of a month sheet, with what they need beside it.

A ``Row`` holds the month's record, last month's record for the same indicator, the plan, the
settings, and reads each input cell once through ``minsheng.check.parse`` (raw text kept beside
the value). The column names the rules speak of (``VALUE``, ``IMAGE``, ``DATE``, ``EXPLAIN`` …) and
the way a figure is written into a message (``number``, ``percent``, ``typed``) live here too.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from minsheng.check.findings import Finding, make
from minsheng.check.parse import Parsed, parse_date, parse_number, parse_percent, parse_text
from minsheng.model import formulas
from minsheng.model import layout as L
from minsheng.model.kinds import NONE, Kind
from minsheng.model.settings import Settings
from minsheng.model.text import cell_text

VALUE, IMAGE, DATE = "累计完成", "形象进度", "填报日期"
EXPLAIN = ("存在问题", "下步措施")
REQUIRED_TEXT = ("进展情况", "填报人", "联系电话", DATE)
REPORTED = (VALUE, IMAGE, "进展情况", "存在问题", "下步措施", DATE)  # 填报人/电话 are often prefilled
EMPTY = ("blank", "none-marker")
EPSILON = 1e-9
BLANK = Parsed(None, None, "blank")  # an empty cell, as every parser reads it: no parser is asked


class Row:
    """One indicator's row of the month sheet, with what the rules need beside it.

    Each input cell is read once, when the row is made (an empty cell is ``BLANK`` without a
    parser); any other cell when a rule first asks for it. ``number`` is the sheet row as the
    clerk sees it, so findings name the cell the clerk will look at."""

    __slots__ = ("sheet", "number", "record", "letters", "month", "settings", "unit", "previous",
                 "previous_sheet", "plan", "target", "measure", "kind", "base", "file", "item", "indicator",
                 "_cells", "_before", "_once")

    def __init__(self, sheet: str, number: int, record: dict[str, object], letters: dict[str, str], month: int,
                 settings: Settings, *, unit: str = "", previous: dict[str, object] | None = None,
                 previous_sheet: str = "", plan: float | None = None, file: str = "", kind: Kind = NONE):
        self.file = file  # a unit's file, named in its findings
        self.kind, self.base = kind  # 目标类型 and 基期值 from 项目表 (``model.kinds``); blank kind is 累计
        self.sheet, self.number, self.record, self.letters = sheet, number, record, letters
        self.month, self.settings, self.unit = month, settings, unit
        self.previous, self.previous_sheet = previous, previous_sheet  # last month's record of the indicator
        self.plan = plan  # this month's planned cumulative (a share for 形象进度 items)
        target = parse_number(record.get("目标值"))
        self.target: float | None = target.value if target.ok and target.kind == "number" else None  # 0: 清零
        self.measure = str(record.get("计量单位") or "").strip()
        self.item = cell_text(record.get("项目编号"))
        self.indicator = cell_text(record.get("指标"))
        self._cells: dict[str, Parsed] = {  # every input cell read at once: the rules read them all
            h: BLANK if (raw := record.get(h)) is None else _parse(h, raw, self.measure, settings.year)
            for h in L.INPUT_COLUMNS if h in letters}
        self._before: dict[str, Parsed] = {}
        self._once: dict[str, object] = {}

    @property
    def qualitative(self) -> bool:
        return self.target is None

    @property
    def value_header(self) -> str:
        """The cell that says how far the indicator is: 形象进度 without a number target."""
        return IMAGE if self.target is None else VALUE

    def has(self, header: str) -> bool:
        return header in self.letters

    def cell(self, header: str) -> Parsed:
        return self._read(self._cells, self.record, header)

    def before(self, header: str) -> Parsed | None:
        """Last month's cell, read the same way; None when there is no last month."""
        return None if self.previous is None else self._read(self._before, self.previous, header)

    def _read(self, kept: dict[str, Parsed], record: dict, header: str) -> Parsed:
        """``record``'s cell under ``header``, parsed once into ``kept`` (an empty cell is BLANK, no parser)."""
        found = kept.get(header)
        if found is None:
            raw = record.get(header)
            found = kept[header] = BLANK if raw is None else _parse(header, raw, self.measure, self.settings.year)
        return found

    def once(self, name: str, compute: Callable[[Row], object]) -> object:
        """``compute(self)``, worked out on the first call for ``name`` and kept: what several rules
        ask of one row (whether it is begun, behind plan, a slip of measure) is read once."""
        if name not in self._once:
            self._once[name] = compute(self)
        return self._once[name]

    def begun(self) -> bool:
        """Whether any reported cell (``REPORTED``) holds something: a row not begun is not reported."""
        return self.once("begun", _begun)

    def at(self, header: str) -> str:
        return f"{self.letters[header]}{self.number}"

    def finding(self, code: str, header: str, **fields) -> Finding:
        return make(code, sheet=self.sheet, cell=self.at(header), item=self.item, indicator=self.indicator,
                    unit=self.unit, file=self.file, header=header, previous_sheet=self.previous_sheet, **fields)

    def completion(self) -> float | None:
        if self.target is None:
            image = self.cell(IMAGE)
            return image.value if image.kind == "number" and image.ok else None
        value = self.cell(VALUE)
        figure = formulas.level(value.value, self.measure) if value.ok and value.kind == "number" else None
        return formulas.completion(figure, self.target, kind=self.kind, base=self.base)

    def final(self) -> bool:
        """The year's last month: a ceiling met is 已完成 only then."""
        return self.month == L.MONTHS[-1]


def _begun(row: Row) -> bool:
    """Whether any reported cell holds something; an empty cell is blank without being parsed."""
    record, letters = row.record, row.letters
    return any(h in letters and record.get(h) is not None and row.cell(h).kind != "blank" for h in REPORTED)


def _rate_as_text(parsed: Parsed) -> Parsed:
    """A figure of 1 or less typed as text into a rate row (计量单位 %): 0.62 may be 62 % (the
    fraction Excel holds for 62 %) or 0.62 %, and merged as a number it would read as 62 %.
    Not guessed: an error with both readings, so the row is not merged."""
    if not (parsed.ok and parsed.kind == "number" and isinstance(parsed.raw, str) and 0 < parsed.value <= 1):
        return parsed
    v = parsed.value
    return parsed._replace(
        value=None, problem="ambiguous-number",
        message=f"百分比指标中的文字“{str(parsed.raw).strip()}”可读作 {v * 100:g}%，也可读作 {v:g}%",
        hint=f"如为 {v * 100:g}%，请直接填数字 {v * 100:g}；如确为 {v:g}%，请直接输入 {v:g}%（数字单元格，不设为文本）")


def _parse(header: str, raw: object, measure: str, year: int) -> Parsed:
    if header == VALUE:
        parsed = parse_number(raw, measure=measure if measure and measure != "%" else None)
        return _rate_as_text(parsed) if measure == "%" else parsed
    if header == IMAGE:  # the column is formatted as a percentage: a number cell holds what it shows,
        if number_cell(raw) and math.isfinite(raw):  # 1.2 is 120 % (out of range), not the parser's 1.2 %
            return Parsed(raw, float(raw), "number")
        return parse_percent(raw)
    if header == DATE:
        return parse_date(raw, year=year)
    return parse_text(raw)


def number_cell(raw: object) -> bool:
    """Whether the cell held a number (not text, not TRUE/FALSE)."""
    return isinstance(raw, (int, float)) and not isinstance(raw, bool)


def number(value: float) -> str:
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def percent(value: float) -> str:
    return f"{value * 100:.1f}".rstrip("0").rstrip(".") + "%"


def typed(parsed: Parsed) -> str:
    """What the clerk typed, as a finding says it: 未填写, 只有空格…, or 填的是“…”."""
    if parsed.kind == "blank":
        return "只有空格，按未填写处理" if spaces_only(parsed.raw) else "未填写"
    return f"填的是“{str(parsed.raw).strip()}”"


def spaces_only(raw: object) -> bool:
    """A cell that looks empty but holds text: spaces (half- or full-width), line breaks, zero-width characters."""
    return isinstance(raw, str) and raw != "" and parse_text(raw).kind == "blank"
