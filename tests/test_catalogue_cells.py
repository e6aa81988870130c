"""Cells of an .xlsx catalogue as a clerk types them: a date in 完成时限 reads as the notices write one
(2024年6月30日, which the default plan reads as June), and a negative 年度投资 or 目标值 is refused
with the cell named and a hint, the rest of the list still checked."""

from __future__ import annotations

from datetime import datetime

import openpyxl
import pytest

from minsheng.builder import targets
from minsheng.model import catalogue
from minsheng.model.plan import deadline_month

from test_build_fastsheet import HEADERS

COLUMN = {h: openpyxl.utils.get_column_letter(c) for c, h in enumerate(HEADERS, start=1)}


def _save(tmp_path, rows: list[dict]) -> str:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "项目表"
    sheet.append(HEADERS)
    for row in rows:
        sheet.append([row.get(h) for h in HEADERS])
    path = tmp_path / "目录2024.xlsx"
    book.save(path)
    return path


def _row(n, **cells) -> dict:
    return {"项目编号": n, "项目类别": "教育", "项目内容": "新建幼儿园", "分管县领导": "张三", "责任单位": "县教育局",
            "指标": f"指标{n}", "目标值": 2, "计量单位": "所", **cells}


def test_a_date_in_deadline_reads_as_the_date_written_and_plans_to_its_month(tmp_path):
    path = _save(tmp_path, [_row(1, 完成时限=datetime(2024, 6, 30)), _row(2, 完成时限=datetime(2024, 9, 1, 10, 30)),
                            _row(3, 完成时限="2024年8月底")])
    read = catalogue.load(path, read_target=targets.read)
    assert [(i.deadline, deadline_month(i.deadline, 2024)) for i in read.items] == [
        ("2024年6月30日", 6), ("2024年9月1日 10:30", 9), ("2024年8月底", 8)]


@pytest.mark.parametrize("cells, cell, words", [
    ({"年度投资(万元)": -3}, "年度投资(万元)", "年度投资“-3”是负数"),
    ({"年度投资(万元)": "-3"}, "年度投资(万元)", "年度投资“-3”是负数"),
    ({"目标值": -3}, "目标值", "目标值应大于 0，现为 -3"),
    ({"目标值": -3, "目标类型": "以内"}, "目标值", "目标值应大于 0，现为 -3"),
])
def test_a_negative_investment_or_target_is_refused_naming_the_cell(tmp_path, cells, cell, words):
    path = _save(tmp_path, [_row(1), _row(2, **cells), _row(3, **{"年度投资(万元)": 0})])
    with pytest.raises(catalogue.CatalogueError) as refused:
        catalogue.load(path, read_target=targets.read)
    [problem] = refused.value.problems  # the other rows pass: 0 万元 is an investment of none
    where, said = problem.split(": ", 1)
    assert where == f"目录2024.xlsx/项目表 {COLUMN[cell]}3"
    assert said.startswith(words) and said.index("——") >= len(words)  # what is wrong, then the hint


def test_a_zero_or_positive_investment_is_kept(tmp_path):
    read = catalogue.load(_save(tmp_path, [_row(1, **{"年度投资(万元)": 3600}), _row(2, **{"年度投资(万元)": 0})]))
    assert [i.investment for i in read.items] == [3600.0, 0.0]
