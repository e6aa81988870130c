"""汇总's rows are as tall as the wrapped text ``minsheng status`` writes into them (the builder sizes
them from the catalogue; status writes values only), and its pages break between tables, never
leaving the first page half empty."""

from __future__ import annotations

from openpyxl import load_workbook

import filled
from minsheng import cli
from minsheng.builder import dashboard as B
from minsheng.model import dashboard as D
from minsheng.model import layout as L
from minsheng.model.units import default as default_units

WRAPPED = (1, 2, 11)  # the text columns: 指标/单位/类别/领导, their items or units, 预警说明/协办项目


def dashboard_after_status(master):
    filled.fill(master, 3)
    assert cli.main(["status", str(master), "--month", "3"]) == cli.PROBLEMS  # lagging rows: written all the same
    book = load_workbook(master)
    return book[L.DASHBOARD_SHEET]


def test_every_table_row_fits_the_text_status_wrote(master, catalogue2024, capsys):
    sheet = dashboard_after_status(master)
    lay = B.layout_for(catalogue2024, default_units())
    short = []
    for area in lay.tables:
        for r in range(area.first + 1, area.last + 2):  # 1-based sheet rows
            texts = [sheet.cell(r, c + 1).value for c in WRAPPED if c < len(area.headers)]
            need = max(B.lines(str(t) if t is not None else None, D.WIDTHS[c]) for t, c in zip(texts, WRAPPED))
            height = sheet.row_dimensions[r].height
            if need > 1 and height < B.LINE * need:
                short.append((area.key, r, need, height, texts))
    assert short == []
    # the fit is real: some rows needed more than one line, and only those were made taller
    heights = [sheet.row_dimensions[r].height for r in range(lay.table("indicators").first + 1,
                                                              lay.table("indicators").last + 2)]
    assert min(heights) < B.ROW + 1 < 2 * B.LINE <= max(heights)  # XlsxWriter rounds to whole pixels


def test_a_long_indicator_name_gets_a_taller_row(tmp_path, catalogue2024):
    from dataclasses import replace

    from minsheng.builder.master import build

    item = catalogue2024.items[0]
    long = replace(item.indicators[0], name="城镇新增就业人数（含高校毕业生、退役军人和农村转移劳动力）")
    catalogue = replace(catalogue2024, items=(replace(item, indicators=(long, *item.indicators[1:])),
                                              *catalogue2024.items[1:]))
    out = build(catalogue, tmp_path / "m.xlsm")
    sheet = load_workbook(out)[L.DASHBOARD_SHEET]
    first = B.layout_for(catalogue, default_units()).table("indicators").first + 1
    assert sheet.row_dimensions[first].height >= B.LINE * 3 > sheet.row_dimensions[first + 1].height


def test_pages_break_between_tables_only_where_the_next_does_not_fit(catalogue2024):
    lay = B.layout_for(catalogue2024, default_units())
    rows = B.heights(catalogue2024, default_units(), lay)
    tops = {a.top: a.key for a in lay.tables}
    breaks = B.breaks(lay, rows)
    assert all(b in tops for b in breaks)
    assert tops[breaks[0]] != "categories"  # the first page: the county, the charts and the categories
    # each page's tables fit it, and the next table would not have
    pages = [[a for a in lay.tables if start <= a.top < end]
             for start, end in zip([0, *breaks], [*breaks, 10 ** 6])]
    size = {a.key: B.SECTION + B.HEADER + sum(rows[a.key]) + B.DEFAULT * D.GAP for a in lay.tables}
    for page, following in zip(pages[1:], pages[2:]):
        assert B.TITLE + sum(size[a.key] for a in page) <= B.PAGE
        assert B.TITLE + sum(size[a.key] for a in page) + size[following[0].key] > B.PAGE
