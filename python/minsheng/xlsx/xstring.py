"""Text as an .xlsx cell can carry it: OOXML's ``_xHHHH_`` escapes (ST_Xstring).

XML 1.0 cannot carry most control characters (a line break pasted from Word with
Shift+Enter is U+000B); Excel stores them as ``_x000B_`` and reads that back as
the character. Text that already looks like an escape (a clerk typed ``_x0041_``)
gets its underscore escaped (``_x005F_``) so that it reads back as typed. Both
writers of the master (``patch`` and the openpyxl fallback) put text through
``escape``; Excel, LibreOffice and calamine read it back as the clerk typed it.
"""

from __future__ import annotations

import re

# what XML 1.0 cannot carry (tab, line feed and carriage return it can), plus U+FFFE/U+FFFF and
# lone surrogates, which no UTF-8 encoder writes
_UNCARRIABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_LOOKS_ESCAPED = re.compile("_(?=x[0-9A-Fa-f]{4}_)")  # a lookahead: ``_x0041_x0042_`` shares its middle ``_``


def escape(text: str) -> str:
    """``text`` with every character XML cannot carry as ``_xHHHH_`` and every ``_xHHHH_`` already
    in it kept literal (``_x005F_xHHHH_``)."""
    if "_x" in text:
        text = _LOOKS_ESCAPED.sub("_x005F_", text)
    return _UNCARRIABLE.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def needs_escape(text: str) -> bool:
    return bool(_UNCARRIABLE.search(text) or _LOOKS_ESCAPED.search(text))
