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

This module is the package around the sheets (which parts change, tables, styles, the
recalculation flag, the zip); a sheet's rows are rewritten by ``xlsx.sheetxml.Sheet``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from minsheng.model.book import CellChange
from minsheng.model.layout import column_number
from minsheng.xlsx import rels
from minsheng.xlsx.columns import set_columns as _set_columns
from minsheng.xlsx.sheetxml import Restyle, Sheet, Unsupported, a1_cell
from minsheng.xlsx.styles import Styles
from minsheng.xlsx.zipparts import Parts

__all__ = ["Restyle", "Sheet", "Unsupported", "fills_of", "patch", "sheet_names"]


_DATE_IDS = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)}
TABLE_TYPE = "/table"


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
        row, col = a1_cell(change.cell)
        edits.setdefault(change.sheet, {}).setdefault(row, {})[col] = change.new
    appended = {name: rows for name, rows in (appended or {}).items() if rows}
    cached: dict[str, dict[int, dict[int, object]]] = {}
    for name, cells in (results or {}).items():
        for a1, value in cells.items():
            row, col = a1_cell(a1)
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
            row, col = a1_cell(a1)
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
        held = sheet.numbers()
        if texts := [n for n, values in rows.items() if n in held and n not in sheet.heights
                     and any(isinstance(v, str) for v in values.values())]:
            look = look or Styles(_part(parts, "xl/styles.xml"), Unsupported)
            for n in texts:  # an edited row grows for its wrapped text
                sheet.grow(n, rows[n], look)
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
        out[(name, a1)] = styles.fill_of(loaded[name].style_of(*a1_cell(a1)))
    return out


def sheet_names(data: bytes) -> list[str]:
    parts = Parts(data)
    return list(rels.sheet_parts(_part(parts, rels.WORKBOOK), _part(parts, rels.WORKBOOK_RELS)))


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


