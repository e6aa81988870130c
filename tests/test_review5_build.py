"""Review 5: catalogues the build tests did not try, built both ways (FastSheet and XlsxWriter's Worksheet).

A list copied from a notice may hold a text that starts with '=' (a 项目内容 such as “=改造提升=” or a
pasted formula) or an 年度投资 that reads as a float but is no number (inf, nan): the master keeps the
text as typed and is built, never a formula and never a crash.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from xlsxwriter.worksheet import Worksheet

from minsheng.builder import master
from minsheng.model import catalogue
from test_build_fastsheet import _parts
from test_build_fastsheet import _rich_catalogue as _catalogue


def _both_ways(book, tmp_path, monkeypatch) -> Path:
    fast = master.build(book, tmp_path / "fast.xlsm")
    monkeypatch.setattr(master, "SHEET_CLASS", Worksheet)
    slow = master.build(book, tmp_path / "slow.xlsm")
    mine, theirs = _parts(fast), _parts(slow)
    assert [name for name in theirs if mine.get(name) != theirs[name]] == []
    return fast


def _cells(path: Path, sheet: str, texts: set[str]) -> list[tuple[str, str, object]]:
    ws = openpyxl.load_workbook(path)[sheet]
    return [(c.coordinate, c.data_type, len(c.value)) for row in ws.iter_rows() for c in row if c.value in texts]


def test_a_text_starting_with_equals_stays_text(tmp_path, monkeypatch):
    long = "=" + "改造提升，" * 4000  # beyond the short path's length: XlsxWriter's own write
    rows = [["1", "民生", "=SUM(1,2)", "张三", "县教育局", "形象进度", "", "", "", "", "", "", "", "=备注="],
            ["2", "民生", long, "李四", "县人社局", "城镇新增就业", "3000", "人", "", "", "", "", "", ""]]
    fast = _both_ways(_catalogue(tmp_path, rows), tmp_path, monkeypatch)
    assert _cells(fast, "项目表", {"=SUM(1,2)", "=备注=", long}) == [
        ("C2", "s", 9), ("N2", "s", 4), ("C3", "s", len(long))]
    assert [(ref, kind) for ref, kind, _ in _cells(fast, "3月", {"=SUM(1,2)", long})] == [("C2", "s"), ("C3", "s")]


@pytest.mark.parametrize("investment", ["inf", "-inf", "nan", "Infinity"])
def test_an_investment_that_is_no_number_is_kept_as_text(investment, tmp_path, monkeypatch):
    rows = [["1", "民生", "农村公路", "张三", "县交通运输局", "新改建农村公路", "60", "公里", "", "", "", "", investment, ""]]
    book = _catalogue(tmp_path, rows)
    assert book.items[0].investment == investment
    fast = _both_ways(book, tmp_path, monkeypatch)
    assert _cells(fast, "项目表", {investment}) == [("M2", "s", len(investment))]


def test_a_text_longer_than_a_cell_holds_is_refused_by_cell(tmp_path):
    """Excel keeps 32,767 characters a cell; XlsxWriter cut a longer 项目内容 without a word. The
    catalogue says where instead, and a text of exactly 32,767 characters is built whole."""
    rows = [["1", "民生", "长" * 32767, "张三", "县教育局", "形象进度", "", "", "", "", "", "", "", ""],
            ["2", "民生", "长" * 33000, "李四", "县人社局", "形象进度", "", "", "", "", "", "", "", "备" * 40000]]
    with pytest.raises(catalogue.CatalogueError) as refused:
        _catalogue(tmp_path, rows)
    assert [p.split(": ")[0] for p in refused.value.problems] == ["目录2025.csv C3", "目录2025.csv N3"]
    assert "33000" in refused.value.problems[0] and "32767" in refused.value.problems[0]
    book = _catalogue(tmp_path, rows[:1])
    assert len(book.items[0].content) == 32767
