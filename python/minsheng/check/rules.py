"""The 校验 rules: one small function per rule, each yielding findings for one row.

A rule sees a ``Row``: the month's record, last month's record for the same
indicator, the plan, the settings, and each input cell read by ``minsheng.check.parse``
(raw text kept beside the value). Rules are independent: each reads the parsed
cells and never depends on another rule having run. ``RULES`` lists them in the
order their findings appear for a row.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable, Iterator

from minsheng.model import formulas
from minsheng.model import layout as L
from minsheng.check.parse import Parsed, parse_date, parse_number, parse_percent, parse_text
from minsheng.check.findings import Finding, make
from minsheng.check.stock_phrases import stock_only
from minsheng.model.deadlines import due_date
from minsheng.model import cadence
from minsheng.model.kinds import NONE, Kind
from minsheng.model.settings import Settings

VALUE, IMAGE, DATE = "累计完成", "形象进度", "填报日期"
EXPLAIN = ("存在问题", "下步措施")
REQUIRED_TEXT = ("进展情况", "填报人", "联系电话", DATE)
REPORTED = (VALUE, IMAGE, "进展情况", "存在问题", "下步措施", DATE)  # 填报人/电话 are often prefilled
EMPTY = ("blank", "none-marker")
EPSILON = 1e-9


class Row:
    """One indicator's row of the month sheet, with what the rules need beside it.

    Each cell is read once, when a rule first asks for it; ``number`` is the sheet row as the
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
        self.item = _key_text(record.get("项目编号"))
        self.indicator = _key_text(record.get("指标"))
        self._cells: dict[str, Parsed] = {}
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
        found = self._cells.get(header)
        if found is None:
            found = self._cells[header] = _parse(header, self.record.get(header), self.measure, self.settings.year)
        return found

    def before(self, header: str) -> Parsed | None:
        """Last month's cell, read the same way; None when there is no last month."""
        if self.previous is None:
            return None
        found = self._before.get(header)
        if found is None:
            found = self._before[header] = _parse(header, self.previous.get(header), self.measure, self.settings.year)
        return found

    def once(self, name: str, compute: Callable[[Row], object]) -> object:
        """``compute(self)``, worked out on the first call for ``name`` and kept: what several rules
        ask of one row (whether it is begun, behind plan, a slip of measure) is read once."""
        if name not in self._once:
            self._once[name] = compute(self)
        return self._once[name]

    def begun(self) -> bool:
        """Whether any reported cell (``REPORTED``) holds something: a row not begun is not reported."""
        return self.once("begun", lambda row: not all(row.cell(h).kind == "blank" for h in REPORTED if row.has(h)))

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


def check(row: Row) -> list[Finding]:
    """Every rule's findings for one row, in ``RULES`` order."""
    found: list[Finding] = []
    for rule in RULES:
        found.extend(rule(row))
    return found


def _key_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


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
        if _number_cell(raw) and math.isfinite(raw):  # 1.2 is 120 % (out of range), not the parser's 1.2 %
            return Parsed(raw, float(raw), "number")
        return parse_percent(raw)
    if header == DATE:
        return parse_date(raw, year=year)
    return parse_text(raw)


def _number_cell(raw: object) -> bool:
    return isinstance(raw, (int, float)) and not isinstance(raw, bool)


def number(value: float) -> str:
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def percent(value: float) -> str:
    return f"{value * 100:.1f}".rstrip("0").rstrip(".") + "%"


def _shown(parsed: Parsed) -> str:
    if parsed.kind == "blank":
        return "只有空格，按未填写处理" if spaces_only(parsed.raw) else "未填写"
    return f"填的是“{str(parsed.raw).strip()}”"


def spaces_only(raw: object) -> bool:
    """A cell that looks empty but holds text: spaces (half- or full-width), line breaks, zero-width characters."""
    return isinstance(raw, str) and raw != "" and parse_text(raw).kind == "blank"


def _note(parsed: Parsed) -> str:
    return f"（{parsed.note}）" if parsed.note else ""


def _shown_value(header: str, value: object) -> str:
    if header == IMAGE:
        return percent(value)
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    return number(value)


RULES: list[Callable[[Row], Iterator[Finding]]] = []


def rule(fn: Callable[[Row], Iterator[Finding]]) -> Callable[[Row], Iterator[Finding]]:
    RULES.append(fn)
    return fn


