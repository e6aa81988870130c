"""Build the master workbook from text: catalogue, VBA sources, ribbon XML.

The master is never edited by hand in the repo: ``minsheng build`` writes it, and
two builds of the same sources are byte-identical.
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import xlsxwriter

from minsheng.builder import cells
from minsheng.builder import dashboard as build_dashboard
from minsheng.builder.formulasheet import MARK, ColumnFormula, FormulaSheet, RowFormula
from minsheng.model import layout as L
from minsheng.model.catalogue import Catalogue
from minsheng.model import plan as plans
from minsheng.model import milestones
from minsheng.model.formulas import month_formulas, month_results
from minsheng.model.milestones import SEVERE_MONTHS
from minsheng.model import directory as D
from minsheng.model.place import Place
from minsheng.model.settings import Settings
from minsheng.model.units import UnitDirectory, canonical_list, default as default_units
from minsheng.builder.vba import RIBBON_XML, VBA_DIR, add_ribbon, project_bin, vba_modules

README_LINES = (
    ("{year}年民生实事推进台账", "title"),
    ("本工作簿由 minsheng build 生成。各月工作表每行一个指标，按“项目编号 + 指标”识别，请勿修改表头。", None),
    ("使用方法（{office}）：", "bold"),
    ("1. 功能区“民生实事”选项卡：校验、下发填报表、汇总回收表、滞后预警、生成通报、催报提醒。按钮需安装 Python 与 xlwings 加载项，见 README。", None),
    ("2. 没有 Python 的电脑：本工作簿的公式（本月计划累计、完成率、时序进度、状态）照常计算；各项功能也可用命令行 minsheng 完成。", None),
    ("3. 白色单元格为填报区（累计完成、形象进度、进展情况、存在问题、下步措施、填报人、联系电话、填报日期），其余单元格已锁定。", None),
    ("4. 工作表保护没有密码：审阅 → 撤销工作表保护 即可修改目标值以外的锁定内容；目标值在“项目表”中修改。", None),
    ("5. 计划：“计划”表每个指标每月的计划累计值，默认按月平均到项目表的完成时限（未写时限的到12月）；5 以内的整数目标（如 1 家、2 座）按时限当月一次完成（到期完成）。年初下发计划表（minsheng split --plan），各单位报回后汇总（consolidate --plan）；督查室直接修改的，请把计划类型改为“自定义”、计划来源改为“督查室调整”并填确定日期。", None),
    ("6. 状态规则：完成率≥100%为已完成；落后时序进度不超过黄灯阈值为正常，超过为滞后（黄），超过红灯阈值为严重滞后（红），未填为未报送。阈值见“配置”表。", None),
    ("7. 形象进度按百分比填写（0%–100%），用于没有数量目标的项目。", None),
)

README_WIDTH = 80  # characters: wrapped, on A4 portrait at 90 %

EXCEL_ROWS = 1_048_576  # a sheet's rows: a format for a whole column covers rows added later

SHEET_CLASS = FormulaSheet  # XlsxWriter's Worksheet without needless formula rewriting, a row's formula kept small


def build(catalogue: Catalogue, out: Path, units: UnitDirectory | None = None,
          vba_dir: Path = VBA_DIR, ribbon_xml: Path = RIBBON_XML, *, place: Place = Place(),
          contacts: list[D.Entry] = ()) -> Path:
    """Write the master to ``out`` (a new file; callers handle backup and atomic rename).

    ``units`` is the master's directory (the embedded one by default), stored in 配置; ``contacts``
    fill 单位通讯录; ``place`` gives the wording (县/区) and the office."""
    out = Path(out)
    _write(catalogue, out, units or default_units(), vba_dir, place, contacts)  # its cells freed before the ribbon
    add_ribbon(out, ribbon_xml.read_bytes())
    return out


def _write(catalogue: Catalogue, out: Path, units: UnitDirectory, vba_dir: Path, place: Place,
           contacts: list[D.Entry]) -> None:
    """The master without its ribbon, written by XlsxWriter to ``out``."""
    book = xlsxwriter.Workbook(str(out), {
        "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False,
        "default_date_format": "yyyy-mm-dd",
    })
    book.worksheet_class = SHEET_CLASS
    book.set_properties({"title": f"{catalogue.year}年民生实事", "author": "minsheng",
                         "created": datetime(catalogue.year, 1, 1)})
    book.set_vba_name("ThisWorkbook")
    book.add_vba_project(io.BytesIO(project_bin(vba_modules(vba_dir))), is_stream=True)
    styles = cells.styles(book)
    responsible = list(dict.fromkeys(u for item in catalogue.items
                                     for u in canonical_list("、".join(item.units), units)))

    _readme(book, styles, catalogue, place)
    _projects(book, styles, catalogue, place)
    plan = _plan_rows(catalogue)
    _plan(book, styles, plan)
    indicators = _month_rows(catalogue)
    headers = L.month_headers(catalogue.filled())
    heights = cells.row_heights([[row.get(h) for h in headers] for row in indicators],
                                [cells.MONTH_WIDTHS[h] for h in headers])  # the same on every month sheet
    for month in L.MONTHS:
        _month(book, styles, catalogue, month, place, indicators, plan, heights)
    _contacts(book, styles, catalogue, responsible, place, {e.name: e for e in contacts})
    build_dashboard.write(book, catalogue, units, place)
    _results(book, styles)
    _log(book, styles)
    _reports(book, styles)
    _config(book, styles, catalogue, responsible, place, units)
    _xlwings_conf(book)
    for n, sheet in enumerate(book.worksheets(), start=1):
        sheet.set_vba_name(f"Sheet{n}")
    book.close()


def _print_setup(sheet, landscape: bool = True, keys: int = 0, paper: int = cells.A4) -> None:
    """``cells.print_layout`` (at 90 %, the header row and ``keys`` columns on every page) and a frozen header."""
    cells.print_layout(sheet, landscape=landscape, keys=keys, paper=paper)
    sheet.freeze_panes(1, 0)


def _table(sheet, name: str, headers: tuple[str, ...], rows: list[list], styles, formats=None, style="Table Style Light 9",
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
    for r, row in enumerate(rows, start=1):
        cached = results[r - 1] if results else {}
        for c, (header, value) in enumerate(zip(headers, row)):
            cells.write(sheet, r, c, value, formats.get(header, styles["plain"]), cached.get(header, 0))


def _readme(book, styles, catalogue: Catalogue, place: Place) -> None:
    sheet = book.add_worksheet(L.README_SHEET)
    sheet.set_column(0, 0, README_WIDTH, styles["text"])
    lines = [line.format(year=catalogue.year, office=place.office) for line, _ in README_LINES]
    for r, (line, (_, style)) in enumerate(zip(lines, README_LINES)):
        sheet.write_string(r, 0, line, styles[style] if style else styles["text"])
    cells.fit_rows(sheet, [[line] for line in lines[1:]], [README_WIDTH], first=1)  # the title keeps its own
    cells.print_layout(sheet, landscape=False, title=False)
    sheet.hide_gridlines(2)
    sheet.activate()


def _projects(book, styles, catalogue: Catalogue, place: Place) -> None:
    sheet = book.add_worksheet(L.PROJECTS_SHEET)
    # 节点 (the last column, so every other keeps its place) only when some row has milestones
    headers = tuple(h for h in L.PROJECT_HEADERS if h != "节点" or "节点" in catalogue.filled())
    rows = [[row[h] for h in headers] for row in catalogue.rows()]
    _table(sheet, L.table_name(L.PROJECTS_SHEET), headers, rows, styles,
           {"项目内容": styles["text"], "协办单位": styles["text"], "目标值": styles["num"],
            "备注": styles["text"], "年度投资(万元)": styles["num"]}, leader=place.leader)
    widths = {"项目编号": 8, "项目类别": 14, "项目内容": 50, "分管县领导": 9, "责任单位": 18, "协办单位": 30,
              "指标": 18, "目标值": 9, "计量单位": 8, "项目名称": 18, "建设地点": 12, "完成时限": 10,
              "年度投资(万元)": 9, "备注": 20, "目标类型": 8, "基期值": 8, "节点": 30}
    for c, header in enumerate(headers):
        sheet.set_column(c, c, widths[header])
    cells.fit_rows(sheet, rows, [widths[h] for h in headers])
    _print_setup(sheet, keys=L.PROJECT_HEADERS.index("项目内容") + 1, paper=cells.A3)
    target = L.PROJECT_HEADERS.index("目标值")
    cell, kind = (f"{L.column_letter(L.PROJECT_HEADERS.index(h))}2" for h in ("目标值", "目标类型"))
    sheet.data_validation(1, target, len(rows), target, {  # above 0; a 清零 row's 0 too
        "validate": "custom", "value": f'=OR(AND(ISNUMBER({cell}),{cell}>0),AND(ISNUMBER({cell}),{cell}=0,{kind}="清零"))',
        "ignore_blank": True, "error_title": "目标值",
        "error_message": "目标值应为大于 0 的数字（目标类型为清零的填 0）；没有数量目标的项目请留空（按形象进度考核）。"})


def _plan_rows(catalogue: Catalogue) -> list[list]:
    """计划's rows: each indicator's planned cumulative value month by month (``model.plan.default``:
    linear to its 完成时限 or December, a small whole target due whole at its deadline)."""
    rows = []
    for item in catalogue.items:
        deadline = plans.deadline_month(item.deadline, catalogue.year)
        for ind in item.indicators:
            kind, months = (("到期完成", milestones.plan(ind.nodes)) if ind.nodes  # each node whole at its month
                            else plans.default(None if ind.qualitative else ind.target, deadline))
            rows.append([item.id, ind.name, ind.target, "%" if ind.qualitative else ind.measure, kind, *months])
    return rows


def _plan_values(plan: list[list], month: int) -> dict[tuple, float]:
    """What the month sheets' SUMIFS over 计划 (``_plan_rows``) give, by (项目编号, 指标)."""
    out: dict[tuple, float] = {}
    for row in plan:
        out[(row[0], row[1])] = out.get((row[0], row[1]), 0) + row[4 + month]
    return out


