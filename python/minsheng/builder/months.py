"""The 计划 sheet and the twelve month sheets of the master, from the catalogue.

``master.build`` calls ``plan_rows`` and ``month_rows`` once, then ``plan`` and ``month`` for each
sheet; the plan's values are also the month sheets' cached 本月计划累计.
"""

from __future__ import annotations

from minsheng.builder import cells
from minsheng.builder.formulasheet import MARK, ColumnFormula, RowFormula
from minsheng.model import layout as L
from minsheng.model import milestones
from minsheng.model import plan as plans
from minsheng.model.catalogue import Catalogue
from minsheng.model.formulas import month_formulas, month_results
from minsheng.model.milestones import SEVERE_MONTHS
from minsheng.model.place import Place
from minsheng.model.settings import Settings


def plan_rows(catalogue: Catalogue) -> list[list]:
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


def plan_values(plan: list[list], month: int) -> dict[tuple, float]:
    """What the month sheets' SUMIFS over 计划 (``plan_rows``) give, by (项目编号, 指标)."""
    out: dict[tuple, float] = {}
    for row in plan:
        out[(row[0], row[1])] = out.get((row[0], row[1]), 0) + row[4 + month]
    return out


def plan_sheet(book, styles, rows: list[list]) -> None:
    """计划 from ``plan_rows``."""
    sheet = book.add_worksheet(L.PLAN_SHEET)
    months = {f"{m}月": styles["input_pct"] for m in L.MONTHS}
    cells.table(sheet, L.table_name(L.PLAN_SHEET), L.PLAN_HEADERS + L.PLAN_RECORD, [row + ["默认", None] for row in rows],
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
    cells.print_setup(sheet, keys=2)


def month_rows(catalogue: Catalogue) -> list[dict]:
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


def month_sheet(book, styles, catalogue: Catalogue, month: int, place: Place, indicators: list[dict],
          plan_rows: list[list], heights: list[int]) -> None:
    """The month sheet of ``month``: ``indicators`` from ``month_rows``, the plan from ``plan_rows``,
    row ``heights`` from ``cells.row_heights``. A column's formula is made once (``ColumnFormula``)."""
    name = L.month_sheet(month)
    sheet = book.add_worksheet(name)
    headers = L.month_headers(catalogue.filled())
    plan = plan_values(plan_rows, month)
    earlier = plan_values(plan_rows, month - SEVERE_MONTHS) if month > SEVERE_MONTHS else {}
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
    cells.table(sheet, L.table_name(name), headers, [[row.get(h) for h in headers] for row in rows], styles, formats,
           style="Table Style Light 1", results=results, leader=place.leader)
    column, image = headers.index("本月计划累计"), headers.index("形象进度")
    for r, row in enumerate(rows, start=1):
        if row["目标值"] is None:  # the plan of an item without a number is a share
            cells.write(sheet, r, column, row["本月计划累计"], styles["locked_pct"], results[r - 1]["本月计划累计"])
        if row.get("节点"):  # a 节点 row counts its nodes in 累计完成: 形象进度 is not an input
            sheet.write_blank(r, image, None, styles["locked_pct"])
    n = len(rows)
    for c, width in enumerate(cells.month_widths(headers)):
        sheet.set_column(c, c, width)
    cells.set_heights(sheet, heights)
    cells.month_validation(sheet, n, catalogue.year)
    cells.lights(sheet, styles, n)
    sheet.protect("", {"autofilter": True, "sort": True, "format_columns": True, "format_rows": True})
    cells.print_month(sheet)
    sheet.freeze_panes(1, headers.index("指标") + 1)
