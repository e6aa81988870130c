"""A worksheet's XML with chosen rows rewritten: the cells of ``xlsx.patch``, without a parser.

``Sheet`` locates the rows of a ``<sheetData>`` by regular expression (never parsing the rest) and
rewrites only the rows that change: values as inline strings or numbers, a ``Restyle`` giving a cell
another format with its content kept, a formula's cached result replaced or dropped, new rows in
order and their heights for wrapped text. Whatever it cannot rewrite with certainty raises
``Unsupported``; the package around the sheets (tables, styles, the zip) is ``xlsx.patch``'s.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re

from minsheng.model.layout import cell_index, column_letter, column_number
from minsheng.model.book import Formula
from minsheng.xlsx import xstring
from minsheng.xlsx.columns import read_columns
from minsheng.xlsx.styles import Styles


class Unsupported(Exception):
    """The fast path cannot be sure; write with openpyxl instead."""


_SHEET_DATA = re.compile(rb"<(\w+:)?sheetData\b[^>]*?(/?)>")
_ROW_NUMBER = re.compile(rb'\sr="(\d+)"')
_CELL_REF = re.compile(rb'\sr="([A-Z]{1,3})(\d+)"')
_STYLE = re.compile(rb'\ss="(\d+)"')
_TYPE = re.compile(rb'\st="[^"]*"')
_SPANS = re.compile(rb'\sspans="[^"]*"')
_A1 = re.compile(r"([A-Z]{1,3})(\d+)")
_EPOCH = dt.datetime(1899, 12, 30)
LINE = 14  # points a line of 10 pt text takes, as builder.cells.fit_rows counts
MAX_HEIGHT = 409  # points: Excel's tallest row


def wrapped_height(cells) -> float | None:
    """The height (points) a row needs for its wrapped text cells, ``cells`` an iterable of (text,
    column width in characters): the tallest cell's lines (a Chinese character two characters of width,
    a line break a new line) of ``LINE`` points each, at most ``MAX_HEIGHT``; None when one line does.
    The fast patch and the openpyxl fallback (``engines.file``) both count with it."""
    lines = 1
    for text, width in cells:
        width = max(1.0, width)
        lines = max(lines, sum(max(1, math.ceil(sum(2 if ord(ch) > 0x2E7F else 1 for ch in part) / width))
                               for part in text.split("\n")))
    return min(MAX_HEIGHT, LINE * lines) if lines > 1 else None


class Restyle(int):
    """An edit that keeps a cell's content and gives it this cell format (``s``)."""