def _plan(book, styles, rows: list[list]) -> None:
    """计划 from ``_plan_rows``."""
    sheet = book.add_worksheet(L.PLAN_SHEET)
    months = {f"{m}月": styles["input_pct"] for m in L.MONTHS}
    _table(sheet, L.table_name(L.PLAN_SHEET), L.PLAN_HEADERS + L.PLAN_RECORD, [row + ["默认", None] for row in rows],
           styles, {**months, "目标值": styles["locked_num"], "计划类型": styles["input"], "计划来源": styles["input"],
                    "确定日期": styles["input_text"]})
    # Quantitative rows hold values, qualitative rows shares: format per row.
    for r, row in enumerate(rows, start=1):
        if row[2] is not None:
            for m in L.MONTHS:
                sheet.write_number(r, 4 + m, row[4 + m], styles["input_num"])
    kind = L.PLAN_HEADERS.index("计划类型")
    sheet.data_validation(1, kind, len(rows), kind, {"validate": "list", "source": f"={L.LIST_PLAN_KINDS}"})
    sheet.data_validation(1, 5, len(rows), 16, {
        "validate": "decimal", "criteria": ">=", "value": 0, "error_type": "warning",
        "error_title": "计划", "error_message": "计划累计值应为不小于 0 的数字。"})
    sheet.set_column(0, 0, 8)
    sheet.set_column(1, 1, 20)
    sheet.set_column(2, 4, 9)
    sheet.set_column(5, 16, 8)
    sheet.set_column(17, 18, 11)
    sourced = L.PLAN_HEADERS.index("12月") + 1
    sheet.data_validation(1, sourced, len(rows), sourced, {"validate": "list", "source": f"={L.LIST_PLAN_SOURCES}"})
    sheet.protect("", {"autofilter": True, "sort": True, "format_columns": True, "format_rows": True})
    _print_setup(sheet, keys=2)


