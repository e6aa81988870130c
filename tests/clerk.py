"""What a unit clerk does to a fill-in file, done with openpyxl (an independent writer)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from openpyxl import load_workbook

from minsheng.model import layout as L
from minsheng.engines.file import read_master
from minsheng.roundtrip.split import split_month


def split(master: Path, month: int, out: Path) -> dict[str, Path]:
    """Unit → its fill-in file."""
    paths = split_month(read_master(master), month, out)
    return {p.name.split("_", 1)[1].removesuffix(".xlsx"): p for p in paths}


def _locate(sheet):
    header_row = next(r for r in range(1, 11) if "项目编号" in [c.value for c in sheet[r]])
    cols = {c.value: c.column for c in sheet[header_row] if c.value}
    rows = {}
    for r in range(header_row + 1, sheet.max_row + 1):
        key = (sheet.cell(r, cols["项目编号"]).value, sheet.cell(r, cols["指标"]).value)
        if key[0]:
            rows.setdefault(key, r)
    return cols, rows


def fill(path: Path, values: dict[tuple[str, str], dict[str, object]], *, text: tuple[str, ...] = (),
         sheet: str | None = None, out: Path | None = None) -> Path:
    """Type ``values`` into the rows found by key; headers in ``text`` are stored as text even when
    they start with '=' (as Excel does for a cell typed with a leading apostrophe)."""
    book = load_workbook(path)
    ws = book[sheet] if sheet else book.worksheets[0]
    cols, rows = _locate(ws)
    for key, cells in values.items():
        for header, value in cells.items():
            cell = ws.cell(rows[key], cols[header])
            cell.value = value
            if header in text:
                cell.data_type = "s"
    out = out or path
    book.save(out)
    return out


def resort_and_blank_rows(path: Path) -> None:
    """Reverse the data rows, insert a blank row between them and two above the header."""
    book = load_workbook(path)
    ws = book.worksheets[0]
    data = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    ws.delete_rows(2, ws.max_row)
    r = 2
    for row in reversed(data):
        for c, value in enumerate(row, start=1):
            ws.cell(r, c).value = value
        r += 2
    ws.insert_rows(1, 2)
    book.save(path)


def move_and_hide_columns(path: Path) -> None:
    """Move 累计完成 to the far right and hide 进展情况."""
    book = load_workbook(path)
    ws = book.worksheets[0]
    cols, _ = _locate(ws)
    src = cols["累计完成"]
    last = ws.max_column + 1
    for r in range(1, ws.max_row + 1):
        ws.cell(r, last).value = ws.cell(r, src).value
    ws.delete_cols(src)
    cols, _ = _locate(ws)
    from openpyxl.utils import get_column_letter
    ws.column_dimensions[get_column_letter(cols["进展情况"])].hidden = True
    book.save(path)


def copy_as(path: Path, name: str, mtime_shift: float = 0) -> Path:
    target = path.with_name(name)
    shutil.copy2(path, target)
    if mtime_shift:
        st = target.stat()
        os.utime(target, (st.st_atime + mtime_shift, st.st_mtime + mtime_shift))
    return target


def master_value(master: Path, month: int, key: tuple[str, str], header: str):
    return read_master(master).month(month).by_key()[key][1][header]


def roster(master: Path, month: int) -> dict[str, str]:
    sheet = read_master(master)[L.REPORTS_SHEET]
    return {r["单位"]: r["状态"] for _, r in sheet.records() if int(r["月份"]) == month}
