"""The cells the master and the units' fill-in workbooks share: formats, writing a value, input checks,
an Excel Table and a sheet's print setup.

``minsheng.builder.master`` (with ``months`` and ``records``) writes the master with these, and
``minsheng.roundtrip.split`` the fill-in workbooks, so a unit's file looks and checks its inputs as the
master's month sheet does.
"""

from __future__ import annotations

import math
from datetime import date

from minsheng.builder.fastsheet import FastSheet, write_value
from minsheng.model import layout as L
from minsheng.model.formulas import OVER

FONT = "宋体"


def styles(book) -> dict:
    """The named cell formats of an XlsxWriter workbook: locked (grey) and input (white, unlocked) cells,
    numbers, percentages, dates, text, the status lights."""
    base = {"font_name": FONT, "font_size": 10, "valign": "vcenter"}

    def fmt(**kw):
        return book.add_format({**base, **kw})

    return {
        "title": fmt(bold=True, font_size=16),
        "bold": fmt(bold=True),
        "text": fmt(text_wrap=True),
        "locked": fmt(text_wrap=True, bg_color="#F2F2F2"),
        "locked_num": fmt(bg_color="#F2F2F2", num_format="#,##0.##"),
        "locked_pct": fmt(bg_color="#F2F2F2", num_format="0.0%"),
        "input": fmt(locked=False, text_wrap=True, border=1, border_color="#BFBFBF"),
        "input_num": fmt(locked=False, num_format="#,##0.##", border=1, border_color="#BFBFBF"),
        "input_pct": fmt(locked=False, num_format="0%", border=1, border_color="#BFBFBF"),
        "input_date": fmt(locked=False, num_format="yyyy-mm-dd", border=1, border_color="#BFBFBF"),
        "input_text": fmt(locked=False, num_format="@", border=1, border_color="#BFBFBF"),
        "num": fmt(num_format="#,##0.####"),
        "plain": fmt(),
        **{f"light:{s}": book.add_format({"bg_color": f"#{L.STATUS_FILLS[s]}", "font_color": f"#{L.STATUS_FONTS[s]}"})
           for s in L.STATUSES},
    }


write = write_value  # one cell by its value's type (``fastsheet.write_value``)


def month_validation(sheet, n: int, year: int) -> None:
    """Excel's own input checks (warnings, never refusals) on the input columns of a monthly sheet
    laid out as ``layout.MONTH_HEADERS`` with ``n`` data rows."""
    def at(header):
        c = L.MONTH_HEADERS.index(header)
        return 1, c, n, c

    sheet.data_validation(*at("累计完成"), {
        "validate": "decimal", "criteria": ">=", "value": 0, "error_type": "warning",
        "input_title": "累计完成", "input_message": "填写截至本月底的累计数（数字，不带单位）。",
        "error_title": "累计完成", "error_message": "应填不小于 0 的数字，如 1200。仍要保留请点“是”，校验时会提示。"})
    sheet.data_validation(*at("形象进度"), {
        "validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 1, "error_type": "warning",
        "input_title": "形象进度", "input_message": "0%–100%，没有数量目标的项目必填。",
        "error_title": "形象进度", "error_message": "形象进度应在 0% 到 100% 之间。"})
    sheet.data_validation(*at("填报日期"), {
        "validate": "date", "criteria": "between", "minimum": date(year, 1, 1), "maximum": date(year + 1, 1, 31),
        "error_type": "warning", "error_title": "填报日期", "error_message": f"请填写 {year} 年内的日期，如 {year}-03-05。"})
    sheet.data_validation(*at("联系电话"), {
        "validate": "length", "criteria": "between", "minimum": 7, "maximum": 20, "error_type": "warning",
        "error_title": "联系电话", "error_message": "请填写手机号或带区号的固定电话，如 0537-8221234。"})


def fit_rows(sheet, rows: list[list], widths: list[float], first: int = 1) -> None:
    """Set each row's height for its wrapped text, from sheet row ``first`` (0-based; 1: under a header):
    neither Excel nor LibreOffice grows a row written by XlsxWriter, and overlapping text is unreadable on paper."""
    set_heights(sheet, row_heights(rows, widths), first)


