"""Review 5: a catalogue kept in Excel with 目标值 and 基期值 formatted as percentages.

The clerk sees 95% and 90% in the cells; Excel holds 0.95 and 0.9. The master's target is the 95 (%)
the clerk sees, never 0.95 %, whatever the 计量单位 column says.
"""

from __future__ import annotations

import openpyxl

from minsheng.builder import targets
from minsheng.model import catalogue

from test_build_fastsheet import HEADERS


def test_a_percentage_cell_reads_as_the_percent_shown(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "项目表"
    sheet.append(HEADERS)
    sheet.append([1, "教育", "入园率", "张三", "县教育局", "学前三年毛入园率", 0.95, "%", "达到", 0.9, None, None, None, None])
    sheet.append([2, "卫生", "覆盖率", "张三", "县卫生健康局", "签约覆盖率", 0.655, None, None, None, None, None, None, None])
    sheet.append([3, "民生", "新增就业", "李四", "县人社局", "城镇新增就业", 3000, "人", None, None, None, None, None, None])
    for row in (2, 3):
        sheet.cell(row, 7).number_format = sheet.cell(row, 10).number_format = "0%"
    sheet.cell(3, 7).number_format = "0.0%"
    book.save(tmp_path / "目录2025.xlsx")
    read = catalogue.load(tmp_path / "目录2025.xlsx", read_target=targets.read)
    assert [(i.name, i.target, i.measure, i.kind, i.base) for item in read.items for i in item.indicators] == [
        ("学前三年毛入园率", 95.0, "%", "达到", 90.0), ("签约覆盖率", 65.5, "%", "累计", None),
        ("城镇新增就业", 3000.0, "人", "累计", None)]
