"""The ribbon's wired buttons, end to end through xlwings' remote interpreter.

Each test opens a real master (built by `minsheng build`, filled the way clerks fill it) as the
calling workbook, presses the button (calls its entry point), and compares what the button asked
Excel to write with what the CLI's core computes from the same file.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import xlwings as xw
from excel_payload import actions, alerts, remote, values_at  # noqa: F401  (remote is a fixture)
from test_xl import big_master  # noqa: F401  (a fixture)

from minsheng import dashboard, layout as L, progress, xl
from minsheng.fileio import read_master
from minsheng.xlblocks import excel_text

MONTH = 3


def typed(path: Path, month: int = MONTH) -> dict[str, dict[str, object]]:
    """What clerks typed into the month: numbers for most rows, 形象进度 for the qualitative ones,
    nothing for every fifth row (not reported)."""
    sheet = read_master(path).month(month)
    edits = {}
    for n, record in sheet.records():
        if n % 5 == 0:
            continue
        target = record["目标值"]
        if target is None:
            edits[sheet.address(n, "形象进度")] = (n % 10) / 10
        else:
            edits[sheet.address(n, "累计完成")] = round(target * ((n * 7) % 13) / 12, 2)
    return {L.month_sheet(month): edits}


def file_with(path: Path, edits: dict, tmp: Path) -> Path:
    """The same edits in a file, for the CLI's reader."""
    from openpyxl import load_workbook

    book = load_workbook(path, keep_vba=True)
    for sheet, cells in edits.items():
        for cell, value in cells.items():
            book[sheet][cell] = value
    out = tmp / f"filled-{path.parent.name}.xlsm"
    book.save(out)
    return out


def test_status_writes_the_dashboard_the_cli_computes(remote, master, tmp_path):
    edits = typed(master)
    book = remote(master, active=L.month_sheet(MONTH), edits=edits)
    xl.status()
    [message] = alerts(book)
    found = progress.compute(read_master(file_with(master, edits, tmp_path)), MONTH)
    county = found.county()
    assert f"{MONTH} 月滞后预警：{county['indicators']} 个指标" in message and "“汇总”表已更新" in message
    expected = {c.cell: excel_text(c.new if c.new is not None else "") for c in dashboard.changes(found, None)}
    written = values_at(book, L.DASHBOARD_SHEET)
    assert {cell: written[cell] for cell in expected} == expected
    assert county["red"] + county["missing"] > 0 and "滞后的指标" in message


def test_status_calls_into_excel_do_not_grow_with_rows(remote, master, big_master, tmp_path):
    counts = []
    for path in (master, big_master):
        book = remote(path, active=L.month_sheet(MONTH), edits=typed(path))
        xl.status()
        counts.append(len(actions(book)))
        assert len(alerts(book)) == 1
        del xw.Book._mock_caller
    assert counts[0] == counts[1]


def test_status_on_a_sheet_that_is_not_a_month_uses_the_reporting_month(remote, master):
    book = remote(master, active=L.DASHBOARD_SHEET)
    xl.status()
    assert "月滞后预警" in alerts(book)[0]


@pytest.mark.parametrize("button", ["validate", "bulletin"])
def test_buttons_whose_core_is_not_wired_say_so_and_change_nothing(remote, master, button):
    book = remote(master, active=L.month_sheet(MONTH))
    getattr(xl, button)()
    [message] = alerts(book)
    assert "尚未" in message and actions(book, "setValues") == []