def _month_rows(catalogue: Catalogue) -> list[dict]:
    """One dict a month sheet row, by header, for every month alike; ``_kind`` and ``_base`` are the
    indicator's 目标类型 and 基期值 (no column)."""
    rows = []
    for item in catalogue.items:
        for ind in item.indicators:
            rows.append({"项目编号": item.id, "项目类别": item.category, "项目内容": item.content,
                         "责任单位": "、".join(item.units_of(ind)), "分管县领导": item.leader, "指标": ind.name,
                         "目标值": ind.target, "计量单位": "%" if ind.qualitative else ind.measure,
                         "_kind": ind.kind, "项目名称": item.name or None, "完成时限": item.deadline or None,
                         "建设地点": item.place or None, "年度投资(万元)": item.investment, "备注": item.remark or None,
                         "节点": milestones.text(ind.nodes) or None, "_base": ind.base})
    return rows


def _month(book, styles, catalogue: Catalogue, month: int, place: Place, indicators: list[dict],
           plan_rows: list[list], heights: list[int]) -> None:
    """The month sheet of ``month``: ``indicators`` from ``_month_rows``, the plan from ``_plan_rows``,
    row ``heights`` from ``cells.row_heights``. A column's formula is made once (``ColumnFormula``)."""
    name = L.month_sheet(month)
    sheet = book.add_worksheet(name)
    headers = L.month_headers(catalogue.filled())
    plan = _plan_values(plan_rows, month)
    earlier = _plan_values(plan_rows, month - SEVERE_MONTHS) if month > SEVERE_MONTHS else {}
    columns = {h: ColumnFormula(text) for h, text in month_formulas(month, MARK).items()}
    rows, results = [], []
    for r, indicator in enumerate(indicators, start=2):
        key = (indicator["项目编号"], indicator["指标"])
        results.append(month_results({**indicator, "本月计划累计": plan.get(key, 0)}, month,
                                     indicator["_kind"] or "", Settings.yellow, Settings.red, indicator["_base"],
                                     earlier.get(key)))
        rows.append({**indicator, **{h: RowFormula(column, r) for h, column in columns.items()}})
    formats = {h: styles["locked"] for h in headers}
    formats.update({"目标值": styles["locked_num"], "本月计划累计": styles["locked_num"],
                    "完成率": styles["locked_pct"], "时序进度": styles["locked_pct"], "年度投资(万元)": styles["locked_num"],
                    "累计完成": styles["input_num"], "形象进度": styles["input_pct"], "填报日期": styles["input_date"],
                    "联系电话": styles["input_text"], **{h: styles["input"] for h in ("进展情况", "存在问题", "下步措施", "填报人")}})
    _table(sheet, L.table_name(name), headers, [[row.get(h) for h in headers] for row in rows], styles, formats,
           style="Table Style Light 1", results=results, leader=place.leader)
    column, image = headers.index("本月计划累计"), headers.index("形象进度")
    for r, row in enumerate(rows, start=1):
        if row["目标值"] is None:  # the plan of an item without a number is a share
            cells.write(sheet, r, column, row["本月计划累计"], styles["locked_pct"], results[r - 1]["本月计划累计"])
        if row.get("节点"):  # a 节点 row counts its nodes in 累计完成: 形象进度 is not an input
            sheet.write_blank(r, image, None, styles["locked_pct"])
    n = len(rows)
    widths = cells.MONTH_WIDTHS
    for c, h in enumerate(headers):
        sheet.set_column(c, c, widths[h])
    cells.set_heights(sheet, heights)
    cells.month_validation(sheet, n, catalogue.year)
    cells.lights(sheet, styles, n)
    sheet.protect("", {"autofilter": True, "sort": True, "format_columns": True, "format_rows": True})
    cells.print_month(sheet)
    sheet.freeze_panes(1, headers.index("指标") + 1)