def row_heights(rows: list[list], widths: list[float]) -> list[int]:
    """Each row's height in points for its wrapped text (``row_lines``, at most 8 lines of 14 pt)."""
    return [14 * min(row_lines(row, widths), 8) for row in rows]


def set_heights(sheet, heights: list[int], first: int = 1) -> None:
    """``row_heights`` onto the sheet from row ``first`` (0-based): the same heights serve twelve month sheets."""
    for r, height in enumerate(heights, start=first):
        sheet.set_row(r, height)


def row_lines(row: list, widths: list[float]) -> int:
    """Lines the row's longest wrapped text takes in columns ``widths`` (characters) wide; 1 at least."""
    lines = 1
    for value, width in zip(row, widths):
        if isinstance(value, str) and not value.startswith("="):
            per_line = max(1, int(width / 1.9))  # a CJK character is about two widths
            lines = max(lines, -(-len(value) // per_line))
    return lines


# A month sheet's column widths in characters, the master's and a unit's file alike: each header fits
# (two characters for a Chinese one, in Excel's 7-pixel character) and the two A3 landscape pages are
# filled at ``PRINT_SCALE``: the columns up to 形象进度 the first (207 characters), the key columns
# (项目编号 … 责任单位, repeated) and the texts from 进展情况 the second (208); a page holds about 220 as
# LibreOffice draws a character without Calibri's metrics, 235 in Excel. 项目类别 is as wide as an
# eight-character category and 项目内容 and 指标 take the rest, so a row is mostly one line and a list of
# about 30 indicators prints one page tall.
MONTH_WIDTHS = {"项目编号": 8, "项目类别": 16, "项目内容": 60, "责任单位": 16, "分管县领导": 11, "指标": 28, "目标值": 8,
                "计量单位": 8, "本月计划累计": 12, "累计完成": 9, "完成率": 7, "时序进度": 8, "状态": 8, "形象进度": 8,
                "进展情况": 28, "存在问题": 24, "下步措施": 24, "填报人": 7, "联系电话": 13, "填报日期": 12,
                **L.SHOWN_WIDTHS}  # the catalogue's columns a list may show, after 填报日期
MONTH_KEYS = "责任单位"  # the last of the key columns a month sheet repeats on every page
MONTH_BREAK = "进展情况"  # the first column of a month sheet's second page
# A month page's room: an A3 landscape page at 90 % holds 228 width units, a column counting its width
# plus PAD (measured: 1月's second page, 10 columns 208 wide, prints 1,075 pt of the 1,155 between margins).
MONTH_PAGE, PAD = 228, 0.7
# The least width a column narrows to when a catalogue's own columns (项目名称 … 节点) join the second page.
MONTH_FLOORS = {"项目类别": 10, "项目内容": 32, "进展情况": 16, "存在问题": 14, "下步措施": 14,
                "项目名称": 12, "建设地点": 10, "年度投资(万元)": 13, "备注": 12, "节点": 16}


def month_widths(headers: tuple[str, ...]) -> list[int]:
    """Each month-sheet column's width (characters) for ``headers`` (``layout.month_headers``):
    ``MONTH_WIDTHS``; when the second page (the key columns, then 进展情况 … and the catalogue's own
    columns) would pass ``MONTH_PAGE``, the columns of ``MONTH_FLOORS`` narrow, each by the same share
    of its room above its floor, so the sheet still prints two pages wide at 9 pt (taller rows)."""
    widths = {h: MONTH_WIDTHS[h] for h in headers}
    second = headers[:headers.index(MONTH_KEYS) + 1] + headers[headers.index(MONTH_BREAK):]
    over = sum(widths[h] + PAD for h in second) - MONTH_PAGE
    slack = {h: widths[h] - floor for h, floor in MONTH_FLOORS.items() if h in widths}
    if over > 0 and sum(slack.values()):
        share = min(1.0, over / sum(slack.values()))
        widths.update({h: widths[h] - math.ceil(room * share) for h, room in slack.items()})
    return [widths[h] for h in headers]

PRINT_SCALE = 90  # per cent: the 10 pt cells print at 9 pt, the least a page is read at; never fit-to-width
A4, A3 = 9, 8  # Excel's paper sizes


def print_layout(sheet, *, landscape: bool = True, keys: int = 0, breaks: tuple[int, ...] = (),
                 title: bool = True, paper: int = A4) -> None:
    """A sheet's page setup: ``paper`` (A4 or A3) at ``PRINT_SCALE`` %, never shrunk to fit; the header
    row and the first ``keys`` columns repeated on every page; a page break before each column in
    ``breaks`` (0-based); the sheet's name above (``title``) and "第 n 页，共 m 页" below."""
    sheet.set_paper(paper)
    if landscape:
        sheet.set_landscape()
    sheet.set_print_scale(PRINT_SCALE)
    sheet.repeat_rows(0)
    if keys:
        sheet.repeat_columns(0, keys - 1)
    if breaks:
        sheet.set_v_pagebreaks(list(breaks))
    sheet.set_margins(left=0.25, right=0.25, top=0.6, bottom=0.6)
    if title:
        sheet.set_header("&C&\"宋体,Bold\"&14&A")
    sheet.set_footer("&C第 &P 页，共 &N 页")


def print_month(sheet) -> None:
    """``print_layout`` of a month sheet laid out as ``layout.MONTH_HEADERS``: two A3 landscape pages wide."""
    print_layout(sheet, keys=L.MONTH_HEADERS.index(MONTH_KEYS) + 1, breaks=(L.MONTH_HEADERS.index(MONTH_BREAK),),
                 paper=A3)


def lights(sheet, styles, n: int) -> None:
    """The traffic-light colours on 状态 of a monthly sheet with ``n`` data rows."""
    status = L.MONTH_HEADERS.index("状态")
    for s in L.STATUSES:
        sheet.conditional_format(1, status, n, status, {"type": "cell", "criteria": "==", "value": f'"{s}"',
                                                        "format": styles[f"light:{s}"]})
    sheet.conditional_format(1, status, n, status, {"type": "cell", "criteria": "==", "value": f'"{OVER}"',
                                                    "format": styles["light:严重滞后"]})  # a ceiling exceeded


def print_setup(sheet, landscape: bool = True, keys: int = 0, paper: int = A4) -> None:
    """``print_layout`` (at 90 %, the header row and ``keys`` columns on every page) and a frozen header."""
    print_layout(sheet, landscape=landscape, keys=keys, paper=paper)
    sheet.freeze_panes(1, 0)


def table(sheet, name: str, headers: tuple[str, ...], rows: list[list], styles, formats=None, style="Table Style Light 9",
          results: list[dict] | None = None, leader: str = L.LEADER):
    """An Excel Table starting at A1 with one header row; at least one (blank) data row.
    ``results``: per row, the cached results of its formulas by header; ``leader``: how the
    分管县领导 header reads (``layout.shown_headers``)."""
    rows = rows or [[None] * len(headers)]
    formats = formats or {}
    columns = [{"header": shown, **({"format": formats[h]} if h in formats else {})}
               for h, shown in zip(headers, L.shown_headers(tuple(headers), leader))]
    sheet.add_table(0, 0, len(rows), len(headers) - 1,
                    {"name": name, "columns": columns, "style": style, "autofilter": True})
    kept = [formats.get(header, styles["plain"]) for header in headers]
    for r, row in enumerate(rows, start=1):
        cached = results[r - 1] if results else {}
        values = [cached.get(header, 0) for header in headers]
        if isinstance(sheet, FastSheet):
            sheet.write_values(r, row, kept, values)
        else:
            for c, (value, fmt, result) in enumerate(zip(row, kept, values)):
                write_value(sheet, r, c, value, fmt, result)
