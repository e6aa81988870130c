"""A damaged master — a renamed header, a deleted row in a month sheet, a deleted 日志 sheet — is
named in Chinese with the sheet and the repair, never a KeyError; a damaged master is not written."""

from __future__ import annotations

import pytest

from minsheng.cli import main
from minsheng.engines.disk import sha256

from clerk import fill, master_value, split
from xlsm_book import load_xlsm

JOBS = ("1-1", "城镇新增就业")


def edit(master, change) -> None:
    book = load_xlsm(master)
    change(book)
    book.save(master)


def run(args, capsys):
    capsys.readouterr()
    code = main(args)
    out = capsys.readouterr()
    return code, out.out + out.err


def rename_header(book):
    book["3月"]["J1"].value = "累计完成数"


def delete_log(book):
    del book["日志"]


@pytest.mark.parametrize("change, expected", [
    (rename_header, "“3月”工作表第 1 行缺少表头“累计完成”（应在 J1 附近）。请把被改动的表头改回“累计完成”"),
    (delete_log, "中没有“日志”工作表（被删除或改名）。如改了名，请把工作表名改回“日志”"),
], ids=["renamed-header", "deleted-log"])
@pytest.mark.parametrize("command", ["consolidate", "status"])
def test_damage_is_named_not_crashed_on(master, tmp_path, capsys, change, expected, command):
    unit = fill(split(master, 3, tmp_path / "回收")["县人力资源社会保障局"], {JOBS: {"累计完成": 9000}})
    edit(master, change)
    before = sha256(master)
    args = ["consolidate", str(master), str(unit), "--month", "3"] if command == "consolidate" \
        else ["status", str(master), "--month", "3"]
    code, text = run(args, capsys)
    assert code == 2
    assert "主台账已损坏" in text and expected in text and "Traceback" not in text
    assert sha256(master) == before


def test_a_deleted_row_in_a_month_sheet_is_named(master, tmp_path, capsys):
    """The clerk deletes 1-1's row in 3月 (人社局's only row that month): the return is refused with a
    message naming the file, not a crash; status and bulletin still run on the rest. (The refusal's
    wording — 不是本月任何项目的责任单位 — does not yet say the row is missing from the master.)"""
    files = split(master, 3, tmp_path / "回收")
    edit(master, lambda book: book["3月"].delete_rows(2))
    unit = fill(files["县人力资源社会保障局"], {JOBS: {"累计完成": 9000}})
    code, text = run(["consolidate", str(master), str(unit), "--month", "3"], capsys)
    assert code in (0, 1), text
    assert "Traceback" not in text
    assert "✗ 2024年3月填报表_县人力资源社会保障局.xlsx：" in text
    with pytest.raises(KeyError):
        master_value(master, 3, JOBS, "累计完成")
    code, text = run(["status", str(master), "--month", "3"], capsys)
    assert code in (0, 1) and "Traceback" not in text