def _contacts(book, styles, catalogue: Catalogue, responsible: list[str], place: Place,
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
    _table(sheet, L.table_name(L.CONTACTS_SHEET), L.CONTACT_HEADERS, rows, styles, {"单位": styles["locked"], **inputs})
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
    _print_setup(sheet)


def _results(book, styles) -> None:
    """Empty until 校验 runs (ribbon or minsheng validate), which fills it: see ``minsheng.check.results``."""
    from minsheng.check.results import WIDTHS

    sheet = book.add_worksheet(L.RESULTS_SHEET)
    _table(sheet, L.table_name(L.RESULTS_SHEET), L.RESULT_HEADERS, [], styles,
           {h: styles["text"] for h in ("问题", "处理建议")})
    for c, header in enumerate(L.RESULT_HEADERS):
        sheet.set_column(c, c, WIDTHS[header])
    for c, header in enumerate(L.MARK_HEADERS, start=L.MARK_COLUMN):
        sheet.write_string(0, c, header, styles["bold"])
        sheet.set_column(c, c, 14, None, {"hidden": True})
    _print_setup(sheet, keys=L.RESULT_HEADERS.index("单元格") + 1)


def _log(book, styles) -> None:
    sheet = book.add_worksheet(L.LOG_SHEET)
    wrapped = {h: styles["text"] for h in ("文件", "内容")}
    _table(sheet, L.table_name(L.LOG_SHEET), L.LOG_HEADERS, [], styles, wrapped)
    for c, (header, width) in enumerate(zip(L.LOG_HEADERS, (17, 10, 24, 12, 14, 45))):  # one A4 landscape page wide
        sheet.set_column(c, c, width, wrapped.get(header))
    _print_setup(sheet)


def _reports(book, styles) -> None:
    """Empty (one blank table row): 汇总回收表 adds a row per (月份, 单位) as it records a status
    (``roundtrip.roster``), and the table grows with it; the sheet prints what it holds."""
    sheet = book.add_worksheet(L.REPORTS_SHEET)
    _table(sheet, L.table_name(L.REPORTS_SHEET), L.REPORT_HEADERS, [], styles)
    wrapped = {h: styles["text"] for h in ("文件", "说明")}
    for c, (header, width) in enumerate(zip(L.REPORT_HEADERS, (6, 18, 8, 28, 17, 12, 30))):  # one A4 landscape page wide
        sheet.set_column(c, c, width, wrapped.get(header))
    status = L.REPORT_HEADERS.index("状态")
    for s, (fill, font) in L.REPORT_FILLS.items():  # the whole column: rows added later are coloured too
        sheet.conditional_format(1, status, EXCEL_ROWS - 1, status, {
            "type": "cell", "criteria": "==", "value": f'"{s}"',
            "format": book.add_format({"bg_color": f"#{fill}", "font_color": f"#{font}"})})
    _print_setup(sheet)


def _config(book, styles, catalogue: Catalogue, responsible: list[str], place: Place,
            units: UnitDirectory) -> None:
    sheet = book.add_worksheet(L.CONFIG_SHEET)
    values = {"年度": catalogue.year, "模板版本": f"{catalogue.year}.1", "地区": place.region,
              "督查室": place.office, "单位名称匹配": D.LOOSE if units.loose else D.STRICT}
    rows = [[s.key, values.get(s.key, s.default), s.note] for s in L.SETTINGS]
    _table(sheet, L.table_name(L.CONFIG_SHEET), L.CONFIG_HEADERS, rows, styles,
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
    sheet.set_column(1, 1, 10)
    sheet.set_column(2, 2, 50)
    cells.fit_rows(sheet, [[str(v) if v is not None else None for v in row] for row in rows], [14, 10, 50])  # 说明 wraps
    sheet.set_column(4, 6, 22)
    sheet.set_column(8, 9, 26)
    _print_setup(sheet)


def _xlwings_conf(book) -> None:
    """xlwings reads this sheet (key in A, value in B) before its config files."""
    from minsheng.builder.xlconf import XLWINGS_SETTINGS

    sheet = book.add_worksheet(L.XLWINGS_SHEET)
    for r, (key, value) in enumerate(XLWINGS_SETTINGS):
        sheet.write_string(r, 0, key)
        sheet.write_string(r, 1, value)
    sheet.set_column(0, 1, 30)
    sheet.hide()  # technical: xlwings reads it hidden as well; a hidden sheet is not printed
