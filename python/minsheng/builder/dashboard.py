"""The 汇总 sheet's frame, drawn by the builder: titles, headers, formats, traffic-light
conditional formats and two native charts over the fixed areas of ``minsheng.model.dashboard``.

``minsheng status`` only writes values into these areas, so the charts follow the data
in Excel, WPS and LibreOffice, with or without Python.
"""

from __future__ import annotations

from minsheng.builder.cells import A3, print_layout
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


def layout_for(catalogue: Catalogue, units: UnitDirectory, place: Place = Place()) -> D.Layout:
    responsible = {u for item in catalogue.items for u in canonical_list("、".join(item.units), units)}
    return D.layout(len(catalogue.categories), len(responsible), len({i.leader for i in catalogue.items}),
                    len(catalogue.indicator_keys()), place)


def write(book, catalogue: Catalogue, units: UnitDirectory, place: Place = Place()) -> None:
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
    for area in lay.tables:
        sheet.set_row(area.top, 22)
        sheet.write_string(area.top, 0, area.title, f["section"])
        _area(sheet, f, area)
    _charts(book, sheet, lay)
    breaks = [lay.table(key).top for key in ("categories", "units", "indicators")]
    sheet.set_h_pagebreaks(breaks)
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


def _cell_format(f: dict, header: str) -> object:
    if header in D.PERCENT_HEADERS:
        return f["pct"]
    if header in ("指标数", "排名", "序号", *D.LIGHT_HEADERS, "连续滞后升红"):
        return f["int"]
    if header in ("目标值", "累计完成"):
        return f["num"]
    if header in ("项目编号", "计量单位", *D.STATUS_HEADERS, *D.MONTH_HEADERS):
        return f["center"]
    return f["text"]


def _area(sheet, f: dict, area: D.Area, title: bool = True) -> None:
    for c, header in enumerate(area.headers):
        light = D.LIGHT_HEADERS.get(header)
        sheet.write(area.header_row, c, header or None, f[f"head:{light}"] if light else f["header"])
        for r in range(area.first, area.last + 1):
            sheet.write_blank(r, c, None, _cell_format(f, header))
    sheet.set_row(area.header_row, 28)
    height = 28 if area.key == "leaders" else 20
    for r in range(area.first, area.last + 1):
        sheet.set_row(r, height)
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
