"""Chart caches: the values a chart part keeps beside each reference, filled from the sheet.

A chart in an .xlsx names its data (``<c:f>汇总!$B$35:$B$43</c:f>``) and keeps a copy of it
(``<c:strCache>`` / ``<c:numCache>``). Excel and LibreOffice draw from the cells, but mail
previews, phone viewers and Quick Look draw from the copy: a chart written before its data
(the builder's, over an empty 汇总) shows nothing there until the copy is refreshed.
``refresh(xml, sheet, value)`` rewrites the copies of one chart part for the references on
``sheet``, from ``value(row, col)`` (0-based), and leaves every other byte as it was.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from xml.sax.saxutils import escape

CHART_PARTS = re.compile(r"^xl/charts/chart\d+\.xml$")
_REF = re.compile(rb"<(?P<p>(?:\w+:)?)(?P<kind>strRef|numRef)>\s*<(?P=p)f>(?P<f>[^<]*)</(?P=p)f>(?P<body>.*?)"
                  rb"</(?P=p)(?P=kind)>", re.S)
_FORMAT = re.compile(rb"<(?:\w+:)?formatCode>([^<]*)</(?:\w+:)?formatCode>")
_RANGE = re.compile(r"^(?:'((?:[^']|'')+)'|([^!]+))!\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$")


def cells(formula: str) -> tuple[str, list[tuple[int, int]]] | None:
    """(sheet, 0-based cells in order) of a one-row or one-column reference; None for anything else."""
    found = _RANGE.match(formula.strip())
    if not found:
        return None
    quoted, plain, c1, r1, c2, r2 = found.groups()
    sheet = quoted.replace("''", "'") if quoted else plain
    a, b = (_col(c1), int(r1) - 1), (_col(c2 or c1), int(r2 or r1) - 1)
    if a[0] != b[0] and a[1] != b[1]:
        return None
    return sheet, [(r, c) for r in range(a[1], b[1] + 1) for c in range(a[0], b[0] + 1)]


def refresh(xml: bytes, sheet: str, value: Callable[[int, int], object]) -> bytes:
    """The chart part with the caches of its references on ``sheet`` rebuilt from ``value``."""

    def one(m: re.Match) -> bytes:
        target = cells(_unescape(m.group("f").decode("utf-8")))
        if target is None or target[0] != sheet:
            return m.group(0)
        p, kind = m.group("p").decode(), m.group("kind").decode()
        values = [value(r, c) for r, c in target[1]]
        if kind == "strRef":
            points = "".join(f'<{p}pt idx="{i}"><{p}v>{escape(_text(v))}</{p}v></{p}pt>'
                             for i, v in enumerate(values) if v is not None and v != "")
            cache = f'<{p}strCache><{p}ptCount val="{len(values)}"/>{points}</{p}strCache>'
        else:
            code = _FORMAT.search(m.group("body"))
            fmt = code.group(1).decode("utf-8") if code else "General"
            points = "".join(f'<{p}pt idx="{i}"><{p}v>{_number(v)}</{p}v></{p}pt>'
                             for i, v in enumerate(values) if _number(v) is not None)
            cache = (f'<{p}numCache><{p}formatCode>{fmt}</{p}formatCode><{p}ptCount val="{len(values)}"/>'
                     f"{points}</{p}numCache>")
        return (f"<{p}{kind}><{p}f>".encode() + m.group("f") + f"</{p}f>{cache}</{p}{kind}>".encode("utf-8"))

    return _REF.sub(one, xml)


def _col(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _unescape(text: str) -> str:
    return text.replace("&apos;", "'").replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _text(v: object) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _number(v: object) -> str | None:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        return None
    return repr(float(v)) if isinstance(v, float) else str(v)
