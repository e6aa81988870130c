"""Two ways to touch a workbook, one interface.

The core reads a workbook as plain values (``Book`` of ``Sheet`` blocks, each a
list of rows with the header first) and says what should change as a list of
``CellChange``. Files are read with python-calamine and written with openpyxl
(``minsheng.engines.file``); the workbook open in Excel is read and written through
xlwings (``minsheng.xl``). Neither side needs to know the other.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

from minsheng.model import layout as L
from minsheng.model.text import cell_text


@dataclass
class Sheet:
    """A sheet's used range as values; ``rows[0]`` is the header row (sheet row 1)."""

    name: str
    rows: list[list]
    _columns: dict[str, int] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def header(self) -> list[str]:
        """Row 1's texts, stripped; 分管区领导 (… the place's words) read as 分管县领导 (``layout.HEADER_ALIASES``)."""
        texts = (str(h).strip() if h is not None else "" for h in (self.rows[0] if self.rows else []))
        return [L.HEADER_ALIASES.get(h, h) for h in texts]

    def columns(self) -> dict[str, int]:
        """Header text → 0-based column index (first occurrence); the header row is read once
        (no reader edits a sheet's header in place)."""
        if self._columns is None:
            found: dict[str, int] = {}
            for i, h in enumerate(self.header):
                if h and h not in found:
                    found[h] = i
            self._columns = found
        return self._columns

    def records(self) -> list[tuple[int, dict[str, object]]]:
        """(sheet row number, {header: value}) for each non-blank data row, read afresh each call
        (readers and tests change cells in place); a caller that needs them twice keeps them."""
        cols = self.columns()
        names, width = list(cols), max(cols.values(), default=-1) + 1
        pick = itemgetter(*cols.values()) if len(cols) > 1 else (lambda row: tuple(row[i] for i in cols.values()))
        out = []
        for n, row in enumerate(self.rows[1:], start=2):
            if row.count(None) == len(row) or all(is_blank(v) for v in row):
                continue
            if len(row) < width:
                row = row + [None] * (width - len(row))
            out.append((n, dict(zip(names, pick(row)))))
        return out

    def by_key(self) -> dict[tuple[str, str], tuple[int, dict[str, object]]]:
        """(项目编号, 指标) → (sheet row number, record). Later duplicates do not replace earlier ones."""
        return keyed(self.records())

    def address(self, row: int, header: str) -> str:
        """A1 address of ``header``'s column in sheet row ``row``."""
        return f"{L.column_letter(self.columns()[header])}{row}"


@dataclass
class Book:
    path: Path | None
    sheets: dict[str, Sheet] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Sheet:
        return self.sheets[name]

    def __contains__(self, name: str) -> bool:
        return name in self.sheets

    def month(self, month: int) -> Sheet:
        return self.sheets[L.month_sheet(month)]

    @property
    def name(self) -> str:
        return self.path.name if self.path else "（当前工作簿）"


@dataclass(frozen=True)
class CellChange:
    """One cell to set: the core decides, an adapter applies. ``old`` is what the core saw."""

    sheet: str
    cell: str  # A1
    old: object
    new: object


class Formula(str):
    """A formula the core generated (e.g. ``results.link``), to be written as a formula.

    Every other text is written as text, even when it starts with '=': what a clerk
    typed is never turned into a formula. A writer that does not know this type
    treats it as text, which is the safe side."""

    __slots__ = ()

    def __new__(cls, text: str) -> Formula:
        if not text.startswith("="):
            raise ValueError(f"not a formula: {text!r}")
        return super().__new__(cls, text)


INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")  # zero-width characters pasted with text


def is_blank(value: object) -> bool:
    """Nothing in the cell: None, or text of spaces (full-width too) and invisible characters only.

    The one meaning of blank: the parser's ``blank`` kind, the readers' empty rows and
    every "not filled" test use it."""
    if value is None:
        return True
    if not isinstance(value, str):
        return False
    if value.isascii():
        return not value.strip()
    text = value.strip()
    if text and (text[0].isalnum() or text[-1].isalnum()):  # a letter or digit stays one under NFKC
        return False
    return not INVISIBLE.sub("", unicodedata.normalize("NFKC", value)).strip()


def keyed(records: list[tuple[int, dict[str, object]]]) -> dict[tuple[str, str], tuple[int, dict[str, object]]]:
    """``Sheet.by_key`` of records already read (``Sheet.records``): the first row of each key."""
    out: dict[tuple[str, str], tuple[int, dict[str, object]]] = {}
    for n, record in records:
        key = row_key(record)
        if key[0] and key not in out:
            out[key] = (n, record)
    return out


def row_key(record: dict[str, object]) -> tuple[str, str]:
    """(项目编号, 指标) as ``model.text.cell_text`` reads them (text, the common case, stripped at once)."""
    item, indicator = record.get("项目编号"), record.get("指标")
    return (item.strip() if type(item) is str else cell_text(item),
            indicator.strip() if type(indicator) is str else cell_text(indicator))


def plain(value: object) -> object:
    """Readers' values in one form: calamine's '' for an empty cell becomes None."""
    return None if isinstance(value, str) and value == "" else value
