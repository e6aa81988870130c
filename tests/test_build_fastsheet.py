"""builder.fastsheet.FastSheet writes the master XlsxWriter's own Worksheet writes, every zip part byte for byte.

Three catalogues: the embedded 微山 2024 list, one with what a county's list may hold beyond it
(节点, a 以内 ceiling, 清零, 达到 with a 基期值, sub-targets split by unit, 完成时限, 年度投资, 备注, text
with & < > and quotes, a long text) and the synthetic one the build benchmark uses.
"""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pytest
from xlsxwriter.worksheet import Worksheet

from minsheng.builder import master, targets
from minsheng.builder.fastsheet import FastSheet
from minsheng.builder.formulasheet import MARK, ColumnFormula, RowFormula
from minsheng.model import catalogue

from test_bench_validate import synthetic_catalogue

HEADERS = ["项目编号", "项目类别", "项目内容", "分管县领导", "责任单位", "指标", "目标值", "计量单位", "目标类型", "基期值",
           "节点", "完成时限", "年度投资(万元)", "备注"]
ROWS = [
    ["1", "民生", "城区学校建设 & 改造 <一期>", "张三", "县教育局", "形象进度", "", "", "节点", "",
     "动工 3月底；主体完工 8月底；投入使用 12月底", "12月", "1200.5", "“重点”项目"],
    ["2", "民生", "新增就业", "李四", "县人社局", "城镇新增就业", "3000", "人", "累计", "", "", "", "", ""],
    ["3", "环境", "空气质量", "王五", "县生态环境分局", "PM2.5平均浓度", "45", "微克/立方米", "以内", "", "", "", "", ""],
    ["4", "安全", "隐患清零", "王五", "县应急局", "重大隐患", "0", "处", "清零", "", "", "6月", "", ""],
    ["5", "教育", "入园率", "赵六", "县教育局", "学前三年毛入园率", "95", "%", "达到", "90", "", "", "", ""],
    ["6", "道路", "农村公路", "赵六", "县交通运输局", "新改建农村公路", "60", "公里", "", "", "", "10月", "3000", ""],
    ["6", "道路", "农村公路", "赵六", "县住房城乡建设局", "新改建农村公路", "40", "公里", "", "", "", "10月", "3000", ""],
    ["7", "民生", "长文本" + "落实政策措施，" * 60, "钱七", "县民政局", "形象进度", "", "", "", "", "", "", "", "a<b>&c"],
]


def _rich_catalogue(tmp_path: Path, rows: list[list[str]] = ROWS) -> catalogue.Catalogue:
    source = tmp_path / "目录2025.csv"
    with source.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(HEADERS)
        out.writerows(rows)
    return catalogue.load(source, read_target=targets.read)


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {info.filename: z.read(info) for info in z.infolist()}


def _both_ways(book, tmp_path, monkeypatch) -> tuple[Path, Path]:
    assert master.SHEET_CLASS is FastSheet
    fast = master.build(book, tmp_path / "fast.xlsm")
    monkeypatch.setattr(master, "SHEET_CLASS", Worksheet)
    slow = master.build(book, tmp_path / "slow.xlsm")
    return fast, slow


@pytest.mark.parametrize("which", ["2024", "rich", "synthetic"])
def test_fast_sheet_writes_every_part_as_xlsxwriter_does(which, catalogue2024, tmp_path, monkeypatch):
    book = {"2024": lambda: catalogue2024, "rich": lambda: _rich_catalogue(tmp_path),
            "synthetic": lambda: synthetic_catalogue(120)}[which]()
    if which == "rich":
        kinds = {ind.kind for item in book.items for ind in item.indicators}
        assert {"节点", "以内", "清零", "达到"} <= kinds
        assert sum(1 for item in book.items for ind in item.indicators if ind.part_of) == 2
    fast, slow = _both_ways(book, tmp_path, monkeypatch)
    mine, theirs = _parts(fast), _parts(slow)
    assert list(mine) == list(theirs)
    assert [name for name in theirs if mine[name] != theirs[name]] == []
    assert fast.read_bytes() == slow.read_bytes()


