"""The master's record sheets: 单位通讯录, 校验结果, 日志, 报送记录, 配置 and the hidden xlwings.conf.

Written empty or from the catalogue by ``master.build``; the jobs fill them later.
"""

from __future__ import annotations

from minsheng.builder import cells
from minsheng.model import directory as D
from minsheng.model import layout as L
from minsheng.model.catalogue import Catalogue
from minsheng.model.place import Place
from minsheng.model.units import UnitDirectory

EXCEL_ROWS = 1_048_576  # a sheet's rows: a format for a whole column covers rows added later


def contacts(book, styles, catalogue: Catalogue, responsible: list[str], place: Place,
             given: dict[str, D.Entry]) -> None:
    sheet = book.add_worksheet(L.CONTACTS_SHEET)
    leaders = list(dict.fromkeys(name for item in catalogue.items for name in item.leaders))

    def row(name: str, note: str) -> list:
        e = given.get(name)
        return [name, e.person or None, e.phone or None, e.email or None, note] if e else [name, None, None, None, note]

    rows = ([row(u, "责任单位") for u in responsible]
            + [row(place.office, "本办")]
            + [[f"{name}（{place.leader}）", None, None, None, place.leader] for name in leaders])
    inputs = {h: styles["input_text"] for h in ("联系人", "联系电话", "电子邮箱", "备注")}
    cells.table(sheet, L.table_name(L.CONTACTS_SHEET), L.CONTACT_HEADERS, rows, styles, {"单位": styles["locked"], **inputs})
    sheet.set_column(0, 0, 26)
    sheet.set_column(1, 2, 14)
    sheet.set_column(3, 3, 28)
    sheet.set_column(4, 4, 12)
    email = L.CONTACT_HEADERS.index("电子邮箱")
    sheet.data_validation(1, email, len(rows), email, {
        "validate": "custom", "value": '=ISNUMBER(FIND("@",D2))', "error_type": "warning",
        "error_title": "电子邮箱", "error_message": "请填写完整的电子邮箱地址，如 rsj@weishan.gov.cn。"})
    sheet.protect("", {"autofilter": True, "sort": True, "format_columns": True, "format_rows": True,
                       "insert_rows": True})
    cells.print_setup(sheet)


def results(book, styles) -> None:
    """Empty until 校验 runs (ribbon or minsheng validate), which fills it: see ``minsheng.check.results``."""
    from minsheng.check.results import WIDTHS

    sheet = book.add_worksheet(L.RESULTS_SHEET)
    cells.table(sheet, L.table_name(L.RESULTS_SHEET), L.RESULT_HEADERS, [], styles,
           {h: styles["text"] for h in ("问题", "处理建议")})
    for c, header in enumerate(L.RESULT_HEADERS):
        sheet.set_column(c, c, WIDTHS[header])
    for c, header in enumerate(L.MARK_HEADERS, start=L.MARK_COLUMN):
        sheet.write_string(0, c, header, styles["bold"])
        sheet.set_column(c, c, 14, None, {"hidden": True})
    cells.print_setup(sheet, keys=L.RESULT_HEADERS.index("单元格") + 1, paper=cells.A3)  # 193 characters: one page wide


def log(book, styles) -> None:
    sheet = book.add_worksheet(L.LOG_SHEET)
    wrapped = {h: styles["text"] for h in ("文件", "内容")}
    cells.table(sheet, L.table_name(L.LOG_SHEET), L.LOG_HEADERS, [], styles, wrapped)
    for c, (header, width) in enumerate(zip(L.LOG_HEADERS, (17, 10, 24, 12, 14, 45))):  # one A4 landscape page wide
        sheet.set_column(c, c, width, wrapped.get(header))
    cells.print_setup(sheet)


