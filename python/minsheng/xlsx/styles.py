"""Cell fills in a workbook's styles part, for ``patch``: read a cell format's fill, add a format like it.

A cell's look is one entry of ``cellXfs`` (the cell's ``s``); its fill is the ``fillId``-th ``<fill>``.
To fill a cell, the writer takes its format, finds or appends a solid fill of that colour and a
format that differs only in ``fillId``, and gives the cell that format's index; a fill of "" is no
fill. Fills are read as openpyxl reads them for ``jobs.validate``: a solid RGB fill as its six hex
digits, anything else (none, a pattern, a theme or indexed colour) as "". Only what this part can
be sure of; anything else is ``Unsupported``.
"""

from __future__ import annotations

import re

_FILLS = re.compile(rb"<fills\b([^>]*)>(.*?)</fills>", re.S)
_FILL = re.compile(rb"<fill\b[^>]*/>|<fill\b[^>]*>.*?</fill>", re.S)
_XFS = re.compile(rb"<cellXfs\b([^>]*)>(.*?)</cellXfs>", re.S)
_XF = re.compile(rb"<xf\b[^>]*/>|<xf\b[^>]*>.*?</xf>", re.S)
_SOLID = re.compile(rb'<patternFill\b[^>]*\bpatternType="solid"[^>]*>\s*<fgColor\b[^>]*\brgb="([0-9A-Fa-f]{6,8})"')
_XF_TAG = re.compile(rb"<xf\b([^>]*?)(/?)>")
_NONE = re.compile(rb'<patternFill\b[^>]*\bpatternType="none"')
_FILL_ID = re.compile(rb'\sfillId="(\d+)"')
_APPLY = re.compile(rb'\sapplyFill="[^"]*"')
_COUNT = re.compile(rb'\scount="\d+"')


class Styles:
    """The fills and cell formats of ``xl/styles.xml``; ``xml()`` the part with any added."""

    def __init__(self, xml: bytes, unsupported: type[Exception] = ValueError):
        self.Unsupported = unsupported
        fills, xfs = _FILLS.search(xml), _XFS.search(xml)
        if fills is None or xfs is None or b"<x:" in xml[:200] or fills.start() > xfs.start():
            raise unsupported("styles without plain fills and cellXfs")
        self.source = xml
        self.spans = (fills.span(), xfs.span())
        self.fills = _FILL.findall(fills.group(2))
        self.xfs = _XF.findall(xfs.group(2))
        self.attrs = (fills.group(1), xfs.group(1))
        self.added = False
        self._made: dict[tuple[int, str], int] = {}

    def wraps(self, s: int) -> bool:
        """Whether format ``s`` wraps its text (``<alignment wrapText="1"/>``)."""
        return 0 <= s < len(self.xfs) and re.search(rb'\bwrapText="(?:1|true)"', self.xfs[s]) is not None

    def fill_of(self, s: int) -> str:
        """The hex RGB of format ``s``'s solid fill; "" for none or anything else."""
        fill = self.fills[self._fill_id(s)]
        found = _SOLID.search(fill)
        return found.group(1)[-6:].decode().upper() if found else ""

    def with_fill(self, s: int, hex_rgb: str) -> int:
        """The index of a format like ``s`` whose fill is ``hex_rgb`` ("" for none): one already
        there (the format a cell had before its mark, say), else one appended."""
        if (s, hex_rgb) not in self._made:
            self._made[(s, hex_rgb)] = self._with_fill(s, hex_rgb)
        return self._made[(s, hex_rgb)]

    def _with_fill(self, s: int, hex_rgb: str) -> int:
        fill = self._fill_index(hex_rgb.upper())
        if self._fill_id(s) == fill:
            return s
        tag = _XF_TAG.match(self.xfs[s])
        attrs = _APPLY.sub(b"", tag.group(1))
        fill_id = b' fillId="%d"' % fill
        attrs = _FILL_ID.sub(fill_id, attrs) if _FILL_ID.search(attrs) else attrs + fill_id
        new = b"<xf%s applyFill=\"1\"%s>" % (attrs, tag.group(2)) + self.xfs[s][tag.end():]
        like = self._plain(new)
        for n, xf in enumerate(self.xfs):
            if self._fill_id(n) == fill and self._plain(xf) == like:
                return n
        return self._add(self.xfs, new)

    @staticmethod
    def _plain(xf: bytes) -> bytes:
        """A format less its fill: what two formats that differ only in fill share."""
        return _APPLY.sub(b"", _FILL_ID.sub(b"", xf[:_XF_TAG.match(xf).end()])) + xf[_XF_TAG.match(xf).end():]

    def xml(self) -> bytes:
        if not self.added:
            return self.source
        (fill_start, fill_end), (xf_start, xf_end) = self.spans
        fills = b"<fills%s>%s</fills>" % (self._count(self.attrs[0], self.fills), b"".join(self.fills))
        xfs = b"<cellXfs%s>%s</cellXfs>" % (self._count(self.attrs[1], self.xfs), b"".join(self.xfs))
        s = self.source
        return s[:fill_start] + fills + s[fill_end:xf_start] + xfs + s[xf_end:]

    def _fill_index(self, hex_rgb: str) -> int:
        if not hex_rgb:
            for n, fill in enumerate(self.fills):
                if _NONE.search(fill):
                    return n
            return self._add(self.fills, b'<fill><patternFill patternType="none"/></fill>')
        if not re.fullmatch(r"[0-9A-F]{6}", hex_rgb):
            raise self.Unsupported(f"fill {hex_rgb!r}")
        for n, fill in enumerate(self.fills):
            if (found := _SOLID.search(fill)) and found.group(1)[-6:].upper() == hex_rgb.encode():
                return n
        return self._add(self.fills, b'<fill><patternFill patternType="solid"><fgColor rgb="FF%s"/>'
                                     b'<bgColor rgb="FF%s"/></patternFill></fill>' % ((hex_rgb.encode(),) * 2))

    def _add(self, items: list[bytes], item: bytes) -> int:
        if item in items:
            return items.index(item)
        items.append(item)
        self.added = True
        return len(items) - 1

    def _index(self, s: int) -> int:
        if not 0 <= s < len(self.xfs):
            raise self.Unsupported(f"cell format {s}")
        return s

    def _fill_id(self, s: int) -> int:
        found = _FILL_ID.search(_XF_TAG.match(self.xfs[self._index(s)]).group(1))
        fill = int(found.group(1)) if found else 0
        if fill >= len(self.fills):
            raise self.Unsupported(f"fill {fill}")
        return fill

    @staticmethod
    def _count(attrs: bytes, items: list[bytes]) -> bytes:
        count = b' count="%d"' % len(items)
        return _COUNT.sub(count, attrs) if _COUNT.search(attrs) else attrs + count
