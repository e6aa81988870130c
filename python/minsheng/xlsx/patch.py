"""Write values into a master by patching only the XML of the sheets that change.

openpyxl reads and rewrites the whole workbook — seconds for a master of twelve
600-row months. Here the zip is copied part for part (``zipparts``) and only the
changed sheets' cell elements are rewritten, plus the range of a table that grows
and the workbook's recalculation flag. The VBA project, ribbon, validation,
conditional formats, tables, protection, charts and every other part stay byte
for byte. Values only, never formulas: text goes in as an inline string, so text
that starts with '=' stays text.

What this does not handle with certainty — a cell that holds a formula, a date
for a cell without a date format, rows without numbers, a zip64 container —
raises ``Unsupported``; ``fileio.apply_changes`` then writes with openpyxl.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from collections.abc import Iterable

from minsheng.model.layout import cell_index, column_letter, column_number
from minsheng.model.book import CellChange, Formula
from minsheng.xlsx import rels, xstring
from minsheng.xlsx.columns import read_columns, set_columns as _set_columns
from minsheng.xlsx.styles import Styles
from minsheng.xlsx.zipparts import Parts


class Unsupported(Exception):
    """The fast path cannot be sure; write with openpyxl instead."""


_SHEET_DATA = re.compile(rb"<(\w+:)?sheetData\b[^>]*?(/?)>")
_ROW_NUMBER = re.compile(rb'\sr="(\d+)"')
_CELL_REF = re.compile(rb'\sr="([A-Z]{1,3})(\d+)"')
_STYLE = re.compile(rb'\ss="(\d+)"')
_TYPE = re.compile(rb'\st="[^"]*"')
_SPANS = re.compile(rb'\sspans="[^"]*"')
_A1 = re.compile(r"([A-Z]{1,3})(\d+)")
_DATE_IDS = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)}
_EPOCH = dt.datetime(1899, 12, 30)
TABLE_TYPE = "/table"
LINE = 14  # points a line of 10 pt text takes, as builder.cells.fit_rows counts
MAX_HEIGHT = 409  # points: Excel's tallest row


class Restyle(int):
    """An edit that keeps a cell's content and gives it this cell format (``s``)."""


def patch(data: bytes, changes: Iterable[CellChange], appended: dict[str, list[list]] | None = None, *,
          fills: Iterable[tuple[str, str, str]] = (), tables: dict[str, str] | None = None,
          columns: dict[str, dict[int, tuple[float | None, bool | None]]] | None = None,
          formulas: Iterable[str] = (), results: dict[str, dict[str, object]] | None = None) -> bytes:
    """The workbook ``data`` with ``changes`` set and ``appended`` rows added under each sheet's used
    rows (growing the sheet's first table), as ``fileio.apply_changes`` does with openpyxl.

    Beyond values, what ``jobs.validate`` writes: ``fills`` (sheet, A1, hex RGB or "" for none),
    applied in order, the content kept; ``tables``: a sheet's first table set to this range
    (grown or shrunk, with its filter); ``columns``: sheet → {column number: (width or None to
    keep, hidden or None to keep)}; ``formulas``: sheets in which a formula may be replaced;
    ``results``: sheet → {A1 of a formula cell: its cached result (number or text)}, written beside
    the formula kept (``roundtrip.cached``); a formula in a changed row without one loses its cached
    result, as openpyxl drops them all, and the workbook recalculates on load."""
    parts = Parts(data)
    if not parts.plain:
        raise Unsupported("not a plain zip")
    sheets = rels.sheet_parts(_part(parts, rels.WORKBOOK), _part(parts, rels.WORKBOOK_RELS))
    edits: dict[str, dict[int, dict[int, object]]] = {}
    look = None  # the cell formats, read when rows are appended (their wrapped text sets their height)
    for change in changes:
        row, col = _cell(change.cell)
        edits.setdefault(change.sheet, {}).setdefault(row, {})[col] = change.new
    appended = {name: rows for name, rows in (appended or {}).items() if rows}
    cached: dict[str, dict[int, dict[int, object]]] = {}
    for name, cells in (results or {}).items():
        for a1, value in cells.items():
            row, col = _cell(a1)
            cached.setdefault(name, {}).setdefault(row, {})[col] = value
            edits.setdefault(name, {}).setdefault(row, {})
    tables, columns, fills, formulas = tables or {}, columns or {}, list(fills), set(formulas)
    unknown = (set(edits) | set(appended) | set(tables) | set(columns)
               | {name for name, _, _ in fills}) - set(sheets)
    if unknown:
        raise Unsupported(f"no sheet {unknown}")
    workbook = _part(parts, "xl/workbook.xml")
    if re.search(rb"\bdate1904=\"(?:1|true)\"", workbook):
        raise Unsupported("1904 date system")
    dates = _date_styles(_part(parts, "xl/styles.xml")) if "xl/styles.xml" in parts else set()
    replaced: dict[str, bytes] = {}
    loaded = {name: Sheet(_part(parts, sheets[name]))
              for name in dict.fromkeys([*edits, *appended, *tables, *columns, *(n for n, _, _ in fills)])}
    if fills:
        styles = Styles(_part(parts, "xl/styles.xml"), Unsupported)
        restyled: dict[tuple[str, int, int], int] = {}
        for name, a1, hex_rgb in fills:
            row, col = _cell(a1)
            if col in edits.get(name, {}).get(row, {}) and (name, row, col) not in restyled:
                raise Unsupported("a cell both written and filled")
            s = restyled.get((name, row, col), loaded[name].style_of(row, col))
            restyled[(name, row, col)] = styles.with_fill(s, hex_rgb)
        for (name, row, col), s in restyled.items():
            edits.setdefault(name, {}).setdefault(row, {})[col] = Restyle(s)
        if (xml := styles.xml()) != styles.source:
            replaced["xl/styles.xml"] = xml
    for name in loaded:
        path = sheets[name]
        sheet = loaded[name]
        sheet.formulas_ok = name in formulas
        sheet.cached = cached.get(name, {})
        rows = edits.get(name, {})
        if name in appended:
            last = sheet.last_used_row(rows)
            look = look or Styles(_part(parts, "xl/styles.xml"), Unsupported)
            for n, values in enumerate(appended[name], start=last + 1):
                rows.setdefault(n, {}).update({c: v for c, v in enumerate(values, start=1)})
                sheet.heights[n] = sheet.height(n, rows[n], look)
            table = _first_table(parts, path)
            if table:
                replaced[table] = _grow_table(_part(parts, table), last + len(appended[name]))
        if name not in appended and name not in tables and (table := _first_table(parts, path)):
            if (grown := _cover(_part(parts, table), rows)) is not None:  # rows written under the table join it
                replaced[table] = grown
                look = look or Styles(_part(parts, "xl/styles.xml"), Unsupported)
                old_rows = {n for n, _, _ in sheet.rows}
                for n in (n for n in rows if n not in old_rows):
                    sheet.heights[n] = sheet.height(n, rows[n], look)
        if name in tables:
            table = _first_table(parts, path)
            if table is None or name in appended:
                raise Unsupported("no table to fit")
            replaced[table] = _set_table(_part(parts, table), tables[name])
        xml = sheet.patched(rows, dates) if rows else sheet.xml
        replaced[path] = _set_columns(xml, columns[name], Unsupported) if name in columns else xml
    if (calc := _full_calc_on_load(workbook)) != workbook:
        replaced["xl/workbook.xml"] = calc
    out = parts.rewrite(replaced)
    if out is None:
        raise Unsupported("container")
    return out


