"""The rules on reading the cells and on what a begun row must hold.

``unreadable``: what the parser could not read; ``read_leniently``: numbers typed as text and
readings with a note; ``required``: a row not reported, or begun without its value or basics;
``only_spaces``: a cell that looks empty but holds spaces, where no other rule speaks of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from minsheng.check.findings import Finding
from minsheng.check.parse import Parsed
from minsheng.check.row import (DATE, EMPTY, EXPLAIN, IMAGE, REQUIRED_TEXT, VALUE, Row, number, percent, spaces_only,
                                typed)
from minsheng.check.rules.plan import behind
from minsheng.model import layout as L


def _note(parsed: Parsed) -> str:
    return f"（{parsed.note}）" if parsed.note else ""


def _shown_value(header: str, value: object) -> str:
    if header == IMAGE:
        return percent(value)
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    return number(value)


def unreadable(row: Row) -> Iterator[Finding]:
    """What the parser could not read with certainty: the parser's own code, the raw text kept."""
    for header in L.INPUT_COLUMNS:
        if row.has(header) and not (parsed := row.cell(header)).ok:
            yield row.finding(parsed.problem, header, raw=str(parsed.raw).strip(), reason=parsed.message,
                              parse_hint=parsed.hint or "")


def read_leniently(row: Row) -> Iterator[Finding]:
    """Numbers typed as text (formulas do not count them) and anything read with a note."""
    for header in (VALUE, IMAGE, DATE):
        if not row.has(header):
            continue
        parsed = row.cell(header)
        if not parsed.ok or parsed.kind not in ("number", "date"):
            continue
        if header != DATE and isinstance(parsed.raw, str):
            yield row.finding("number-as-text", header, raw=parsed.raw.strip(),
                              value=_shown_value(header, parsed.value), note=_note(parsed))
        elif parsed.note:
            value = _shown_value(header, parsed.value)  # written out only for a finding
            yield row.finding("lenient-reading", header, raw=str(parsed.raw).strip(), value=value,
                              note=_note(parsed), example=value)


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
        yield row.finding("required-value-missing", row.value_header, shown=typed(value), example=example)
    for header in REQUIRED_TEXT:
        if row.has(header) and (parsed := row.cell(header)).kind in EMPTY:
            yield row.finding("required-field-missing", header, shown=typed(parsed))


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
