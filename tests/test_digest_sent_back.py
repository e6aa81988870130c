"""A leader's digest names a unit whose report was refused as 已退回, as the bulletin does, not as 未报送
(“督查室已催报” would tell the leader the unit had not sent anything)."""

from __future__ import annotations

from datetime import date

import filled
from minsheng.engines.file import apply_changes, read_master
from minsheng.model import layout as L
from minsheng.model import settings as settings_mod
from minsheng.model.book import CellChange
from minsheng.paper import digest
from minsheng.roundtrip import roster
from minsheng.status.progress import compute

DAY = date(2024, 4, 8)
LEADER = "蒋红星"  # 教育: 2-3 and 8-3 of 县教育和体育局 are not reported in the March fixture


def _lines(master) -> list[str]:
    book = read_master(master)
    pages = digest.digests(compute(book, 3), book, settings_mod.load(book), DAY)
    return pages[LEADER].text().splitlines()


def _send_back(master, unit: str) -> None:
    """Record ``unit``'s March report as 已退回 in 报送记录, under its table as 汇总回收表 adds a row (it starts empty)."""
    sheet = read_master(master)[L.REPORTS_SHEET]
    row = len(sheet.rows) + 1
    while row > 2 and all(v is None for v in sheet.rows[row - 2]):
        row -= 1
    apply_changes(master, [CellChange(L.REPORTS_SHEET, sheet.address(row, header), None, value)
                           for header, value in (("月份", 3), ("单位", unit), ("状态", "已退回"))])
    assert roster.current(read_master(master), 3)[unit][1]["状态"] == "已退回"


def test_a_refused_units_items_are_sent_back_not_missing(master):
    march = filled.fill(master)
    before = [line for line in _lines(march) if line.startswith("    未报送：")]
    assert before and "县教育和体育局" in before[0] and "已退回" not in "".join(_lines(march))
    _send_back(march, "县教育和体育局")
    lines = _lines(march)
    back = [line for line in lines if line.startswith("    已退回：")]
    assert len(back) == 1 and "县教育和体育局" in back[0] and "请更正后重报" in back[0]
    assert not any("县教育和体育局" in line for line in lines if line.startswith("    未报送："))


def _table(master) -> dict[str, str]:
    """编号 → 状态 of the leader's 分管指标一览, as the digest's table shows it."""
    from minsheng.paper.document import Table

    book = read_master(master)
    page = digest.digests(compute(book, 3), book, settings_mod.load(book), DAY)[LEADER]
    (table,) = [b for b in page.blocks if isinstance(b, Table)]
    return {row[0]: row[5] for row in table.rows}


def test_the_table_says_sent_back_as_the_paragraph_does(master):
    march = filled.fill(master)
    before = _table(march)
    assert [k for k, v in before.items() if v == "未报送"] == ["2-3", "8-3"] and "已退回" not in before.values()
    _send_back(march, "县教育和体育局")
    assert _table(march) == {**before, "2-3": "已退回", "8-3": "已退回"}  # the rest as they were
    (opening,) = [line for line in _lines(march) if line.strip().startswith("您分管的")]
    assert "未报送0个，已退回2个；" in opening  # the opening counts them as the table shows them
