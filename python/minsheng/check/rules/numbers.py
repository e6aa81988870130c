"""The rules on the figures: 累计完成 and 形象进度 against last month, the target and their range.

A figure far above target that, read in the smaller measure (亩 for 万亩), fits it is ``measure-slip``
(``scale_slip``); otherwise ``far-above-target``. Cumulative figures never fall below last month's.
"""

from __future__ import annotations

from collections.abc import Iterator

from minsheng.check.findings import Finding
from minsheng.check.row import EPSILON, IMAGE, VALUE, Row, number, number_cell, percent


def non_negative(row: Row) -> Iterator[Finding]:
    if row.has(VALUE) and (value := row.cell(VALUE)).kind == "number" and value.ok and value.value < 0:
        yield row.finding("negative-number", VALUE, value=number(value.value))


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


def progress_in_range(row: Row) -> Iterator[Finding]:
    if not row.has(IMAGE) or not (image := row.cell(IMAGE)).ok or image.kind != "number":
        return
    if not -EPSILON <= image.value <= 1 + EPSILON:
        typed = f"填的是 {number(image.raw)}，按百分比显示为 " if number_cell(image.raw) else ""
        yield row.finding("progress-out-of-range", IMAGE, value=typed + percent(image.value))


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