def fills_of(data: bytes, cells: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The fill of each (sheet, A1) as ``styles.Styles.fill_of`` reads it: hex RGB of a solid fill, else ""."""
    parts = Parts(data)
    sheets = rels.sheet_parts(_part(parts, rels.WORKBOOK), _part(parts, rels.WORKBOOK_RELS))
    styles, loaded, out = Styles(_part(parts, "xl/styles.xml"), Unsupported), {}, {}
    for name, a1 in cells:
        if name not in sheets:
            raise Unsupported(f"no sheet {name}")
        if name not in loaded:
            loaded[name] = Sheet(_part(parts, sheets[name]))
        out[(name, a1)] = styles.fill_of(loaded[name].style_of(*_cell(a1)))
    return out


def sheet_names(data: bytes) -> list[str]:
    parts = Parts(data)
    return list(rels.sheet_parts(_part(parts, rels.WORKBOOK), _part(parts, rels.WORKBOOK_RELS)))


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
        lines = 1
        for col, value in values.items():
            attrs = self._columns.get(col, {})
            style = self.style_of(row, col) if row in {n for n, _, _ in self.rows} else self.column_style(col)
            if not isinstance(value, str) or style is None or not look.wraps(style):
                continue
            try:
                width = max(1.0, float(attrs.get(b"width", b"8.43")))
            except ValueError:
                continue
            for part in value.split("\n"):
                units = sum(2 if ord(ch) > 0x2E7F else 1 for ch in part)
                lines += max(1, math.ceil(units / width)) - 1
            lines += value.count("\n")
        return min(MAX_HEIGHT, LINE * lines) if lines > 1 else None

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


# ---------------------------------------------------------------- the parts around the sheets

def _part(parts: Parts, name: str) -> bytes:
    try:
        return parts.read(name)
    except KeyError:
        raise Unsupported(f"no part {name}") from None


def _first_table(parts: Parts, sheet_path: str) -> str | None:
    rels_name = rels.rels_part(sheet_path)
    if rels_name not in parts:
        return None
    folder = sheet_path.rpartition("/")[0]
    tables = [path for kind, path in rels.targets(_part(parts, rels_name), folder).values()
              if kind.endswith(TABLE_TYPE)]
    return tables[0] if tables else None


def _grow_table(xml: bytes, last: int) -> bytes:
    """The table's range (and its filter's) down to ``last`` (at least row 2), as ``fileio.append_rows``."""
    found = re.search(rb'<(?:\w+:)?table\b[^>]*?\sref="([A-Z]+\d+):([A-Z]+)\d+"', xml)
    if not found:
        raise Unsupported("table range")
    return _set_table(xml, (b"%s:%s%d" % (found.group(1), found.group(2), max(last, 2))).decode())


def _cover(xml: bytes, rows: dict[int, dict[int, object]]) -> bytes | None:
    """The table grown down to the last row of ``rows`` that holds a value in its columns (as Excel
    grows a table for a row typed under it), or None when the table covers them already."""
    found = re.search(rb'<(?:\w+:)?table\b[^>]*?\sref="([A-Z]+)(\d+):([A-Z]+)(\d+)"', xml)
    if not found:
        return None
    first, last = column_number(found.group(1).decode()), column_number(found.group(3).decode())
    bottom = max([n for n, values in rows.items()
                  if any(first <= c <= last and v is not None and not isinstance(v, Restyle) for c, v in values.items())]
                 or [0])
    if bottom <= int(found.group(4)):
        return None
    return _set_table(xml, f"{found.group(1).decode()}{found.group(2).decode()}:{found.group(3).decode()}{bottom}")


def _set_table(xml: bytes, range_: str) -> bytes:
    """The table's range (and its filter's) set to ``range_``, as openpyxl's ``table.ref = ...``."""
    found = re.search(rb'<(?:\w+:)?table\b[^>]*?\sref="([A-Z]+\d+:[A-Z]+\d+)"', xml)
    if not found or not re.fullmatch(r"[A-Z]{1,3}\d+:[A-Z]{1,3}\d+", range_) or b"totalsRowCount" in xml:
        raise Unsupported("table range")
    old, ref = b'ref="%s"' % found.group(1), range_.encode()
    start = xml.find(old, found.start())
    end = xml.find(b'"', start + 5)
    xml = xml[:start] + b'ref="' + ref + xml[end:]
    return re.sub(rb'(<(?:\w+:)?autoFilter\b[^>]*?\sref=")[^"]*"', lambda m: m.group(1) + ref + b'"', xml, count=1)


