"""The Excel adapter driven through xlwings' remote interpreter, on masters built by `minsheng build`."""

from __future__ import annotations

from pathlib import Path

import pytest
import xlwings as xw
from excel_payload import actions, alerts, values_at

from minsheng.model import layout as L
from minsheng import xl
from minsheng.engines.file import read_master
from minsheng.model.book import CellChange

MONTH = L.month_sheet(3)


def consolidation_like(book, every: int = 2) -> list[CellChange]:
    """What merging returns changes: 累计完成 and the texts of every ``every``-th indicator row."""
    sheet = book.month(3)
    changes = []
    for n, record in sheet.records()[::every]:
        changes.append(CellChange(MONTH, sheet.address(n, "累计完成"), None, float(n)))
        changes.append(CellChange(MONTH, sheet.address(n, "进展情况"), None, f"第{n}行进展"))
        changes.append(CellChange(MONTH, sheet.address(n, "填报人"), None, "张三"))
    return changes


def run_apply(remote, master: Path, changes, log_rows=()):
    book = remote(master)
    excel = xl.Excel(xw.Book.caller())
    excel.read(L.sheet_order())
    excel.apply(changes, log_rows)
    return book


def test_reads_each_sheet_once_as_the_file_reader_does(remote, master):
    book = remote(master)
    excel = xl.Excel(xw.Book.caller())
    read = excel.read([MONTH, L.PLAN_SHEET, L.CONFIG_SHEET])
    from_file = read_master(master)
    assert read[MONTH].rows == from_file[MONTH].rows
    assert read[L.PLAN_SHEET].by_key() == from_file[L.PLAN_SHEET].by_key()
    assert read.path == Path.cwd() / master.name
    assert book.json()["actions"] == []  # reading asks Excel for nothing more than the payload


def test_changes_land_in_their_cells_and_text_stays_text(remote, master):
    sheet = read_master(master).month(3)
    row = sheet.by_key()[("1-1", "城镇新增就业")][0]
    changes = [CellChange(MONTH, sheet.address(row, "累计完成"), None, 1200.0),
               CellChange(MONTH, sheet.address(row, "进展情况"), None, "=HYPERLINK(\"x\")"),
               CellChange(MONTH, sheet.address(row, "存在问题"), None, "-资金未到位"),
               CellChange(MONTH, sheet.address(row, "下步措施"), None, "@县财政局 协调"),
               CellChange(MONTH, sheet.address(row, "联系电话"), None, "13800000000"),
               CellChange(MONTH, sheet.address(row, "填报人"), None, "李四")]
    book = run_apply(remote, master, changes)
    written = values_at(book, MONTH)
    assert {cell: written[cell] for cell in (c.cell for c in changes)} == {
        f"J{row}": 1200.0, f"O{row}": "'=HYPERLINK(\"x\")", f"P{row}": "'-资金未到位",
        f"Q{row}": "'@县财政局 协调", f"S{row}": "'13800000000", f"R{row}": "李四"}
    assert len(actions(book, "setValues")) == 2  # J, and the run O..S


def test_unchanged_cells_between_changes_keep_their_values(remote, master, tmp_path):
    typed = {f"O{r}": f"原有进展{r}" for r in range(2, 40)}
    book = remote(master, edits={MONTH: typed})
    excel = xl.Excel(xw.Book.caller())
    excel.read([MONTH])
    excel.apply([CellChange(MONTH, "O3", None, "新"), CellChange(MONTH, "O30", None, "新")])
    written = values_at(book, MONTH)
    assert written["O3"] == written["O30"] == "新"
    assert {c: written[c] for c in typed if c not in ("O3", "O30") and c in written} == {
        c: v for c, v in typed.items() if 3 < int(c[1:]) < 30}
    assert len(actions(book)) == 2  # one write, and the rows' AutoFit for the text (issue 17b)


def test_log_rows_go_under_the_log_table_and_grow_it(remote, master):
    rows = [["2024-04-03 09:00", "汇总回收表", "人社局.xlsx", "ab12", "县人力资源社会保障局", "J2: → 1200"],
            ["2024-04-03 09:00", "汇总回收表", "教体局.xlsx", "cd34", "县教育和体育局", "J5: → 3"]]
    book = run_apply(remote, master, [], rows)
    written = values_at(book, L.LOG_SHEET)
    assert [written[f"{c}2"] for c in "ABCDEF"] == ["'2024-04-03 09:00", *rows[0][1:]]  # text stays text
    assert written["E3"] == "县教育和体育局"
    assert [a["args"] for a in actions(book, "resizeTable")] == [[0, "$A$1:$F$3"]]


