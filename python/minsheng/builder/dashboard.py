"""The 汇总 sheet's frame, drawn by the builder: titles, headers, formats, traffic-light
conditional formats and two native charts over the fixed areas of ``minsheng.model.dashboard``.

``minsheng status`` only writes values into these areas, so the charts follow the data
in Excel, WPS and LibreOffice, with or without Python.
"""

from __future__ import annotations

import math

from minsheng.builder.cells import A3, PRINT_SCALE, print_layout
from minsheng.model import dashboard as D
from minsheng.model import layout as L
from minsheng.model.formulas import OVER
from minsheng.model.catalogue import Catalogue
from minsheng.model.place import Place
from minsheng.model.units import UnitDirectory, canonical_list

LIGHT = {OVER: "严重滞后"}  # a status lit in another's colours: a ceiling exceeded is red

# Strong colours for the charts (cell fills are the pale L.STATUS_FILLS).
CHART_FONT = 10  # pt: the axes and legends print at 9 pt at cells.PRINT_SCALE
CHART_COLORS = {"已完成": "00B050", "正常": "92D050", "滞后": "FFC000", "严重滞后": "FF0000", "未报送": "A6A6A6"}


# Row heights in points; the dashboard's text is 10 pt.
TITLE, SECTION, HEADER, ROW, LINE = 26, 22, 28, 20, 13.5
DEFAULT = 15  # a row XlsxWriter leaves alone (the chart area, the gaps)
# An A3 landscape page (842 pt) less its margins (``cells.print_layout``: 0.6 in top and bottom), at
# ``cells.PRINT_SCALE``, with 3 % kept for LibreOffice's own rounding; the title row is repeated on each.
PAGE = (842 - 2 * 0.6 * 72) / (PRINT_SCALE / 100) * 0.97
WARNING = "连续3个季度滞后，升为严重滞后"  # 预警说明 at its longest (``status.dashboard._why``; one digit)


def lines(text: str | None, width: float) -> int:
    """Lines ``text`` wraps to in a column ``width`` characters wide: a Chinese character takes two,
    any other one and a bit (LibreOffice's fallback for Calibri is wider than Excel's)."""
    if not text:
        return 1
    units = sum(2 if ord(ch) > 0x2E7F else 1.2 for ch in text)
    return max(1, math.ceil(units / max(1.0, width)))


def _fit(*texts: tuple[str | None, int]) -> float:
    """A row's height for ``texts`` (text, column) wrapped in ``D.WIDTHS``."""
    return max(ROW, 4 + LINE * max(lines(t, D.WIDTHS[c]) for t, c in texts))


def heights(catalogue: Catalogue, units: UnitDirectory, lay: D.Layout) -> dict[str, list[float]]:
    """Each table's row heights (points) for the text ``minsheng status`` writes there, row by row in
    the catalogue's order (the order status keeps); 责任单位排名's rows all alike, as tall as its
    tallest may be (a unit's place changes month by month)."""
    def ids(keep) -> str:
        return "、".join(dict.fromkeys(item.id for item in catalogue.items if keep(item)))

    def leads(item) -> list[str]:
        return canonical_list("、".join(item.units), units)

    names = list(dict.fromkeys(u for item in catalogue.items for u in leads(item)))
    tallest = max([_fit((u, 1), (ids(lambda i, u=u: u in leads(i)), 2),
                        (ids(lambda i, u=u: u in canonical_list("、".join(i.co_units), units)), 11)) for u in names],
                  default=ROW)
    out = {"units": [tallest] * lay.table("units").rows}
    out["categories"] = [_fit((c, 1), (ids(lambda i, c=c: i.category == c), 2)) for c in catalogue.categories]
    out["leaders"] = [_fit((x, 1), (ids(lambda i, x=x: x in i.leaders), 2))
                      for x in dict.fromkeys(x for item in catalogue.items for x in item.leaders)]
    out["indicators"] = [
        _fit((None if ind.qualitative else ind.name, 1),  # a 形象进度 row's short name is cut to fit one line
             ("、".join(canonical_list("、".join(item.units_of(ind)), units)), 2), (WARNING, 11))
        for item in catalogue.items for ind in item.indicators]
    return out


