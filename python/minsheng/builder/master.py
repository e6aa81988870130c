"""Build the master workbook from text: catalogue, VBA sources, ribbon XML.

The master is never edited by hand in the repo: ``minsheng build`` writes it, and
two builds of the same sources are byte-identical.
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import xlsxwriter

from minsheng.builder import cells, months, records
from minsheng.builder import dashboard as build_dashboard
from minsheng.builder.fastsheet import FastSheet
from minsheng.model import layout as L
from minsheng.model.catalogue import Catalogue
from minsheng.model import directory as D
from minsheng.model.place import Place
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

SHEET_CLASS = FastSheet  # XlsxWriter's Worksheet without needless formula rewriting, a row's formula kept small,
# a table row stored at once and the sheet data written a row at a time (same bytes)


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
    plan = months.plan_rows(catalogue)
    months.plan_sheet(book, styles, plan)
    indicators = months.month_rows(catalogue)
    headers = L.month_headers(catalogue.filled())
    heights = cells.row_heights([[row.get(h) for h in headers] for row in indicators],
                                cells.month_widths(headers))  # the same on every month sheet
    for month in L.MONTHS:
        months.month_sheet(book, styles, catalogue, month, place, indicators, plan, heights)
    records.contacts(book, styles, catalogue, responsible, place, {e.name: e for e in contacts})
    build_dashboard.write(book, catalogue, units, place)
    records.results(book, styles)
    records.log(book, styles)
    records.reports(book, styles)
    records.config(book, styles, catalogue, responsible, place, units)
    records.xlwings_conf(book)
    for n, sheet in enumerate(book.worksheets(), start=1):
        sheet.set_vba_name(f"Sheet{n}")
    book.close()


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
    cells.table(sheet, L.table_name(L.PROJECTS_SHEET), headers, rows, styles,
           {"项目内容": styles["text"], "协办单位": styles["text"], "目标值": styles["num"],
            "备注": styles["text"], "年度投资(万元)": styles["num"]}, leader=place.leader)
    # two A3 landscape pages wide, one tall for about 30 rows: the catalogue's columns up to 计量单位 fill
    # the first (206 characters), 项目编号 … 项目内容 (repeated) and the optional columns the second
    widths = {"项目编号": 8, "项目类别": 16, "项目内容": 70, "分管县领导": 9, "责任单位": 18, "协办单位": 50,
              "指标": 18, "目标值": 9, "计量单位": 8, "项目名称": 18, "建设地点": 12, "完成时限": 10,
              "年度投资(万元)": 9, "备注": 20, "目标类型": 8, "基期值": 8, "节点": 30}
    for c, header in enumerate(headers):
        sheet.set_column(c, c, widths[header])
    cells.fit_rows(sheet, rows, [widths[h] for h in headers])
    cells.print_layout(sheet, keys=L.PROJECT_HEADERS.index("项目内容") + 1, paper=cells.A3,
                       breaks=(headers.index(L.OPTIONAL_COLUMNS[0]),))
    sheet.freeze_panes(1, 0)
    target = L.PROJECT_HEADERS.index("目标值")
    cell, kind = (f"{L.column_letter(L.PROJECT_HEADERS.index(h))}2" for h in ("目标值", "目标类型"))
    sheet.data_validation(1, target, len(rows), target, {  # above 0; a 清零 row's 0 too
        "validate": "custom", "value": f'=OR(AND(ISNUMBER({cell}),{cell}>0),AND(ISNUMBER({cell}),{cell}=0,{kind}="清零"))',
        "ignore_blank": True, "error_title": "目标值",
        "error_message": "目标值应为大于 0 的数字（目标类型为清零的填 0）；没有数量目标的项目请留空（按形象进度考核）。"})
