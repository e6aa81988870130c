"""Dates as clerks type them: a date cell, an Excel serial number, ``2024-03-05``, ``3月5日``, ``20240305``."""

from __future__ import annotations

import datetime as dt
import math
import re
from numbers import Real

from minsheng.check.parse.parsed import Fail, Parsed, brief, clean, fmt, kind_of, memo, read_special

DATE_WINDOW_YEARS = 10  # a date further than this from the reporting year is a typo
_DATE_HINT = "请填写完整日期，如 {year}-03-05 或 {year}年3月5日"
_CLOCK = re.compile(r"[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$")  # 2024-03-05 00:00:00, as exported
_DATE_FORMS = (  # (pattern, groups for year, month, day; None: the reporting year)
    (re.compile(r"(\d{4})([./-])(\d{1,2})\2(\d{1,2})"), (1, 3, 4)),
    (re.compile(r"(\d{4}) ?年 ?(\d{1,2}) ?月 ?(\d{1,2}) ?[日号]?"), (1, 2, 3)),
    (re.compile(r"(\d{1,2}) ?月 ?(\d{1,2}) ?[日号]?"), (None, 1, 2)),
    (re.compile(r"(\d{4})(\d{2})(\d{2})"), (1, 2, 3)),
)


@memo
def parse_date(raw: object, *, year: int, epoch_1904: bool = False) -> Parsed:
    """A date from a date cell, an Excel serial number or text; ``3月5日`` takes the reporting ``year``."""
    special = read_special(raw)
    if special is not None:
        return special
    notes: list[str] = []
    try:
        if isinstance(raw, dt.datetime):
            day = raw.date()
            _note_time(raw.time(), notes)
        elif isinstance(raw, dt.date):
            day = raw
        elif isinstance(raw, Real) and not isinstance(raw, bool):
            day = _serial(raw, epoch_1904, notes)
        elif isinstance(raw, str):
            day = _date_text(clean(raw), year, epoch_1904, notes)
        else:
            raise Fail("not-a-date", f"单元格内容（{brief(raw)}）无法读作日期")
        if abs(day.year - year) > DATE_WINDOW_YEARS:
            raise Fail("date-out-of-range",
                        f"日期 {day:%Y-%m-%d} 与填报年度 {year} 年相差超过 {DATE_WINDOW_YEARS} 年，多半是填错了",
                        f"请核对年份，如 {year}-03-05")
    except Fail as fail:
        return Parsed(raw, None, kind_of(raw), fail.code, fail.message, fail.hint or _DATE_HINT.format(year=year))
    return Parsed(raw, day, "date", note="；".join(notes) or None)


def _note_time(time: dt.time, notes: list[str]) -> None:
    if time != dt.time(0):
        notes.append(f"已忽略时间 {time:%H:%M}")


def _serial(number: Real, epoch_1904: bool, notes: list[str]) -> dt.date:
    """An Excel date serial; an integer like 20240305 is read as 2024-03-05."""
    if not math.isfinite(number) or number <= 0:
        raise Fail("not-a-date", f"{number} 不是有效的日期")
    if number == int(number) and 19000101 <= number <= 29991231:
        text = str(int(number))
        notes.append(f"按“年月日”八位数字 {text} 读取")
        return _date(int(text[:4]), int(text[4:6]), int(text[6:]), text)
    days = int(number)
    if days > (2_957_003 if epoch_1904 else 2_958_465):  # 9999-12-31
        raise Fail("date-out-of-range", f"{float(number):g} 作为 Excel 日期序号太大")
    if not epoch_1904 and days == 60:
        raise Fail("not-a-date", "Excel 日期序号 60 是不存在的 1900年2月29日")
    if epoch_1904:
        day = dt.date(1904, 1, 1) + dt.timedelta(days)
    else:  # Excel counts the 1900-02-29 that never was: serials after it are one day ahead
        day = dt.date(1899, 12, 31 if days < 60 else 30) + dt.timedelta(days)
    notes.append(f"按 Excel 日期序号 {fmt(float(number))} 读取")
    if number != days:
        notes.append("已忽略小数部分（时间）")
    return day


def _date_text(text: str, year: int, epoch_1904: bool, notes: list[str]) -> dt.date:
    if re.fullmatch(r"\d{5}(\.\d+)?", text):  # a serial number kept as text
        return _serial(float(text), epoch_1904, notes)
    day, clock = text, _CLOCK.search(text)
    if clock:
        day = text[:clock.start()]
        try:
            _note_time(dt.time(*(int(part or 0) for part in clock.groups())), notes)
        except ValueError:
            raise Fail("not-a-date", f"“{text}”中的时间不存在") from None
    for pattern, (y, m, d) in _DATE_FORMS:
        if found := pattern.fullmatch(day):
            if y is None:
                notes.append(f"年份按填报年度 {year} 年补全")
            return _date(int(found[y]) if y else year, int(found[m]), int(found[d]), text)
    raise Fail("not-a-date", f"“{text}”无法读作日期")


def _date(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise Fail("not-a-date", f"“{text}”不是真实存在的日期") from None

