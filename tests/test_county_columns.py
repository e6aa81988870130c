"""The catalogue's optional columns (项目名称, 完成时限, 建设地点, 年度投资(万元), 备注) where people work:
on the master's month sheets and in the units' fill-in files, read-only, after the month headers,
only when the catalogue has them; a return is read by its headers with or without them."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import load_workbook

from minsheng import cli
from minsheng.engines.libreoffice import convert_all
from minsheng.model import layout as L

import clerk

HEADER = ("项目编号", "项目类别", "项目内容", "分管县领导", "责任单位", "协办单位", "指标", "目标值", "计量单位",
          "项目名称", "完成时限", "建设地点", "年度投资(万元)", "备注")
SHOWN = ("项目名称", "完成时限", "建设地点", "年度投资(万元)", "备注")


def table(path: Path, sheet: str | None = None) -> tuple[tuple, dict[tuple, dict]]:
    """A month sheet's header row and its rows by (项目编号, 指标), read by openpyxl with cached values."""
    book = load_workbook(path, data_only=True)
    try:
        ws = book[sheet] if sheet else book.worksheets[0]
        rows = [[c.value for c in row] for row in ws.iter_rows()]
        locked = {(r[0], r[5]): {h: ws.cell(i + 2, c + 1).protection.locked for c, h in enumerate(rows[0])}
                  for i, r in enumerate(rows[1:])}
    finally:
        book.close()
    header = tuple(rows[0])
    out = {(r[0], r[5]): dict(zip(header, r)) for r in rows[1:] if r[0]}
    for key, record in out.items():
        record["_locked"] = locked[key]
    return header, out


def test_the_notices_columns_go_where_people_work_and_come_back(tmp_path, capsys):
    path = tmp_path / "海曙区民生实事2025.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        w.writerows([
            ("1", "教育", "新建公办幼儿园两所，新增学位540个", "王强", "教育局", "", "新建幼儿园", 2, "所",
             "幼儿园建设", "2025年8月底", "鼓楼街道、南门街道", 3600, "含配套道路"),
            ("2", "就业", "新增城镇就业3000人", "李敏", "人社局", "", "新增就业", 3000, "人",
             "稳岗就业", "2025年12月底", "全区", "", ""),
        ])
    master = tmp_path / "民生实事2025.xlsm"
    assert cli.main(["build", "--catalog", str(path), "--out", str(master), "--region", "海曙区"]) == cli.OK

    header, rows = table(master, "3月")
    month_headers = L.shown_headers(L.MONTH_HEADERS, "分管区领导") + SHOWN
    assert header == month_headers  # after the month headers: the formulas' columns unchanged; the 区's words
    first = rows[("1", "新建幼儿园")]
    assert [first[h] for h in SHOWN] == ["幼儿园建设", "2025年8月底", "鼓楼街道、南门街道", 3600, "含配套道路"]
    assert [rows[("2", "新增就业")][h] for h in SHOWN] == ["稳岗就业", "2025年12月底", "全区", None, None]
    assert all(first["_locked"][h] for h in SHOWN) and not first["_locked"]["累计完成"]

    files = clerk.split(master, 3, tmp_path / "下发")
    sent_header, sent = table(files["教育局"])
    assert sent_header == month_headers
    assert [sent[("1", "新建幼儿园")][h] for h in SHOWN] == [first[h] for h in SHOWN]
    assert all(sent[("1", "新建幼儿园")]["_locked"][h] for h in SHOWN)
    assert list(sent) == [("1", "新建幼儿园")]

    back = tmp_path / "回收"
    back.mkdir()
    clerk.fill(files["教育局"], {("1", "新建幼儿园"): {"累计完成": 1, "进展情况": "一所已封顶"}},
               out=back / files["教育局"].name)
    clerk.fill(files["人社局"], {("2", "新增就业"): {"累计完成": 1200, "进展情况": "按月推进"}},
               out=back / files["人社局"].name)
    capsys.readouterr()
    assert cli.main(["consolidate", str(master), str(back), "--month", "3"]) == cli.OK

    header, merged = table(master, "3月")
    assert header == month_headers
    assert (merged[("1", "新建幼儿园")]["累计完成"], merged[("1", "新建幼儿园")]["进展情况"]) == (1, "一所已封顶")
    assert (merged[("2", "新增就业")]["累计完成"], merged[("2", "新增就业")]["进展情况"]) == (1200, "按月推进")
    assert [merged[("1", "新建幼儿园")][h] for h in SHOWN] == [first[h] for h in SHOWN]  # untouched

    # LibreOffice opens both and computes the rates from the columns the formulas name
    lo_master, lo_return = convert_all([master, back / files["教育局"].name], "xlsx:Calc MS Excel 2007 XML",
                                       tmp_path / "lo")
    _, recalced = table(lo_master, "3月")
    assert recalced[("2", "新增就业")]["完成率"] == 0.4 and recalced[("1", "新建幼儿园")]["完成率"] == 0.5
    assert recalced[("1", "新建幼儿园")]["项目名称"] == "幼儿园建设"
    lo_header, lo_rows = table(lo_return)
    assert lo_header == month_headers and lo_rows[("1", "新建幼儿园")]["完成率"] == 0.5


def test_a_list_without_them_keeps_the_month_headers(built_master):
    header, _ = table(built_master, "3月")
    assert header == L.MONTH_HEADERS


def test_a_districts_words_in_headers_and_hints(tmp_path, capsys):
    path = tmp_path / "c.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER[:9])
        w.writerow(("1", "就业", "新增城镇就业3000人", "李敏", "人社局", "", "新增就业", 3000, "人"))
    master = tmp_path / "民生实事2025.xlsm"
    assert cli.main(["build", "--catalog", str(path), "--year", "2025", "--out", str(master), "--region", "海曙区",
                     "--office", "区发改委"]) == cli.OK
    header, _ = table(master, "项目表")
    assert "分管区领导" in header and "分管县领导" not in header
    files = clerk.split(master, 3, tmp_path / "下发")
    assert "分管区领导" in table(files["人社局"])[0]
    back = tmp_path / "回收"
    back.mkdir()
    clerk.fill(files["人社局"], {("1", "新增就业"): {"目标值": 2000, "累计完成": 900}}, out=back / files["人社局"].name)
    capsys.readouterr()
    assert cli.main(["consolidate", str(master), str(back), "--month", "3"]) != cli.OK
    out = capsys.readouterr()
    said = out.out + out.err
    assert "锁定的单元格被改动" in said and "请与区发改委联系" in said and "县政府督查室" not in said
