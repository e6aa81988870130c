"""What a clerk did to a returned month sheet, undone where it is certain and refused where not.

A copy of the month sheet filled instead of the sheet sent (``3月 (2)``), cells merged down the
unit's rows, a 填报日期 left as a bare serial in a workbook that counts dates from 1904: each is
read as the clerk saw it, or the file is refused naming the sheet and cell (``Rejected``).
"""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from pathlib import Path

from minsheng.model import layout as L
from minsheng.roundtrip.refusal import Rejected, display_name

DATE_HEADER = "填报日期"


FIGURES = ("累计完成", "形象进度")
FILLED = ("累计完成", "形象进度", "进展情况", "存在问题", "下步措施", "填报日期")  # 填报人/电话 come prefilled


def filled_copy(names, sent: str, rows: list[list], header: int, path: Path, read, header_row):
    """A copy of the month sheet (移动或复制 → 建立副本, ``3月 (2)``) that holds what the clerk typed.
    Taken (its name, rows and header row returned) only when that is unambiguous: the sent sheet has
    nothing typed, and exactly one other sheet has the same headers and the same rows, filled in.
    A copy holding figures the sent sheet does not show otherwise refuses the file, naming the sheet;
    a copy identical to the sent sheet (a backup) is ignored. None: read the sent sheet.
    ``read(name)`` gives a sheet's rows (raising ``Rejected`` for one too large), ``header_row(rows)``
    the index of its header row or None."""
    own = {sent, L.RETURN_META_SHEET, L.CONTACTS_SHEET, L.PROJECTS_SHEET, L.CONFIG_SHEET, L.GUIDE_SHEET}
    others = [other for other in names if other not in own and not L.sheet_month(other)]
    if not others:  # the usual return: no other sheet to be a copy, nothing to compare
        return None
    mine = sheet_content(rows, header)
    copies = []
    for other in others:
        try:
            block = read(other)
        except Rejected:  # a sheet too large to be a copy of a return is not one
            continue
        at = header_row(block)
        if at is None:
            continue
        content = sheet_content(block, at)
        if content[2] and content != mine:
            copies.append((other, block, at, content))
    if not copies:
        return None
    if not mine[2] and len(copies) == 1 and copies[0][3][:2] == mine[:2]:
        return copies[0][:3]
    other, _, _, content = copies[0]
    detail = f"{len(content[2])} 个填报格"
    if content[:2] != mine[:2]:
        detail += "，表头或行与下发的表不同"
    state = "（也已填写，内容不同）" if mine[2] else ("（未填写）" if len(copies) == 1 else "（未填写），副本不止一张")
    raise Rejected.of("filled-copy", display_name(path), sheet=other, cell="A1", sent=sent, detail=detail, state=state)


def sheet_content(rows: list[list], header: int) -> tuple[tuple, tuple, tuple]:
    """A month sheet's headers, its rows' keys and what is typed in its input cells."""
    titles = tuple(str(v).strip() if v is not None else "" for v in rows[header])
    at = {t: i for i, t in enumerate(titles) if t}
    keys, typed = [], []
    for n, row in enumerate(rows[header + 1:]):
        key = tuple(row[at[h]] if at.get(h) is not None and at[h] < len(row) else None for h in L.KEY)
        if any(v is not None for v in key):
            keys.append(key)
        typed += [(n, h, row[at[h]]) for h in FILLED
                  if h in at and at[h] < len(row) and row[at[h]] is not None and str(row[at[h]]).strip()]
    return titles, tuple(keys), tuple(typed)


def fill_merged(merged, name: str, rows: list[list], header: int, path: Path) -> None:
    """Cells merged down the data rows (填报人、联系电话、填报日期 typed once for the unit) show their
    value in every row, and so every row gets it, as the clerk sees it. A figure merged down several
    indicators cannot be shared out: the file is refused naming the merge. Only the first column of a
    merge across columns is filled (the others are shown empty). ``merged``: the sheet's merged ranges,
    ((row0, col0), (row1, col1)) inclusive, as calamine reports them (for .xlsx and .xls) and
    ``ods.scan`` finds them in an .ods."""
    titles = [str(v).strip() if v is not None else "" for v in rows[header]] if header < len(rows) else []
    for (r0, c0), (r1, c1) in merged:
        if r1 <= r0 or r0 <= header or r0 >= len(rows):
            continue
        title = titles[c0] if c0 < len(titles) else ""
        if title in FIGURES:
            span = f"{L.column_letter(c0)}{r0 + 1}:{L.column_letter(c1)}{r1 + 1}"
            raise Rejected.of("merged-figure", display_name(path), sheet=name, cell=f"{L.column_letter(c0)}{r0 + 1}",
                              range=span, header=title)
        value = rows[r0][c0] if c0 < len(rows[r0]) else None
        for r in range(r0 + 1, min(r1, len(rows) - 1) + 1):
            row = rows[r]
            if len(row) <= c0:
                row.extend([None] * (c0 + 1 - len(row)))
            if row[c0] is None:
                row[c0] = value


def dates_from_1904(rows: list[list], header: int) -> None:
    """A workbook that counts dates from 1904 (made on an old Mac, or so set): a 填报日期 left as a
    bare serial (after paste-values into a General cell) is the day the clerk saw, not one 1,462
    days earlier. Date-formatted cells calamine has already read with the file's own epoch."""
    titles = [str(v).strip() if v is not None else "" for v in rows[header]]
    if DATE_HEADER not in titles:
        return
    at = titles.index(DATE_HEADER)
    for row in rows[header + 1:]:
        value = row[at] if at < len(row) else None
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value < 2_957_004 \
                and not (value == int(value) and 19000101 <= value <= 29991231):  # 20240328 is a date typed as digits
            day = date(1904, 1, 1) + timedelta(days=int(value))
            row[at] = day if value == int(value) else datetime.combine(day, datetime.min.time()) + timedelta(days=value % 1)


def ole_1904(data: bytes) -> bool:
    """Whether an .xls counts dates from 1904: the DATEMODE record of its workbook globals."""
    import olefile
    import struct

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            stream = next((s for s in ("Workbook", "Book") if ole.exists(s)), None)
            body = ole.openstream(stream).read(1 << 20) if stream else b""
    except Exception:
        return False
    at = 0
    while at + 4 <= len(body):
        kind, size = struct.unpack_from("<HH", body, at)
        if kind == 0x0022 and size >= 2:
            return struct.unpack_from("<H", body, at + 4)[0] == 1
        if kind == 0x000A:  # the end of the globals
            return False
        at += 4 + size
    return False