def reports(book, styles) -> None:
    """Empty (one blank table row): 汇总回收表 adds a row per (月份, 单位) as it records a status
    (``roundtrip.roster``), and the table grows with it; the sheet prints what it holds."""
    sheet = book.add_worksheet(L.REPORTS_SHEET)
    cells.table(sheet, L.table_name(L.REPORTS_SHEET), L.REPORT_HEADERS, [], styles)
    wrapped = {h: styles["text"] for h in ("文件", "说明")}
    for c, (header, width) in enumerate(zip(L.REPORT_HEADERS, (6, 18, 8, 28, 17, 12, 30))):  # one A4 landscape page wide
        sheet.set_column(c, c, width, wrapped.get(header))
    status = L.REPORT_HEADERS.index("状态")
    for s, (fill, font) in L.REPORT_FILLS.items():  # the whole column: rows added later are coloured too
        sheet.conditional_format(1, status, EXCEL_ROWS - 1, status, {
            "type": "cell", "criteria": "==", "value": f'"{s}"',
            "format": book.add_format({"bg_color": f"#{fill}", "font_color": f"#{font}"})})
    cells.print_setup(sheet)


def config(book, styles, catalogue: Catalogue, responsible: list[str], place: Place,
           units: UnitDirectory) -> None:
    sheet = book.add_worksheet(L.CONFIG_SHEET)
    values = {"年度": catalogue.year, "模板版本": f"{catalogue.year}.1", "地区": place.region,
              "督查室": place.office, "单位名称匹配": D.LOOSE if units.loose else D.STRICT}
    rows = [[s.key, values.get(s.key, s.default), s.note] for s in L.SETTINGS]
    cells.table(sheet, L.table_name(L.CONFIG_SHEET), L.CONFIG_HEADERS, rows, styles,
           {"值": styles["input"], "说明": styles["text"]})
    for r, setting in enumerate(L.SETTINGS, start=2):
        book.define_name(setting.name, f"='{L.CONFIG_SHEET}'!$B${r}")
    lists = {L.LIST_STATUS: ("状态", L.STATUSES), L.LIST_PLAN_KINDS: ("计划类型", L.PLAN_KINDS),
             L.LIST_UNITS: ("责任单位", tuple(responsible)), L.LIST_PLAN_SOURCES: ("计划来源", L.PLAN_SOURCES)}
    for c, (name, (title, entries)) in enumerate(lists.items(), start=4):
        sheet.write_string(0, c, title, styles["bold"])
        for r, entry in enumerate(entries, start=1):
            sheet.write_string(r, c, entry, styles["plain"])
        letter = L.column_letter(c)
        book.define_name(name, f"='{L.CONFIG_SHEET}'!${letter}$2:${letter}${len(entries) + 1}")
    directory = D.rows(units)
    for c, title in enumerate((D.NAME_COLUMN, D.ALIAS_COLUMN), start=8):
        sheet.write_string(0, c, title, styles["bold"])
        for r, entry in enumerate(directory, start=1):
            sheet.write_string(r, c, entry[c - 8], styles["plain"])
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 1, 16)  # 县政府督查室 on one line; with 设置 and 说明, one A4 portrait page wide
    sheet.set_column(2, 2, 50)
    cells.fit_rows(sheet, [[str(v) if v is not None else None for v in row] for row in rows], [14, 16, 50])  # 说明 wraps
    sheet.set_column(4, 6, 22)
    sheet.set_column(8, 9, 26)
    cells.print_setup(sheet, landscape=False)
    sheet.print_area(0, 0, len(rows), L.CONFIG_HEADERS.index("说明"))  # the settings a clerk reads, not the lists beside


def xlwings_conf(book) -> None:
    """xlwings reads this sheet (key in A, value in B) before its config files."""
    from minsheng.builder.xlconf import XLWINGS_SETTINGS

    sheet = book.add_worksheet(L.XLWINGS_SHEET)
    for r, (key, value) in enumerate(XLWINGS_SETTINGS):
        sheet.write_string(r, 0, key)
        sheet.write_string(r, 1, value)
    sheet.set_column(0, 1, 30)
    sheet.hide()  # technical: xlwings reads it hidden as well; a hidden sheet is not printed
