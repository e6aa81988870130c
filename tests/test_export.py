"""minsheng export: the long table, read back by independent readers (csv module, pyarrow, DuckDB-style
group-bys in pandas), agrees with status; clerks' text is kept as written."""

from __future__ import annotations

import csv
import json

import pyarrow.parquet as pq
from openpyxl import load_workbook

from minsheng.model import layout as L
from minsheng.cli import main
from minsheng.engines.file import set_value
from minsheng.status.long_table import COLUMNS

from test_status import fill
from xlsm_book import load_xlsm


def test_csv_has_one_row_per_indicator_per_month_and_agrees_with_status(master, tmp_path, capsys):
    fill(master, months=4)
    book = load_xlsm(master)
    sheet = book["4月"]
    set_value(sheet.cell(2, L.MONTH_HEADERS.index("存在问题") + 1), "=资金未到位")  # typed as '=资金未到位
    sheet.cell(2, L.MONTH_HEADERS.index("进展情况") + 1, "已招聘 1,200 人，其中女性 45%")
    book.save(master)
    out = tmp_path / "长表.csv"
    assert main(["export", str(master), "--out", str(out)]) == 0
    assert "124 行" in capsys.readouterr().out
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == 31 * 4 and {r["月份"] for r in rows} == {"1", "2", "3", "4"}
    first = next(r for r in rows if r["月份"] == "4" and r["项目编号"] == "1-1")
    assert first["存在问题"] == "'=资金未到位" and first["进展情况"] == "已招聘 1,200 人，其中女性 45%"

    main(["status", str(master), "--month", "4", "--json", "--no-write"])
    status = json.loads(capsys.readouterr().out)
    april = [r for r in rows if r["月份"] == "4"]
    assert [(r["项目编号"], r["指标"], r["预警状态"], r["本月灯"]) for r in april] == \
        [(i["id"], i["indicator"], i["status"], i["light"]) for i in status["indicators"]]
    for r, i in zip(april, status["indicators"]):
        assert (float(r["完成率"]) if r["完成率"] else None) == i["completion"]


ATTACKS = {  # what a clerk (or a return from a unit) may put in a text column
    "存在问题": "=cmd|' /C calc'!A0",
    "进展情况": '=HYPERLINK("http://example.invalid/x","点此")',
    "下步措施": "+1+1",
    "填报人": "@SUM(1+1)",
}
ODD_STARTS = {"存在问题": "-2+3 资金缺口", "进展情况": "\t=1+1", "下步措施": "\r=1+1", "填报人": "张三\r\n=1+1"}


def _type_texts(master, month, row, texts):
    book = load_xlsm(master)
    for header, text in texts.items():
        set_value(book[L.month_sheet(month)].cell(row, L.MONTH_HEADERS.index(header) + 1), text)
    book.save(master)


def _csv_in_libreoffice(csv_path, tmp_path):
    """Open the CSV as a spreadsheet program does (LibreOffice, formulas evaluated on import) and
    return the cells of the first sheet as (value, type) by header."""
    import subprocess

    from minsheng.engines.libreoffice import soffice

    out = tmp_path / "lo"
    # CSV filter: comma, double quote, UTF-8, from line 1, …, token 13 "evaluate formulas" on
    subprocess.run([soffice(), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--infilter=CSV:44,34,76,1,,0,false,true,false,false,false,-1,true",
                    "--convert-to", "xlsx", "--outdir", str(out), str(csv_path)],
                   check=True, capture_output=True, timeout=180)
    sheet = load_workbook(out / (csv_path.stem + ".xlsx")).active
    rows = list(sheet.iter_rows())
    headers = [c.value for c in rows[0]]
    return [{h: (c.value, c.data_type) for h, c in zip(headers, r)} for r in rows[1:]]


def test_formula_like_texts_open_as_text_in_a_spreadsheet_and_parquet_keeps_them_as_typed(master, tmp_path, capsys):
    fill(master, months=2)
    _type_texts(master, 2, 2, ATTACKS)
    _type_texts(master, 2, 3, ODD_STARTS)
    out = tmp_path / "长表.csv"
    assert main(["export", str(master), "--out", str(out), "--month", "2"]) == 0
    cells = _csv_in_libreoffice(out, tmp_path)
    assert not [(h, v) for row in cells for h, (v, kind) in row.items() if kind == "f"]  # no formula anywhere
    first = next(r for r in cells if r["月份"][0] == 2 and r["项目编号"][0] == "1-1")
    assert {h: first[h] for h in ATTACKS} == {h: ("'" + t, "s") for h, t in ATTACKS.items()}
    with out.open(encoding="utf-8-sig", newline="") as f:
        second = [r for r in csv.DictReader(f) if r["月份"] == "2"][1]
    # a CR would end the row in LibreOffice even inside quotes: it becomes the cell line break \n
    assert {h: second[h] for h in ODD_STARTS} == {"存在问题": "'-2+3 资金缺口", "进展情况": "'\t=1+1",
                                                 "下步措施": "'\n=1+1", "填报人": "张三\n=1+1"}
    assert any(r["偏差"][1] == "n" and r["偏差"][0] < 0 for r in cells)  # numbers stay numbers, minus and all

    parquet = tmp_path / "长表.parquet"
    assert main(["export", str(master), "--out", str(parquet), "--month", "2"]) == 0
    frame = pq.read_table(parquet).to_pandas()
    rows = frame[frame["月份"] == 2].to_dict("records")
    assert {h: rows[0][h] for h in ATTACKS} == ATTACKS and {h: rows[1][h] for h in ODD_STARTS} == ODD_STARTS


def test_parquet_by_suffix_with_typed_columns(master, tmp_path, capsys):
    fill(master, months=3)
    out = tmp_path / "长表.parquet"
    assert main(["export", str(master), "--out", str(out), "--month", "3"]) == 0
    table = pq.read_table(out)
    assert tuple(table.column_names) == COLUMNS and table.num_rows == 31 * 3
    types = {f.name: str(f.type) for f in table.schema}
    assert types["月份"] == "int64" and types["完成率"] == "double" and types["预警状态"] in ("string", "large_string")
    frame = table.to_pandas()
    by_month = frame.groupby("月份")["完成率"].count().to_dict()
    assert set(by_month) == {1, 2, 3} and all(0 < n <= 31 for n in by_month.values())
    again = out.read_bytes()
    main(["export", str(master), "--out", str(out), "--month", "3"])
    assert out.read_bytes() == again  # a second run changes nothing


def test_export_usage_errors(master, tmp_path, capsys):
    assert main(["export", str(master), "--out", str(tmp_path / "x.xlsx")]) == 2
    assert ".csv 或 .parquet" in capsys.readouterr().err
    assert main(["export", str(master), "--out", str(tmp_path / "x.csv"), "--month", "0"]) == 2


def test_unreadable_entries_are_exported_as_missing_and_reported(master, tmp_path, capsys):
    book = load_xlsm(master)
    book["2月"].cell(2, L.MONTH_HEADERS.index("累计完成") + 1, "大约一半")
    book.save(master)
    out = tmp_path / "t.csv"
    assert main(["export", str(master), "--out", str(out), "--month", "2"]) == 1
    assert "2月!J2" in capsys.readouterr().err
    with out.open(encoding="utf-8-sig", newline="") as f:
        row = next(r for r in csv.DictReader(f) if r["月份"] == "2" and r["项目编号"] == "1-1")
    assert row["累计完成"] == "" and row["预警状态"] == "未报送"