# ---------------------------------------------------------------- reading the cells

@rule
def unreadable(row: Row) -> Iterator[Finding]:
    """What the parser could not read with certainty: the parser's own code, the raw text kept."""
    for header in L.INPUT_COLUMNS:
        if row.has(header) and not (parsed := row.cell(header)).ok:
            yield row.finding(parsed.problem, header, raw=str(parsed.raw).strip(), reason=parsed.message,
                              parse_hint=parsed.hint or "")


@rule
def read_leniently(row: Row) -> Iterator[Finding]:
    """Numbers typed as text (formulas do not count them) and anything read with a note."""
    for header in (VALUE, IMAGE, DATE):
        if not row.has(header):
            continue
        parsed = row.cell(header)
        if not parsed.ok or parsed.kind not in ("number", "date"):
            continue
        value = _shown_value(header, parsed.value)
        if header != DATE and isinstance(parsed.raw, str):
            yield row.finding("number-as-text", header, raw=parsed.raw.strip(), value=value, note=_note(parsed))
        elif parsed.note:
            yield row.finding("lenient-reading", header, raw=str(parsed.raw).strip(), value=value,
                              note=_note(parsed), example=value)


# ---------------------------------------------------------------- required fields

@rule
def required(row: Row) -> Iterator[Finding]:
    """A row not reported at all is one finding; a row begun must have its value and the basics."""
    if not row.has(row.value_header):
        return
    if not row.begun():
        yield row.finding("not-reported", row.value_header)
        return
    value = row.cell(row.value_header)
    if value.kind in EMPTY:
        example = "如 60%" if row.qualitative else f"截至本月底的累计数（{row.measure or '数字'}）"
        yield row.finding("required-value-missing", row.value_header, shown=_shown(value), example=example)
    for header in REQUIRED_TEXT:
        if row.has(header) and (parsed := row.cell(header)).kind in EMPTY:
            yield row.finding("required-field-missing", header, shown=_shown(parsed))


# ---------------------------------------------------------------- numbers

@rule
def non_negative(row: Row) -> Iterator[Finding]:
    if row.has(VALUE) and (value := row.cell(VALUE)).kind == "number" and value.ok and value.value < 0:
        yield row.finding("negative-number", VALUE, value=number(value.value))


@rule
def cumulative_not_decreasing(row: Row) -> Iterator[Finding]:
    """累计完成 is cumulative: never below last month's."""
    now, before = _pair(row, VALUE)
    if now is not None and before is not None and now < before - EPSILON:
        yield row.finding("cumulative-decreased", VALUE, value=number(now), previous=number(before))


# A figure typed in the smaller measure: 8000 (亩) in a 万亩 row, 9500 in a % row meaning 95 %.
# (prefix of 计量单位, what one of it is in the smaller measure, the smaller measure, ratio to target from
# which the figure cannot be meant as typed). 万/亿 rows: about 10,000×; % rows: about 100×.
SCALE_SLIPS = (("万", 10_000, "{rest}", 100), ("亿", 10_000, "万{rest}", 100), ("%", 100, "", 10))


def scale_slip(row: Row) -> tuple[float, str] | None:
    """(the likely reading, the smaller measure) when 累计完成 is far above what fits the target and,
    read in the smaller measure (亩 for 万亩, 万元 for 亿元, a % written ×100), fits it."""
    return row.once("scale_slip", _scale_slip)


def _scale_slip(row: Row) -> tuple[float, str] | None:
    target, factor = row.target, row.settings.overshoot or 1
    if not target or target <= 0 or not row.has(VALUE):
        return None
    value = row.cell(VALUE)
    if not (value.ok and value.kind == "number" and value.value > 0):
        return None
    for prefix, scale, smaller, ratio in SCALE_SLIPS:
        fits = row.measure == "%" if prefix == "%" else row.measure.startswith(prefix) and len(row.measure) > 1
        if fits and value.value >= target * max(ratio, factor) and value.value / scale <= target * factor:
            return value.value / scale, smaller.format(rest=row.measure[1:])
    return None