def breaks(lay: D.Layout, rows: dict[str, list[float]]) -> list[int]:
    """The rows a page starts at: a table goes on the next page only when it would not fit under
    the one before (a table taller than a page starts a page of its own, LibreOffice breaks it)."""
    def height(area: D.Area) -> float:
        return SECTION + HEADER + sum(rows[area.key]) + DEFAULT * D.GAP

    used = TITLE + DEFAULT + (DEFAULT + HEADER + ROW) + DEFAULT * D.GAP + DEFAULT * (lay.chart_rows + D.GAP)
    out = []
    for area in lay.tables:
        if used + height(area) > PAGE:
            out.append(area.top)
            used = TITLE
        used += height(area)
    return out


def layout_for(catalogue: Catalogue, units: UnitDirectory, place: Place = Place()) -> D.Layout:
    responsible = {u for item in catalogue.items for u in canonical_list("、".join(item.units), units)}
    return D.layout(len(catalogue.categories), len(responsible), len({i.leader for i in catalogue.items}),
                    len(catalogue.indicator_keys()), place)


def write(book, catalogue: Catalogue, units: UnitDirectory, place: Place = Place()) -> None:
    """The 汇总 sheet: frames, formats, charts; each table's rows as tall as the wrapped text
    ``minsheng status`` will write needs (``heights``); a page break before a table only where it
    would not fit on the page (``breaks``)."""
    lay = layout_for(catalogue, units, place)
    sheet = book.add_worksheet(L.DASHBOARD_SHEET)
    f = _formats(book)
    for c, width in enumerate(D.WIDTHS):
        sheet.set_column(c, c, width)
    sheet.set_row(0, 26)
    sheet.write_string(0, 0, f"{catalogue.year}年民生实事推进情况汇总（运行“滞后预警”或 minsheng status 后生成）",
                       f["title"])
    sheet.set_row(1, 16)
    _area(sheet, f, lay.county, title=False)
    rows = heights(catalogue, units, lay)
    for area in lay.tables:
        sheet.set_row(area.top, SECTION)
        sheet.write_string(area.top, 0, area.title, f["section"])
        _area(sheet, f, area, rows[area.key])
    _charts(book, sheet, lay)
    sheet.set_h_pagebreaks(breaks(lay, rows))
    print_layout(sheet, paper=A3, title=False)  # A3 landscape at 9 pt: the 24 columns fit one page wide
    sheet.hide_gridlines(2)


def _formats(book) -> dict:
    base = {"font_name": "宋体", "font_size": 10, "valign": "vcenter", "border": 1, "border_color": "#BFBFBF"}

    def fmt(**kw):
        return book.add_format({**base, **kw})

    return {
        "title": book.add_format({"font_name": "宋体", "font_size": 16, "bold": True, "valign": "vcenter"}),
        "section": book.add_format({"font_name": "宋体", "font_size": 12, "bold": True, "valign": "vcenter"}),
        "header": fmt(bold=True, bg_color="#D9E1F2", align="center", text_wrap=True),
        "text": fmt(text_wrap=True),
        "center": fmt(align="center"),
        "num": fmt(num_format="#,##0.##"),
        "int": fmt(num_format="0", align="center"),
        "pct": fmt(num_format="0.0%"),
        **{f"head:{s}": fmt(bold=True, align="center", bg_color=f"#{L.STATUS_FILLS[s]}",
                            font_color=f"#{L.STATUS_FONTS[s]}") for s in L.STATUSES},
        **{f"light:{s}": book.add_format({"bg_color": f"#{L.STATUS_FILLS[s]}", "font_color": f"#{L.STATUS_FONTS[s]}"})
           for s in L.STATUSES},
    }


def _cell_format(f: dict, header: str, key: str = "") -> object:
    if header in D.PERCENT_HEADERS:
        return f["pct"]
    if header in ("指标数", "排名", "序号", *D.LIGHT_HEADERS, "连续滞后升红"):
        return f["int"]
    if header in ("目标值", "累计完成"):
        return f["num"]
    if header == "项目编号" and key == "categories":  # a category's items, wrapped
        return f["text"]
    if header in ("项目编号", "计量单位", *D.STATUS_HEADERS, *D.MONTH_HEADERS):
        return f["center"]
    return f["text"]


