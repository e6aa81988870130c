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


def test_csv_has_one_row_per_indicator_per_month_and_agrees_with_status(master, tmp_path, capsys):
    fill(master, months=4)
    book = load_workbook(master, keep_vba=True)
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
    assert first["存在问题"] == "=资金未到位" and first["进展情况"] == "已招聘 1,200 人，其中女性 45%"

    main(["status", str(master), "--month", "4", "--json", "--no-write"])
    status = json.loads(capsys.readouterr().out)
    april = [r for r in rows if r["月份"] == "4"]
    assert [(r["项目编号"], r["指标"], r["预警状态"], r["本月灯"]) for r in april] == \
        [(i["id"], i["indicator"], i["status"], i["light"]) for i in status["indicators"]]
    for r, i in zip(april, status["indicators"]):
        assert (float(r["完成率"]) if r["完成率"] else None) == i["completion"]


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
    book = load_workbook(master, keep_vba=True)
    book["2月"].cell(2, L.MONTH_HEADERS.index("累计完成") + 1, "大约一半")
    book.save(master)
    out = tmp_path / "t.csv"
    assert main(["export", str(master), "--out", str(out), "--month", "2"]) == 1
    assert "2月!J2" in capsys.readouterr().err
    with out.open(encoding="utf-8-sig", newline="") as f:
        row = next(r for r in csv.DictReader(f) if r["月份"] == "2" and r["项目编号"] == "1-1")
    assert row["累计完成"] == "" and row["预警状态"] == "未报送"