@rule
def not_in_smaller_measure(row: Row) -> Iterator[Finding]:
    """8000 typed against 3 万亩 is 8000 亩 (0.8 万亩), not 266,666 %: an error, the reading in the hint."""
    found = scale_slip(row)
    if found is not None:
        reading, smaller = found
        value = row.cell(VALUE).value
        typed = f"{number(value)}{smaller}" if smaller else f"{number(value)}%"
        yield row.finding("measure-slip", VALUE, value=number(value), target=number(row.target),
                          measure=row.measure, ratio=number(round(value / row.target)), typed=typed,
                          reading=number(reading), read=f"{number(reading)}{row.measure}")


@rule
def not_far_above_target(row: Row) -> Iterator[Finding]:
    """Far above target is most often a slip of digits or of measure (元 for 万元); a slip of
    measure that the figure itself shows is ``measure-slip``, an error, said once."""
    target, factor = row.target, row.settings.overshoot
    value = row.cell(VALUE) if row.has(VALUE) else None
    if scale_slip(row) is not None:
        return
    if target and factor and value and value.ok and value.kind == "number" and value.value > target * factor:
        yield row.finding("far-above-target", VALUE, value=number(value.value), target=number(target),
                          factor=number(factor), measure=row.measure or "见计量单位")


@rule
def progress_in_range(row: Row) -> Iterator[Finding]:
    if not row.has(IMAGE) or not (image := row.cell(IMAGE)).ok or image.kind != "number":
        return
    if not -EPSILON <= image.value <= 1 + EPSILON:
        typed = f"填的是 {number(image.raw)}，按百分比显示为 " if _number_cell(image.raw) else ""
        yield row.finding("progress-out-of-range", IMAGE, value=typed + percent(image.value))


@rule
def progress_not_decreasing(row: Row) -> Iterator[Finding]:
    now, before = _pair(row, IMAGE)
    if now is not None and before is not None and now < before - EPSILON:
        yield row.finding("progress-decreased", IMAGE, value=percent(now), previous=percent(before))


def _pair(row: Row, header: str) -> tuple[float | None, float | None]:
    if not row.has(header):
        return None, None
    now, before = row.cell(header), row.before(header)
    if not (now.ok and now.kind == "number" and before is not None and before.ok and before.kind == "number"):
        return None, None
    return now.value, before.value


@rule
def only_spaces(row: Row) -> Iterator[Finding]:
    """A cell holding only spaces reads as not filled in, and says so: here for the cells no other rule
    speaks of when blank (the required and behind-plan rules say 只有空格 in their own findings)."""
    spoken = {row.value_header}
    if row.begun():  # as ``required`` sees it
        spoken.update(REQUIRED_TEXT)
        if behind(row) is not None:
            spoken.update(EXPLAIN)
    for header in L.INPUT_COLUMNS:
        if header not in spoken and row.has(header) and spaces_only(row.record.get(header)):
            yield row.finding("only-spaces", header)


# ---------------------------------------------------------------- behind plan

BEHIND = ("滞后", "严重滞后", formulas.OVER)


def behind(row: Row) -> tuple[str, float, float | None] | None:
    """(状态, completion, time progress) when the row is 滞后, 严重滞后 or (a ceiling) 超出控制目标,
    as ``formulas.status`` says for the row's 目标类型. Time progress is None for a ceiling or a
    清零 row, which are judged against the target alone."""
    return row.once("behind", _behind)


def _behind(row: Row) -> tuple[str, float, float | None] | None:
    rate = row.completion()
    progress = formulas.time_progress(row.plan, row.target, row.kind)
    if rate is None or (progress is None and row.kind not in (formulas.CEILING, formulas.CLEAR)):
        return None
    status = formulas.status(rate, progress, row.settings.yellow, row.settings.red, kind=row.kind, final=row.final())
    return (status, rate, progress) if status in BEHIND else None


@rule
def behind_plan_explained(row: Row) -> Iterator[Finding]:
    """A row behind plan says what the problem is and what will be done: real text, this month's."""
    found = behind(row)
    if found is None:
        return
    status, rate, progress = found
    shown = {"status": status, "rate": percent(rate), "plan": "不适用" if progress is None else percent(progress)}
    for header in EXPLAIN:
        if not row.has(header):
            continue
        text = row.cell(header)
        code = unexplained(text, row.before(header))
        if code in ("behind-plan-unexplained", "behind-plan-stock-phrase"):
            yield row.finding(code, header, shown=_shown(text), **shown)
        elif code == "behind-plan-text-unchanged":
            yield row.finding("behind-plan-text-unchanged", header, **shown)


