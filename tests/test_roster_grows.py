"""报送记录 starts empty and grows as 汇总回收表 records each unit: rows written under its Excel
Table join the table (its range and its filter), by the fast path and by openpyxl alike, and the
file still opens in LibreOffice with the table a table."""

from __future__ import annotations

import shutil

import pytest
from openpyxl import load_workbook

from minsheng.engines.file import apply_changes, read_master
from minsheng.engines.libreoffice import recalculate
from minsheng.model import layout as L
from minsheng.roundtrip import roster
from minsheng.xlsx import patch as xlsxpatch


def unsupported(*args, **kwargs):
    raise xlsxpatch.Unsupported("this test writes with openpyxl")


def record(path, month: int, outcomes: dict[str, roster.Entry], expected: list[str]) -> int:
    """One run of 汇总回收表's roster step on the file at ``path``; the number of changed cells."""
    changes, _, _ = roster.plan(read_master(path), month, expected, outcomes)
    apply_changes(path, changes)
    return len(changes)


def table(path):
    sheet = load_workbook(path)[L.REPORTS_SHEET]
    t = sheet.tables[L.table_name(L.REPORTS_SHEET)]
    return t.ref, t.autoFilter.ref


@pytest.fixture(params=["fast", "openpyxl"])
def writer(request, master):
    if request.param == "openpyxl":
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(xlsxpatch, "patch", unsupported)
            yield master
    else:
        yield master


def test_the_built_roster_is_empty_and_prints_on_one_page(master):
    sheet = read_master(master)[L.REPORTS_SHEET]
    assert [r for _, r in sheet.records() if any(v is not None for v in r.values())] == []
    assert table(master) == ("A1:G2", "A1:G2")


def test_rows_written_under_the_table_join_it_and_a_second_run_changes_nothing(writer):
    units = ["县人社局", "县民政局", "县教育和体育局"]
    first = {"县人社局": roster.Entry(roster.SENT, "人社局.xlsx", "2024-04-03 09:00:00", "ab12"),
             "县民政局": roster.Entry(roster.RETURNED, "民政局.xlsx", note="J7 约500")}
    assert record(writer, 3, first, units) > 0
    assert table(writer) == ("A1:G4", "A1:G4")
    current = roster.current(read_master(writer), 3)
    assert {u: (row, r["状态"]) for u, (row, r) in current.items()} == {
        "县人社局": (2, "已报送"), "县民政局": (3, "已退回"), "县教育和体育局": (4, "未报送")}
    assert record(writer, 3, first, units) == 0  # nothing new: the file is not written again
    # the next month goes under the full table, and the table follows
    assert record(writer, 4, {"县民政局": roster.Entry(roster.SENT, "民政局4.xlsx")}, units) > 0
    assert table(writer) == ("A1:G7", "A1:G7")
    flat = [(int(r["月份"]), r["单位"], r["状态"]) for _, r in read_master(writer)[L.REPORTS_SHEET].records()]
    assert flat == [(3, "县人社局", "已报送"), (3, "县民政局", "已退回"), (3, "县教育和体育局", "未报送"),
                    (4, "县人社局", "未报送"), (4, "县民政局", "已报送"), (4, "县教育和体育局", "未报送")]


def test_a_change_inside_the_table_leaves_its_range_alone(master):
    units = ["县人社局"]
    record(master, 3, {}, units)
    assert table(master) == ("A1:G2", "A1:G2")
    record(master, 3, {"县人社局": roster.Entry(roster.SENT, "人社局.xlsx")}, units)
    assert table(master) == ("A1:G2", "A1:G2")


@pytest.mark.libreoffice
def test_libreoffice_opens_the_grown_roster_as_a_table(master, tmp_path):
    units = [f"单位{n}" for n in range(1, 31)]
    record(master, 3, {u: roster.Entry(roster.SENT, f"{u}.xlsx") for u in units[::2]}, units)
    copy = tmp_path / "copy" / master.name
    copy.parent.mkdir()
    shutil.copy2(master, copy)
    back = recalculate(copy, tmp_path / "lo")
    sheet = load_workbook(back)[L.REPORTS_SHEET]
    assert [t.ref for t in sheet.tables.values()] == ["A1:G31"]
    assert [sheet.cell(r, 3).value for r in (2, 3, 31)] == ["已报送", "未报送", "未报送"]