def _grow_dimension(head: bytes, rows: int, cols: int) -> bytes:
    found = re.search(rb'(<(?:\w+:)?dimension\b[^>]*?\sref=")([^"]*)"', head)
    if not found:
        return head
    cells = [_cell(ref) for ref in found.group(2).decode().split(":") if _A1.fullmatch(ref)]
    if not cells:
        return head
    first = cells[0]
    last = (max(rows, *(r for r, _ in cells)), max(cols, *(c for _, c in cells)))
    ref = f"{_letters(first[1])}{first[0]}:{_letters(last[1])}{last[0]}".encode()
    return head[:found.start(2)] + ref + head[found.end(2):]


def _full_calc_on_load(xml: bytes) -> bytes:
    """Excel and LibreOffice recalculate the formulas when they open it (cached results may be stale)."""
    found = re.search(rb"<(\w+:)?calcPr\b([^>]*?)(/?)>", xml)
    if found is None:
        end = re.search(rb"<(\w+:)?(?:oleSize|customWorkbookViews|pivotCaches|smartTagPr|smartTagTypes|webPublishing"
                        rb"|fileRecoveryPr|webPublishObjects|extLst)\b|</(\w+:)?workbook>", xml)
        prefix = (end.group(1) or end.group(2) or b"") if end else b""
        return xml[:end.start()] + b'<%scalcPr fullCalcOnLoad="1"/>' % prefix + xml[end.start():]
    attrs = re.sub(rb'\sfullCalcOnLoad="[^"]*"', b"", found.group(2))
    tag = b'<%scalcPr%s fullCalcOnLoad="1"%s>' % (found.group(1) or b"", attrs, found.group(3))
    return xml[:found.start()] + tag + xml[found.end():]


def _date_styles(xml: bytes) -> set[int]:
    """Indexes of the cell formats (``s``) that show a number as a date or time."""
    custom = {}
    for tag in re.findall(rb"<(?:\w+:)?numFmt\s([^>]*)>", xml):
        custom[int(rels.attr(tag, b"numFmtId") or -1)] = rels.attr(tag, b"formatCode") or ""
    section = re.search(rb"<(?:\w+:)?cellXfs\b[^>]*>(.*?)</(?:\w+:)?cellXfs>", xml, re.S)
    out = set()
    for index, tag in enumerate(re.findall(rb"<(?:\w+:)?xf\b([^>]*)>", section.group(1) if section else b"")):
        fmt = int(rels.attr(tag, b"numFmtId") or 0)
        if fmt in _DATE_IDS or (fmt in custom and _is_date_format(custom[fmt])):
            out.add(index)
    return out


def _is_date_format(code: str) -> bool:
    code = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", code.split(";")[0])
    return bool(re.search(r"[dmyhs]", code, re.I))


def _cell(a1: str) -> tuple[int, int]:
    try:
        return cell_index(a1)
    except ValueError:
        raise Unsupported(f"cell {a1}") from None


def _letters(col: int) -> str:
    return column_letter(col - 1)