def unexplained(text: Parsed, before: Parsed | None) -> str | None:
    """Why a lagging row's 存在问题 / 下步措施 does not explain it, as a finding code, or None when it does:
    blank or “无” (``behind-plan-unexplained``), last month's text again (``behind-plan-text-unchanged``), or
    only stock phrases (``behind-plan-stock-phrase``, ``minsheng.check.stock_phrases``).
    ``before`` is last month's cell, None when there is none. The bulletin reads texts the same way."""
    if text.kind in EMPTY:
        return "behind-plan-unexplained"
    if before is not None and before.kind == "text" and _same_text(text.value, before.value):
        return "behind-plan-text-unchanged"
    if text.kind == "text" and stock_only(text.value):
        return "behind-plan-stock-phrase"
    return None


def explanation_refused(text: object, before: object = None) -> bool:
    """A 存在问题 / 下步措施 cell (and last month's) that 校验 would not accept for a lagging row."""
    previous = None if before is None else parse_text(before)
    return unexplained(parse_text(text), previous) is not None


def _same_text(a: object, b: object) -> bool:
    def norm(text: object) -> str:
        return "".join(unicodedata.normalize("NFKC", str(text)).split()).rstrip("。.")
    return norm(a) == norm(b)


@rule
def target_reached_shown_done(row: Row) -> Iterator[Finding]:
    """A row at or above target must show 已完成; another status means the formula was overwritten.
    A ceiling met shows 正常 until the year's last month."""
    shown = row.record.get("状态")
    rate = row.completion()
    if row.kind == formulas.CEILING and not row.final():
        return
    if row.has("状态") and isinstance(shown, str) and shown.strip() in L.STATUSES and shown.strip() != "已完成":
        if rate is not None and rate >= 1:
            yield row.finding("target-reached-not-done", "状态", rate=percent(rate), shown=shown.strip())


# ---------------------------------------------------------------- contact and date

_MOBILE = re.compile(r"(?:\+?86)?1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{2,3}\d{7,8}(?:(?:转|ext|x)\d{1,6})?", re.IGNORECASE)
_PHONE_SPLIT = re.compile(r"[、,，;；/]|或")


def phone_ok(text: str) -> bool:
    """Every number given is a mobile or a landline with its area code."""
    text = unicodedata.normalize("NFKC", text)
    parts = [re.sub(r"[\s\-()（）]", "", part) for part in _PHONE_SPLIT.split(text)]
    parts = [part for part in parts if part]
    return bool(parts) and all(_MOBILE.fullmatch(p) or _LANDLINE.fullmatch(p) for p in parts)


@rule
def phone_format(row: Row) -> Iterator[Finding]:
    if row.has("联系电话") and (phone := row.cell("联系电话")).kind == "text" and not phone_ok(phone.value):
        yield row.finding("phone-format", "联系电话", raw=str(phone.raw).strip())


def reporting_window(month: int, settings: Settings) -> tuple[dt.date, dt.date]:
    """The days a report on ``month`` may carry: after last month's due day, up to this one's.

    A report is due on ``settings.due_day`` of the next month, so the windows of
    consecutive months meet and never overlap: a date in an earlier window is most
    often last month's date left unchanged, a later one a late report or a slip of
    the pen. Both are warnings. A report made before month end is inside the window.
    """
    before = cadence.previous(month, settings.cadence) or 0  # under 季: after last quarter's due day
    return (due_date(settings.year, before, settings.due_day) + dt.timedelta(days=1),
            due_date(settings.year, month, settings.due_day))


@rule
def report_date_in_window(row: Row) -> Iterator[Finding]:
    if not row.has(DATE) or (date := row.cell(DATE)).kind != "date" or not date.ok:
        return
    start, end = reporting_window(row.month, row.settings)
    if start <= date.value <= end:
        return
    why = "，可能沿用了上月的日期" if date.value < start else "，晚于报送截止日，或日期填错"
    yield row.finding("report-date-outside-window", DATE, value=f"{date.value:%Y-%m-%d}", month=row.month,
                      start=f"{start:%Y-%m-%d}", end=f"{end:%Y-%m-%d}", why=why)
