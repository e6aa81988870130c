"""The ``Parsed`` value every parser returns, and what the parsers share.

``Parsed`` is the raw cell beside the value read from it (``kind``, and a ``problem`` code with a
Chinese message and hint when it could not be read; ``note`` when leniency was applied).
``read_special`` reads what every kind of cell reads alike (blank, none-marker, Excel errors); ``memo``
keeps a value read once; ``Fail`` is how a parser gives up on a cell inside ``parse.number`` and
``parse.date``; ``clean``, ``kind_of``, ``fmt`` and ``brief`` are the small helpers they share.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from decimal import Decimal
from functools import wraps
from numbers import Real
from typing import NamedTuple

from minsheng.model.book import INVISIBLE


class Parsed(NamedTuple):
    raw: object
    value: object
    kind: str
    problem: str | None = None
    message: str | None = None
    hint: str | None = None
    note: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None

EXCEL_ERRORS = frozenset({"#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!",
                          "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#GETTING_DATA"})
NONE_MARKERS = frozenset({"无", "没有", "暂无", "无问题", "暂无问题", "没有问题", "无此项", "不涉及", "不适用",
                          "N/A", "NA", "NONE", "NULL"})
_DASHES = re.compile(r"[-‐‑‒–—―─/\\]+")  # —, --, /, ／ … (full-width forms arrive as ASCII after NFKC)

_SPACES = re.compile(r"\s+")


class Fail(Exception):
    def __init__(self, code: str, message: str, hint: str | None = None):
        super().__init__(code)
        self.code, self.message, self.hint = code, message, hint


def clean(text: str) -> str:
    """Full-width to half-width (NFKC), invisible characters out, whitespace trimmed and collapsed."""
    text = INVISIBLE.sub("", unicodedata.normalize("NFKC", text)).replace("\u2212", "-")
    return _SPACES.sub(" ", text).strip()


def kind_of(raw: object) -> str:
    if isinstance(raw, Real) and not isinstance(raw, bool):
        return "number"
    return "date" if isinstance(raw, (dt.date, dt.time)) else "text"


def fmt(n: Decimal | float | int) -> str:
    if isinstance(n, int):
        return str(n)
    return format(Decimal(repr(n)) if isinstance(n, float) else n.normalize(), "f").removesuffix(".0")


def brief(raw: object) -> str:
    shown = repr(raw)
    return shown if len(shown) <= 30 else shown[:29] + "…"


def read_special(raw: object) -> Parsed | None:
    """Blank, none-marker and Excel error values read alike in every kind of cell."""
    if raw is None:
        return Parsed(raw, None, "blank")
    if not isinstance(raw, str):
        return None
    text = clean(raw)
    if not text:
        return Parsed(raw, None, "blank")
    if text.upper() in EXCEL_ERRORS:
        return Parsed(raw, None, "error", "excel-error", f"单元格显示错误值 {text}，通常是公式出错或引用失效",
                      "请检查公式，或删除公式直接填写数值")
    if text.upper().rstrip("。.") in NONE_MARKERS or _DASHES.fullmatch(text):  # 无。 as often as 无
        return Parsed(raw, None, "none-marker")
    return None


_MEMO_LIMIT = 50_000


def memo(parser):
    """The parsers are pure: a cell value read once is not read again (the 校验 rules and the
    consolidator read the same cells). Only values whose equality means sameness are kept: exact
    ``str``, ``int`` and nonzero finite ``float`` (0.0 equals -0.0, NaN equals nothing), and None.
    ``raw`` is always the object passed in."""
    kept: dict = {}

    @wraps(parser)
    def parse(raw: object, **options) -> Parsed:
        kind = type(raw)
        if not (raw is None or kind is str or kind is int or (kind is float and raw and math.isfinite(raw))):
            return parser(raw, **options)
        key = (kind, raw, *options.items())
        found = kept.get(key)
        if found is None:
            if len(kept) >= _MEMO_LIMIT:
                kept.clear()
            found = kept[key] = parser(raw, **options)
        return found if found.raw is raw else Parsed(raw, *found[1:])  # the very object the clerk's cell gave

    return parse