class Sheet:
    """A worksheet's XML, its rows located but not parsed."""

    def __init__(self, xml: bytes):
        found = _SHEET_DATA.search(xml)
        if not found:
            raise Unsupported("no sheetData")
        self.p = found.group(1) or b""
        if found.group(2):  # <sheetData/>: open it
            xml = xml[:found.start()] + b"<%ssheetData></%ssheetData>" % (self.p, self.p) + xml[found.end():]
            found = _SHEET_DATA.search(xml)
        self.xml, self.start = xml, found.end()
        self.end = xml.find(b"</%ssheetData>" % self.p, self.start)
        if self.end < 0:
            raise Unsupported("sheetData not closed")
        self.formulas_ok = False  # a formula may be replaced
        self.cached: dict[int, dict[int, object]] = {}  # row → column → a formula's new cached result
        self.heights: dict[int, float | None] = {}  # row → its height in points (appended rows), None: as it is
        p = re.escape(self.p)  # the patterns a row's rewrite uses, compiled once a sheet
        self._cells = re.compile(rb"<%sc\b([^>]*?)(?:/>|>(.*?)</%sc>)" % (p, p), re.S)
        self._formula = re.compile(rb"<%sf\b" % p)
        self._value = re.compile(rb"<%sv>.*?</%sv>|<%sv/>" % (p, p, p), re.S)
        self._row_close = b"</%srow>" % self.p
        self.rows: list[tuple[int, int, int]] = []  # (row number, start, end)
        row_tag = re.compile(rb"<%srow\b([^>]*?)(/?)>" % re.escape(self.p))
        close = b"</%srow>" % self.p
        at = self.start
        while (m := row_tag.search(xml, at, self.end)) is not None:
            number = _ROW_NUMBER.search(b" " + m.group(1))
            if number is None:
                raise Unsupported("a row without its number")
            end = m.end() if m.group(2) else xml.find(close, m.end(), self.end) + len(close)
            if end < m.end() or (self.rows and int(number.group(1)) <= self.rows[-1][0]):
                raise Unsupported("rows out of order or not closed")
            self.rows.append((int(number.group(1)), m.start(), end))
            at = end

    def style_of(self, row: int, col: int) -> int:
        """The cell format (``s``) of a cell; 0 for a cell not in the XML, as openpyxl gives it."""
        if not hasattr(self, "_at"):
            self._at = {number: (start, end) for number, start, end in self.rows}
        if row not in self._at:
            return 0
        start, end = self._at[row]
        at = self.xml.find(b' r="%s%d"' % (_letters(col).encode(), row), start, end)
        if at < 0:
            return 0
        tag = self.xml[self.xml.rfind(b"<", start, at):self.xml.find(b">", at, end)]
        if not tag.startswith(b"<%sc " % self.p):
            raise Unsupported("a cell reference outside a cell")
        style = _STYLE.search(tag)
        return int(style.group(1)) if style else 0

    def column_style(self, col: int) -> int | None:
        """The format (``s``) of a column (``<col style>``): a new cell in it takes it, as Excel gives a typed one."""
        if not hasattr(self, "_columns"):
            self._columns = read_columns(self.xml, Unsupported)
        style = self._columns.get(col, {}).get(b"style")
        return int(style) if style is not None and style.isdigit() else None

    def height(self, row: int, values: dict[int, object], look: Styles) -> float | None:
        """The height (points) a row of ``values`` needs for its wrapped text (a Chinese character two
        characters of column width), or None when one line does; neither Excel nor LibreOffice grows it."""
        if not hasattr(self, "_columns"):
            self.column_style(1)
        wrapped = []
        for col, value in values.items():
            attrs = self._columns.get(col, {})
            style = self.style_of(row, col) if row in self.numbers() else self.column_style(col)
            if not isinstance(value, str) or style is None or not look.wraps(style):
                continue
            try:
                width = float(attrs.get(b"width", b"8.43"))
            except ValueError:
                continue
            wrapped.append((value, width))
        return wrapped_height(wrapped)

    def numbers(self) -> set[int]:
        """The numbers of the rows the sheet holds."""
        if not hasattr(self, "_numbers"):
            self._numbers = {n: (start, end) for n, start, end in self.rows}
        return self._numbers.keys()

    def grow(self, row: int, values: dict[int, object], look: Styles) -> None:
        """A row the sheet holds, written with ``values``: as tall as their wrapped text needs (a clerk's
        进展情况 under a one-line row is cut off on paper), never lower than it is, so a second run changes nothing."""
        need = self.height(row, values, look)
        if need:
            start = self._numbers[row][0] if row in self.numbers() else 0
            now = re.search(rb'\sht="([0-9.]+)"', self.xml[start:self.xml.index(b">", start)])
            if need > (float(now.group(1)) if now else LINE):
                self.heights[row] = need

    def last_used_row(self, edits: dict[int, dict[int, object]]) -> int:
        """The last row holding a value (at least 1), counting ``edits``, as ``fileio.append_rows`` sees it."""
        has_value = re.compile(rb"<%s(?:v|is|f)\b" % re.escape(self.p))
        if any(v is None for values in edits.values() for v in values.values()):
            raise Unsupported("blanking cells while appending rows")
        last = max([n for n, values in edits.items() if values] or [1])
        for number, start, end in reversed(self.rows):
            if number <= last:
                break
            if has_value.search(self.xml, start, end):
                return number
        return last

    def patched(self, edits: dict[int, dict[int, object]], dates: set[int]) -> bytes:
        pieces, at = [], self.start
        existing = {number: (start, end) for number, start, end in self.rows}
        pending = sorted(n for n in edits if n not in existing)
        next_new = 0  # pending[next_new:] are still to be written
        for number, start, end in self.rows:
            if next_new < len(pending) and pending[next_new] < number:  # new rows go right before this one
                pieces.append(self.xml[at:start])
                at = start
            while next_new < len(pending) and pending[next_new] < number:
                pieces.append(self._new_row(pending[next_new], edits[pending[next_new]], dates))
                next_new += 1
            if number in edits:
                pieces += [self.xml[at:start], self._row(number, start, end, edits[number], dates)]
                at = end
        pieces.append(self.xml[at:self.end])
        pieces += [self._new_row(n, edits[n], dates) for n in pending[next_new:]]
        max_col = max([0, *(c for values in edits.values() for c in values)])
        head = _grow_dimension(self.xml[:self.start], max([0, *edits]), max_col)
        return head + b"".join(pieces) + self.xml[self.end:]

    def _new_row(self, number: int, values: dict[int, object], dates: set[int]) -> bytes:
        cells = b"".join(self._cell(number, col, self.column_style(col), values[col], dates) for col in sorted(values))
        return b'<%srow r="%d"%s>%s</%srow>' % (self.p, number, self._height(number), cells, self.p)

    def _height(self, number: int) -> bytes:
        height = self.heights.get(number)
        return b' ht="%s" customHeight="1"' % repr(float(height)).encode() if height else b""

    def _row(self, number: int, start: int, end: int, values: dict[int, object], dates: set[int]) -> bytes:
        text = self.xml[start:end]
        tag_end = text.index(b">") + 1
        tag = _SPANS.sub(b"", text[:tag_end])
        if self.heights.get(number):
            tag = re.sub(rb'\s(?:ht|customHeight)="[^"]*"', b"", tag)
            tag = tag[:4 + len(self.p)] + self._height(number) + tag[4 + len(self.p):]
        if tag.endswith(b"/>"):
            tag, body = tag[:-2] + b">", b""
        else:
            body = text[tag_end:-len(self._row_close)]
        out, at, todo = [], 0, dict(values)
        for m in self._cells.finditer(body):
            ref = _CELL_REF.search(b" " + m.group(1))
            if ref is None or int(ref.group(2)) != number:
                raise Unsupported("a cell without its reference")
            col = column_number(ref.group(1).decode())
            for c in sorted(k for k in todo if k < col):
                out += [body[at:m.start()], self._cell(number, c, None, todo.pop(c), dates)]
                at = m.start()
            formula = self._formula.search(m.group(2) or b"")
            if isinstance(todo.get(col), Restyle):
                attrs = m.group(1)
                style = b' s="%d"' % todo.pop(col)
                attrs = _STYLE.sub(style, attrs) if _STYLE.search(attrs) else attrs + style
                head = b"<%sc%s" % (self.p, m.group(1))
                out += [body[at:m.start()], b"<%sc%s" % (self.p, attrs) + m.group(0)[len(head):]]
                at = m.end()
            elif col in todo:
                if formula and not self.formulas_ok:
                    raise Unsupported("a formula would be overwritten")
                style = _STYLE.search(b" " + m.group(1))
                out += [body[at:m.start()], self._cell(number, col, int(style.group(1)) if style else None,
                                                       todo.pop(col), dates)]
                at = m.end()
            elif formula and col in self.cached.get(number, {}):
                out += [body[at:m.start()], self._cached(m, self.cached[number][col])]
                at = m.end()
            elif formula:  # its cached result may no longer hold: drop it, as openpyxl does; recalculated on load
                out += [body[at:m.start()], b"<%sc%s>%s</%sc>" % (self.p, _TYPE.sub(b"", m.group(1)), self._value.sub(
                    b"", m.group(2)), self.p)]
                at = m.end()
        out.append(body[at:])
        out += [self._cell(number, c, None, todo[c], dates) for c in sorted(todo)]
        return tag + b"".join(out) + b"</%srow>" % self.p

    def _cached(self, cell: re.Match, value: object) -> bytes:
        """A formula cell (``cell`` matched in the row) with its formula kept and ``value`` as its cached result."""
        p = self.p
        f = re.search(rb"<%sf\b[^>]*?/>|<%sf\b.*?</%sf>" % ((re.escape(p),) * 3), cell.group(2), re.S).group(0)
        attrs = _TYPE.sub(b"", cell.group(1))
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise Unsupported(f"a cached result of type {type(value).__name__}")
        if isinstance(value, str):
            text = html.escape(xstring.escape(value), quote=False).encode("utf-8")
            return b'<%sc%s t="str">%s<%sv>%s</%sv></%sc>' % (p, attrs, f, p, text, p, p)
        if not math.isfinite(value):
            raise Unsupported("not a finite number")
        return b"<%sc%s>%s<%sv>%s</%sv></%sc>" % (p, attrs, f, p, repr(value).encode(), p, p)

    def _cell(self, row: int, col: int, style: int | None, value: object, dates: set[int]) -> bytes:
        p = self.p
        attrs = b'r="%s%d"' % (_letters(col).encode(), row) + (b' s="%d"' % style if style is not None else b"")
        if isinstance(value, Restyle):
            return b'<%sc r="%s%d" s="%d"/>' % (p, _letters(col).encode(), row, value)
        if value is None:
            return b"<%sc %s/>" % (p, attrs)
        if isinstance(value, bool):
            return b'<%sc %s t="b"><%sv>%d</%sv></%sc>' % (p, attrs, value, p, p, p)
        if isinstance(value, (int, float)):
            if not math.isfinite(value):
                raise Unsupported("not a finite number")
            return b"<%sc %s><%sv>%s</%sv></%sc>" % (p, attrs, p, repr(value).encode(), p, p)
        if isinstance(value, Formula):  # one the core made (a link); the workbook recalculates on load
            body = html.escape(value[1:], quote=False).encode("utf-8")
            return b"<%sc %s><%sf>%s</%sf></%sc>" % (p, attrs, p, body, p, p)
        if isinstance(value, str):
            text = html.escape(xstring.escape(value), quote=False).replace("\r", "&#13;").encode("utf-8")
            return (b'<%sc %s t="inlineStr"><%sis><%st xml:space="preserve">%s</%st></%sis></%sc>'
                    % (p, attrs, p, p, text, p, p, p))
        if isinstance(value, dt.date):
            if style not in dates:
                raise Unsupported("a date for a cell without a date format")
            moment = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
            serial = (moment.replace(tzinfo=None) - _EPOCH) / dt.timedelta(days=1)
            return b"<%sc %s><%sv>%s</%sv></%sc>" % (p, attrs, p, repr(serial).encode(), p, p)
        raise Unsupported(f"a value of type {type(value).__name__}")


def _grow_dimension(head: bytes, rows: int, cols: int) -> bytes:
    found = re.search(rb'(<(?:\w+:)?dimension\b[^>]*?\sref=")([^"]*)"', head)
    if not found:
        return head
    cells = [a1_cell(ref) for ref in found.group(2).decode().split(":") if _A1.fullmatch(ref)]
    if not cells:
        return head
    first = cells[0]
    last = (max(rows, *(r for r, _ in cells)), max(cols, *(c for _, c in cells)))
    ref = f"{_letters(first[1])}{first[0]}:{_letters(last[1])}{last[0]}".encode()
    return head[:found.start(2)] + ref + head[found.end(2):]


def a1_cell(a1: str) -> tuple[int, int]:
    """(row, column) of an A1 reference, as ``layout.cell_index`` gives them; ``Unsupported`` if it is none."""
    try:
        return cell_index(a1)
    except ValueError:
        raise Unsupported(f"cell {a1}") from None


def _letters(col: int) -> str:
    return column_letter(col - 1)
