"""下发填报表: one plain .xlsx per responsible unit, checked by readers other than ours."""

from __future__ import annotations


import pytest
from openpyxl import load_workbook

from minsheng.model import layout as L
from minsheng.engines.file import apply_changes, read_master
from minsheng.engines.libreoffice import convert
from minsheng.roundtrip.seal import Seal, row_hash
from minsheng.model.book import CellChange

from clerk import split
from conftest import zip_names, zip_read


def test_one_file_per_responsible_unit_with_only_its_rows(master, tmp_path, catalogue2024):
    files = split(master, 3, tmp_path / "out")
    expected = {u: [(i.id, ind.name) for i in catalogue2024.items if u in i.units for ind in i.indicators]
                for i in catalogue2024.items for u in i.units}
    assert sorted(files) == sorted(expected)
    for unit, path in files.items():
        ws = load_workbook(path)["3月"]
        assert tuple(c.value for c in ws[1]) == L.MONTH_HEADERS
        keys = [(ws.cell(r, 1).value, ws.cell(r, 6).value) for r in range(2, ws.max_row + 1)]
        assert keys == expected[unit], unit
    # the shared item 7-1 goes to both of its units
    assert ("7-1" in [c.value for c in load_workbook(files["微矿集团"])["3月"]["A"]])


def test_prefilled_targets_plan_and_last_months_figures(master, tmp_path):
    apply_changes(master, [CellChange("2月", "J2", None, 480), CellChange("2月", "O2", None, "已开发岗位 480 个"),
                           CellChange("2月", "S2", None, "0537-8221234")])
    path = split(master, 3, tmp_path / "out")["县人力资源社会保障局"]
    ws = load_workbook(path)["3月"]
    row = {h: ws.cell(2, i + 1).value for i, h in enumerate(L.MONTH_HEADERS)}
    assert (row["项目编号"], row["目标值"], row["本月计划累计"]) == ("1-1", 3000, 750)
    assert (row["累计完成"], row["进展情况"], row["联系电话"]) == (480, "已开发岗位 480 个", "0537-8221234")
    assert row["填报日期"] is None
    assert row["完成率"].startswith("=")  # native formulas, no UDFs


def test_input_cells_unlocked_rest_protected_metadata_very_hidden(master, tmp_path):
    path = split(master, 3, tmp_path / "out")["县民政局"]
    book = load_workbook(path)
    ws = book["3月"]
    assert ws.protection.sheet
    for i, header in enumerate(L.MONTH_HEADERS, start=1):
        assert ws.cell(2, i).protection.locked == (header not in L.INPUT_COLUMNS), header
    meta = book[L.RETURN_META_SHEET]
    assert meta.sheet_state == "veryHidden"
    seal = Seal.from_rows([[c.value for c in row] for row in meta.iter_rows()])
    assert seal.intact and seal.fields["单位"] == "县民政局" and seal.fields["月份"] == "3"
    record = {h: ws.cell(2, i).value for i, h in enumerate(L.MONTH_HEADERS, start=1)}
    assert seal.rows[(record["项目编号"], record["指标"])] == row_hash(record)


def test_no_macros_no_links_plain_xlsx(master, tmp_path):
    for path in split(master, 3, tmp_path / "out").values():
        names = zip_names(path)
        assert path.suffix == ".xlsx"
        assert not [n for n in names if "vba" in n.lower() or "externalLink" in n or "customUI" in n], names
        content = zip_read(path, "[Content_Types].xml").decode()
        assert "macroEnabled" not in content


@pytest.mark.libreoffice
def test_fill_in_file_opens_in_libreoffice_and_computes(master, tmp_path):
    path = split(master, 3, tmp_path / "out")["县人力资源社会保障局"]
    out = convert(path, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")
    book = load_workbook(out, data_only=True)
    assert book.sheetnames[0] == "3月"
    ws = book["3月"]
    assert ws["A2"].value == "1-1" and ws["I2"].value == 750
    assert ws["L2"].value == pytest.approx(0.25)   # 时序进度 computed by LibreOffice
    assert ws["M2"].value == "未报送"
    assert book[L.RETURN_META_SHEET].sheet_state in ("veryHidden", "hidden")


def test_split_reads_a_master_as_values(built_master, tmp_path):
    # the committed layout: every monthly sheet splits
    master = read_master(built_master)
    from minsheng.roundtrip.split import split_month
    assert len(split_month(master, 12, tmp_path / "dec")) == len(split_month(master, 1, tmp_path / "jan"))