@pytest.mark.parametrize("every", [1, 3])
def test_calls_into_excel_do_not_grow_with_rows(remote, master, master_x10, every):
    counts = {}
    for path in (master, master_x10):
        changes = consolidation_like(read_master(path), every)
        book = run_apply(remote, path, changes, [["t", "汇总回收表", "f", "h", "u", "c"]])
        written = values_at(book, MONTH)
        assert all(written[c.cell] == c.new for c in changes)
        counts[path] = len(actions(book))
        del xw.Book._mock_caller
    assert len(read_master(master_x10).month(3).records()) == 10 * len(read_master(master).month(3).records())
    # one block per changed column (J, O, R; not adjacent) and the 日志 block; the log row fills
    # the log table's empty first row, so the table needs no resize; one rows' AutoFit per sheet given text
    assert counts[master] == counts[master_x10] == 6


def test_month_is_the_active_monthly_sheet(remote, master):
    remote(master, active="5月")
    assert xl.Excel(xw.Book.caller()).month() == 5


def test_month_outside_a_monthly_sheet_is_the_reporting_month(remote, master):
    remote(master, active=L.DASHBOARD_SHEET)
    month = xl.Excel(xw.Book.caller()).month()
    assert month in L.MONTHS  # the previous calendar month within 2024: 12 from 2025 on
    from datetime import date
    assert month == (12 if date.today().year > 2024 else max(1, date.today().month - 1))


def test_a_failure_is_a_chinese_message_and_the_traceback_goes_to_the_log(remote, master, tmp_path, monkeypatch):
    monkeypatch.setattr(xl, "ERROR_LOG", tmp_path / "错误记录.txt")

    @xl.entry("测试")
    def broken(excel):
        excel.read([MONTH])
        raise KeyError("累计完成")

    book = remote(master)
    broken()
    [message] = alerts(book)
    assert "“测试”没有完成" in message and "工作簿没有被修改" in message and "Traceback" not in message
    assert "KeyError" in (tmp_path / "错误记录.txt").read_text("utf-8")
    assert actions(book, "setValues") == []


def test_a_failure_after_writing_says_how_much_was_written(remote, master, tmp_path, monkeypatch):
    monkeypatch.setattr(xl, "ERROR_LOG", tmp_path / "错误记录.txt")

    @xl.entry("测试")
    def half(excel):
        excel.read([MONTH])
        excel.apply([CellChange(MONTH, "J2", None, 1.0)])
        raise RuntimeError("磁盘已满")

    book = remote(master)
    half()
    assert "已写入 1 个单元格" in alerts(book)[0] and "磁盘已满" in alerts(book)[0]


def test_default_folders_sit_beside_the_workbook(remote, master):
    remote(master)
    excel = xl.Excel(xw.Book.caller())
    assert excel.folder(excel.folder_beside / xl.RETURNS_FOLDER / "3月", "选择") == Path.cwd() / "回收" / "3月"


@pytest.mark.parametrize("label,sub,target", __import__("minsheng.builder.vba", fromlist=["x"]).RIBBON_BUTTONS)
def test_every_button_reaches_an_entry_point_that_ends_with_a_message(remote, master, label, sub, target):
    """Every button ends with one Chinese message, not a failure. What each one writes:
    test_xl_buttons.py and test_xl_validate.py."""
    module, function = target.rsplit(".", 1)
    entry_point = getattr(__import__(module, fromlist=[function]), function)
    book = remote(master, active=MONTH)
    entry_point()
    [message] = alerts(book)
    assert "Traceback" not in message and "没有完成" not in message, message


def test_rows_written_beside_a_table_do_not_grow_it(remote, master):
    # 配置 keeps its drop-down lists in columns E..G, beside the settings table (A..C)
    book = run_apply(remote, master, [CellChange(L.CONFIG_SHEET, "E30", None, "新单位")])
    assert values_at(book, L.CONFIG_SHEET) == {"E30": "新单位"}
    assert actions(book, "resizeTable") == []
    below = len(L.SETTINGS) + 3  # the row under the settings table (header, settings, one spare row)
    book = run_apply(remote, master, [CellChange(L.CONFIG_SHEET, f"A{below}", None, "新设置")])
    assert [a["args"] for a in actions(book, "resizeTable")] == [[0, f"$A$1:$C${below}"]]


def test_only_the_excel_engine_and_the_ribbon_import_xlwings():
    """The jobs and the cores run without Excel: xlwings is imported by the live-workbook engine
    (``engines/excel.py``) and the ribbon's entry points (``xl.py``), nowhere else."""
    import ast

    package = Path(xl.__file__).parent
    importers = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n == "xlwings" or n.startswith("xlwings.") for n in names):
                importers.add(path.relative_to(package).as_posix())
    assert importers == {"xl.py", "engines/excel.py"}
