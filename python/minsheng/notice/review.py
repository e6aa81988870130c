"""Rows of a reviewed draft that still carry a 需核对 mark: the build stops on them."""

from __future__ import annotations

import csv
from pathlib import Path

from minsheng.notice.draft import CHECK


def marked(path: Path) -> list[str]:
    """One line per row whose 需核对 is not empty: "第N行 项目编号 指标：note"."""
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as f:
            table = [list(r) for r in csv.reader(f)]
    else:
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = book["项目表"] if "项目表" in book.sheetnames else book.worksheets[0]
            table = [["" if v is None else str(v) for v in r] for r in sheet.iter_rows(values_only=True)]
        finally:
            book.close()
    if not table or CHECK not in [h.strip() for h in table[0]]:
        return []
    header = [h.strip() for h in table[0]]
    at = header.index(CHECK)
    out = []
    for n, row in enumerate(table[1:], start=2):
        record = dict(zip(header, row))
        note = row[at].strip() if at < len(row) else ""
        if note:
            out.append(f"第{n}行 {record.get('项目编号', '')} {record.get('指标', '')}：{note}")
    return out