def _area(sheet, f: dict, area: D.Area, heights: list[float] = (), title: bool = True) -> None:
    for c, header in enumerate(area.headers):
        light = D.LIGHT_HEADERS.get(header)
        sheet.write(area.header_row, c, header or None, f[f"head:{light}"] if light else f["header"])
        for r in range(area.first, area.last + 1):
            sheet.write_blank(r, c, None, _cell_format(f, header, area.key))
    sheet.set_row(area.header_row, HEADER)
    for r in range(area.first, area.last + 1):
        sheet.set_row(r, heights[r - area.first] if r - area.first < len(heights) else ROW)
    for header in D.STATUS_HEADERS:
        if header in area.headers:
            c = area.column(header)
            for status in (*L.STATUSES, OVER):
                sheet.conditional_format(area.first, c, area.last, c, {
                    "type": "cell", "criteria": "==", "value": f'"{status}"', "format": f[f"light:{LIGHT.get(status, status)}"]})
    months = [area.column(h) for h in D.MONTH_HEADERS if h in area.headers]
    if months:  # 各月灯: each month's cell in its light's colours, and a legend of them on the title row
        for status, char in D.SHORT.items():
            sheet.conditional_format(area.first, months[0], area.last, months[-1], {
                "type": "cell", "criteria": "==", "value": f'"{char}"', "format": f[f"light:{LIGHT.get(status, status)}"]})
        for c, (status, char) in zip(months, D.SHORT.items()):
            sheet.write_string(area.top, c, char, f[f"head:{LIGHT.get(status, status)}"])
    for header in ("滞后", "严重滞后", "未报送", "连续滞后升红"):  # a count above zero lights up
        if header in area.headers:
            c = area.column(header)
            status = D.LIGHT_HEADERS.get(header, "严重滞后")
            sheet.conditional_format(area.first, c, area.last, c, {
                "type": "cell", "criteria": ">", "value": 0, "format": f[f"light:{status}"]})


def _charts(book, sheet, lay: D.Layout) -> None:
    name = L.DASHBOARD_SHEET
    cats = lay.table("categories")
    rate = book.add_chart({"type": "bar"})
    for header, color in (("平均完成率", "4472C4"), ("时序进度", "A5A5A5")):
        c = cats.column(header)
        rate.add_series({
            "name": [name, cats.header_row, c],
            "categories": [name, cats.first, cats.column("项目类别"), cats.last, cats.column("项目类别")],
            "values": [name, cats.first, c, cats.last, c],
            "fill": {"color": f"#{color}"}, "gap": 60,
        })  # no data labels: openpyxl (every later write of the master) mangles them; the table has the numbers
    rate.set_title({"name": "各类别完成率与时序进度", "name_font": {"size": 12, "name": "宋体"}})
    rate.set_x_axis({"min": 0, "max": 1, "num_format": "0%", "major_gridlines": {"visible": True},
                     "num_font": {"size": CHART_FONT}})
    rate.set_y_axis({"reverse": True, "num_font": {"size": CHART_FONT, "name": "宋体"}})
    rate.set_legend({"position": "bottom", "font": {"size": CHART_FONT, "name": "宋体"}})

    units = lay.table("units")
    lights = book.add_chart({"type": "bar", "subtype": "stacked"})
    for header, status in D.LIGHT_HEADERS.items():
        c = units.column(header)
        lights.add_series({
            "name": [name, units.header_row, c],
            "categories": [name, units.first, units.column("责任单位"), units.last, units.column("责任单位")],
            "values": [name, units.first, c, units.last, c],
            "fill": {"color": f"#{CHART_COLORS[status]}"}, "border": {"color": "#FFFFFF"}, "gap": 40,
        })
    lights.set_title({"name": "各责任单位亮灯情况（指标个数）", "name_font": {"size": 12, "name": "宋体"}})
    lights.set_x_axis({"major_unit": 1, "num_format": "0", "num_font": {"size": CHART_FONT}})
    lights.set_y_axis({"reverse": True, "num_font": {"size": CHART_FONT, "name": "宋体"}})
    lights.set_legend({"position": "bottom", "font": {"size": CHART_FONT, "name": "宋体"}})

    height = lay.chart_rows * 20
    sheet.insert_chart(lay.charts_top, 0, rate, {"x_offset": 4, "y_offset": 4, "x_scale": 1, "y_scale": 1,
                                                  "object_position": 1})
    rate.set_size({"width": _px(D.WIDTHS[:5]) - 8, "height": height - 8})
    sheet.insert_chart(lay.charts_top, 5, lights, {"x_offset": 4, "y_offset": 4, "object_position": 1})
    lights.set_size({"width": _px(D.WIDTHS[5:12]) - 8, "height": height - 8})


def _px(widths) -> int:
    return int(sum(w * 7 + 5 for w in widths))