def _sheet_xml(sheet) -> str:
    import io
    sheet._set_filehandle(io.StringIO())
    sheet._write_sheet_data()
    return sheet.fh.getvalue()


def test_cells_write_values_does_not_handle_go_through_xlsxwriter(tmp_path):
    """Dates, formula text, booleans, NaN, a format-less cell, long text, a row format, comments: the
    same XML as the stock sheet's, cell by cell through write_value."""
    import datetime

    import xlsxwriter

    from minsheng.builder.fastsheet import write_value

    book = xlsxwriter.Workbook(str(tmp_path / "x.xlsx"), {"nan_inf_to_errors": True})
    fmt, row_fmt = book.add_format({"bold": True}), book.add_format({"italic": True})
    column = ColumnFormula(f"=A{MARK}&\"<&>\"")
    values = [None, "", "text & <more>", "=1+1", 3, 2.5, True, float("nan"), datetime.date(2024, 3, 5),
              RowFormula(column, 7), RowFormula(column, 8), "x" * 20000, "_x0001_ \x01"]
    results = [0, 0, 0, 2, 0, 0, 0, 0, 0, "正常", "#N/A", 0, 0]
    sheets = [book.add_worksheet(name, worksheet_class=cls) for name, cls in (("fast", FastSheet), ("slow", Worksheet))]
    for sheet in sheets:
        sheet.set_row(5, 30, row_fmt)
        sheet.set_row(40, 20)
        sheet.write_comment(41, 3, "note")
    formats = [fmt] * len(values)
    formats[0] = formats[4] = None
    sheets[0].write_values(6, values, formats, results)
    sheets[0].write_values(5, values, [None] * len(values), results)
    for c, (value, f, result) in enumerate(zip(values, formats, results)):
        write_value(sheets[1], 6, c, value, f, result)
        write_value(sheets[1], 5, c, value, None, result)
    assert _sheet_xml(sheets[0]) == _sheet_xml(sheets[1])
    assert (sheets[0].dim_colmin, sheets[0].dim_colmax) == (sheets[1].dim_colmin, sheets[1].dim_colmax)
    book.close()


def test_a_table_kept_whole_is_the_table_xlsxwriter_keeps(tmp_path):
    """add_table of a plain table: the same table, filter cells and overlap errors as the stock sheet's."""
    import xlsxwriter
    from xlsxwriter.exceptions import OverlappingRange

    book = xlsxwriter.Workbook(str(tmp_path / "x.xlsx"))
    sheets = [book.add_worksheet(name, worksheet_class=cls) for name, cls in (("fast", FastSheet), ("slow", Worksheet))]
    for n, sheet in enumerate(sheets):
        sheet.merge_range(30, 0, 30, 2, "merged")
        assert sheet.add_table(0, 0, 20, 4, {"name": f"T_a{n}", "columns": [{"header": f"列{c}"} for c in range(5)],
                                             "style": "Table Style Light 9", "autofilter": True}) == 0
        assert sheet.add_table("G1:H9", {"name": f"T_b{n}", "autofilter": False}) == 0
        assert sheet.add_table(40, 0, 41, 1, {"name": f"T_c{n}"}) == 0  # too short to keep whole: XlsxWriter's way
        for first_row, first_col, last_row, last_col in ((5, 3, 25, 5), (20, 4, 22, 5), (29, 0, 35, 0), (3, 7, 8, 8)):
            with pytest.raises(OverlappingRange) as raised:
                sheet.add_table(first_row, first_col, last_row, last_col)
            assert "overlaps previous" in str(raised.value)
        with pytest.raises(OverlappingRange):
            sheet.merge_range(10, 1, 11, 2, "inside a table")
    (fast, slow) = sheets
    def unnamed(tables):
        return [{k: v for k, v in t.items() if k != "name"} for t in tables]

    assert unnamed(fast.tables) == unnamed(slow.tables) and fast.filter_cells == slow.filter_cells
    # two rows of a table kept whole, every cell of the others (XlsxWriter keeps a refused table's first cells too)
    assert len(fast.table_cells) == 10 + 4 + 4 < 105 + 18 + 4 <= len(slow.table_cells)
    book.close()
