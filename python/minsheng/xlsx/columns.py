"""A worksheet's ``<cols>``: set some columns' widths and hidden flags, the others kept as they are.

The ranges (``min``..``max``) are split into single columns, the wanted ones changed as openpyxl's
``column_dimensions[letter].width = w`` / ``.hidden = True`` write them (``width`` with
``customWidth="1"``; ``hidden="1"`` or no attribute), and equal neighbours joined again.
"""

from __future__ import annotations

import re

_COLS = re.compile(rb"<cols>(.*?)</cols>|<cols/>", re.S)
_COL = re.compile(rb"<col\b([^>]*?)/>")
_ATTR = re.compile(rb'\s([\w:]+)="([^"]*)"')
_SHEET_DATA = re.compile(rb"<sheetData\b")


def read_columns(xml: bytes, unsupported=ValueError) -> dict[int, dict[bytes, bytes]]:
    """The sheet ``xml``'s column number → its ``<col>`` attributes (``width``, ``style`` …), one entry a column."""
    return _read(xml, unsupported)[1]


def _read(xml: bytes, unsupported) -> tuple[re.Match | None, dict[int, dict[bytes, bytes]], re.Match]:
    data = _SHEET_DATA.search(xml)
    if data is None:
        raise unsupported("a sheet whose columns cannot be found")
    found = _COLS.search(xml, 0, data.start())
    columns: dict[int, dict[bytes, bytes]] = {}
    if found is not None:
        body = found.group(1) or b""
        if _COL.sub(b"", body).strip():
            raise unsupported("columns beyond plain <col/> elements")
        for tag in _COL.findall(body):
            attrs = dict(_ATTR.findall(b" " + tag))
            try:
                first, last = int(attrs.pop(b"min")), int(attrs.pop(b"max"))
            except (KeyError, ValueError):
                raise unsupported("a column range") from None
            for c in range(first, last + 1):
                columns[c] = dict(attrs)
    return found, columns, data


def set_columns(xml: bytes, wanted: dict[int, tuple[float | None, bool | None]], unsupported=ValueError) -> bytes:
    """The sheet ``xml`` with column number → (width or None to keep, hidden or None to keep) applied."""
    found, columns, data = _read(xml, unsupported)
    for c, (width, hidden) in wanted.items():
        attrs = columns.setdefault(c, {})
        if width is not None:
            attrs[b"width"], attrs[b"customWidth"] = b"%r" % float(width), b"1"
            attrs[b"width"] = attrs[b"width"].removesuffix(b".0")
        if hidden is not None:
            attrs.pop(b"hidden", None)
            if hidden:
                attrs[b"hidden"] = b"1"
    out, run = [], None
    for c in sorted(columns):
        if run and run[1] == c - 1 and run[2] == columns[c]:
            run[1] = c
        else:
            run = [c, c, columns[c]]
            out.append(run)
    cols = b"<cols>%s</cols>" % b"".join(
        b'<col min="%d" max="%d"%s/>' % (first, last, b"".join(b' %s="%s"' % kv for kv in attrs.items()))
        for first, last, attrs in out)
    if found is not None:
        return xml[:found.start()] + cols + xml[found.end():]
    return xml[:data.start()] + cols + xml[data.start():]
