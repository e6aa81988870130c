"""The master workbook's layout, declared once.

The builder, the readers, the validator and the consolidator all read these
declarations: sheet names, exact headers, table names, defined names, input
columns. Rows are found by (项目编号, 指标), columns by header text, never by
position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from minsheng.model.catalogue import CATALOGUE_COLUMNS, OPTIONAL_COLUMNS

MONTHS = tuple(range(1, 13))

README_SHEET = "说明"
PROJECTS_SHEET = "项目表"
PLAN_SHEET = "计划"
CONTACTS_SHEET = "单位通讯录"
DASHBOARD_SHEET = "汇总"
RESULTS_SHEET = "校验结果"
LOG_SHEET = "日志"
REPORTS_SHEET = "报送记录"  # who sent what for which month: reminders and the status read it
CONFIG_SHEET = "配置"
XLWINGS_SHEET = "xlwings.conf"

KEY = ("项目编号", "指标")


def month_sheet(month: int) -> str:
    if month not in MONTHS:
        raise ValueError(f"月份应为 1–12，现为 {month}")
    return f"{month}月"


def sheet_month(name: str) -> int | None:
    found = re.fullmatch(r"(\d{1,2})月", name.strip())
    return int(found.group(1)) if found and int(found.group(1)) in MONTHS else None


# The monthly sheets: one row per indicator. Outside tools find columns by these names.
MONTH_HEADERS = (
    "项目编号", "项目类别", "项目内容", "责任单位", "分管县领导", "指标", "目标值", "计量单位",
    "本月计划累计", "累计完成", "完成率", "时序进度", "状态", "形象进度",
    "进展情况", "存在问题", "下步措施", "填报人", "联系电话", "填报日期",
)
# The catalogue's optional columns shown where people work: on the month sheets and in the fill-in
# files, read-only, to the right of MONTH_HEADERS (so the native formulas, the VBA and outside tools
# find MONTH_HEADERS where they always were), and only those the catalogue fills: a list without
# them keeps MONTH_HEADERS alone. Readers find every column by its header.
SHOWN_COLUMNS = ("项目名称", "完成时限", "建设地点", "年度投资(万元)", "备注", "节点")
SHOWN_WIDTHS = {"项目名称": 16, "完成时限": 10, "建设地点": 14, "年度投资(万元)": 13, "备注": 18, "节点": 24}


def month_headers(present=()) -> tuple[str, ...]:
    """A month sheet's headers: ``MONTH_HEADERS``, then those of ``SHOWN_COLUMNS`` found in
    ``present`` (a catalogue's filled columns or a sheet's header row), in ``SHOWN_COLUMNS`` order."""
    present = set(present)
    return MONTH_HEADERS + tuple(h for h in SHOWN_COLUMNS if h in present)


# 分管县领导 is written as the place says it (分管区领导 for a 区: ``place.Place.leader``) and read
# back under its one name, whichever the sheet shows (``book.Sheet.header``).
LEADER = "分管县领导"
HEADER_ALIASES = {f"分管{word}领导": LEADER for word in ("区", "市", "旗")}


def shown_headers(headers: tuple[str, ...], leader: str = LEADER) -> tuple[str, ...]:
    """``headers`` as a sheet shows them: 分管县领导 as ``leader`` (分管区领导 …)."""
    return tuple(leader if h == LEADER else h for h in headers)


# What unit clerks type; every other cell is locked.
INPUT_COLUMNS = ("累计完成", "形象进度", "进展情况", "存在问题", "下步措施", "填报人", "联系电话", "填报日期")
TEXT_INPUTS = ("进展情况", "存在问题", "下步措施", "填报人", "联系电话")
# what a fill-in file is prefilled with from last month (and so what an untouched return still holds)
CARRIED = ("累计完成", "形象进度", "进展情况", "存在问题", "下步措施", "填报人", "联系电话")

PROJECT_HEADERS = CATALOGUE_COLUMNS + OPTIONAL_COLUMNS  # the optional ones after, so the base keep their place
LATER_HEADERS = ("基期值", "节点")  # 项目表 columns added after masters were in use: a master without one is not damaged
PLAN_HEADERS = ("项目编号", "指标", "目标值", "计量单位", "计划类型") + tuple(f"{m}月" for m in MONTHS)
PLAN_KINDS = ("线性", "到期完成", "自定义")  # 线性 to the 完成时限 (December without one); 到期完成: whole at it
# who set a 计划 row and when, to the right of the months (a master built before these has none: the
# plan still merges, 日志 alone then records who set it)
PLAN_RECORD = ("计划来源", "确定日期")
PLAN_SOURCES = ("默认", "单位报送", "督查室调整")
# 年初建账: the plan form sent to each responsible unit (下发计划表): its indicators × months, the months
# its input cells (cumulative plan); sealed like the monthly returns, over PLAN_FORM_LOCKED.
PLAN_FORMAT = "minsheng-plan/1"
PLAN_FORM_SHEET = "计划表"
PLAN_FORM_LOCKED = ("项目编号", "项目内容", "责任单位", "指标", "目标值", "计量单位", "完成时限")
PLAN_FORM_HEADERS = PLAN_FORM_LOCKED + tuple(f"{m}月" for m in MONTHS)
CONTACT_HEADERS = ("单位", "联系人", "联系电话", "电子邮箱", "备注")
CONTACT_INPUTS = ("联系人", "联系电话", "电子邮箱")  # what a unit may update in its file; 备注 is the office's
LOG_HEADERS = ("时间", "操作", "文件", "sha256", "单位", "内容")
CONFIG_HEADERS = ("设置", "值", "说明")
# 校验结果: one row per finding (转到 is a HYPERLINK to the cell); to the right of the table, in
# hidden columns, the cells the last run highlighted and their fill before, so a run clears its own marks.
RESULT_HEADERS = ("序号", "级别", "工作表", "单元格", "转到", "项目编号", "指标", "责任单位", "问题", "处理建议", "代码")
MARK_HEADERS = ("已标记单元格", "标记底色", "原底色")
MARK_COLUMN = len(RESULT_HEADERS) + 1  # 0-based: one empty column after the table
MARK_FILLS = {"error": "FFC7CE", "warning": "FFEB9C"}  # hex RGB, as STATUS_FILLS
REPORT_HEADERS = ("月份", "单位", "状态", "文件", "时间", "sha256", "说明")
# blank: the month has not been consolidated yet. 原样退回: the file came back with its input cells as sent
# (the prefill, last month's figures and texts): not a report, chased as one missing.
REPORT_STATUSES = ("已报送", "已退回", "未报送", "原样退回")
REPORT_FILLS = {"已报送": ("C6EFCE", "006100"), "已退回": ("FFC7CE", "9C0006"), "未报送": ("D9D9D9", "404040"),
                "原样退回": ("FFEB9C", "9C5700")}  # (fill, font), hex RGB as STATUS_FILLS

# Files sent to units (下发填报表): the month sheet with MONTH_HEADERS, plus tamper-evident
# metadata (document properties and a very hidden sheet). LOCKED_COLUMNS are prefilled and
# sealed by a hash. Format 2 seals the contact row as sent, too.
RETURN_META_SHEET = "_meta"
GUIDE_SHEET = "填报说明"  # the instructions in every file sent to units (roundtrip.split, plan_split): never a copy
RETURN_FORMAT = "minsheng-return/2"
LOCKED_COLUMNS = ("项目编号", "项目类别", "项目内容", "责任单位", "分管县领导", "指标", "目标值", "计量单位",
                  "本月计划累计")

STATUSES = ("已完成", "正常", "滞后", "严重滞后", "未报送")
# Traffic-light fills, one per status (hex RGB without '#').
STATUS_FILLS = {"已完成": "C6EFCE", "正常": "C6EFCE", "滞后": "FFEB9C", "严重滞后": "FFC7CE", "未报送": "D9D9D9"}
STATUS_FONTS = {"已完成": "006100", "正常": "006100", "滞后": "9C5700", "严重滞后": "9C0006", "未报送": "404040"}


@dataclass(frozen=True)
class Setting:
    key: str
    name: str  # ASCII defined name, used by the native formulas
    default: object
    note: str


SETTINGS = (
    Setting("年度", "cfg_year", 2024, "本工作簿的年度"),
    Setting("黄灯阈值", "cfg_yellow", 0.10, "落后时序进度超过此值（百分点）为“滞后”（黄灯）"),
    Setting("红灯阈值", "cfg_red", 0.30, "落后时序进度超过此值为“严重滞后”（红灯）"),
    Setting("连续黄灯升红", "cfg_escalate", 2, "连续几个月黄灯即升为红灯"),
    Setting("超目标倍数", "cfg_overshoot", 3, "累计完成超过目标值此倍数时提示核实"),
    Setting("报送截止日", "cfg_due_day", 5, "每月几日前报送上月进展"),
    Setting("模板版本", "cfg_template", "2024.1", "填报表模板版本，回收时核对"),
    Setting("备份保留份数", "cfg_backup_keep", 10, "“备份”文件夹中至少保留最近几份主台账备份"),
    Setting("备份保留天数", "cfg_backup_days", 30, "最近几天内每天另保留当天最后一份备份，更早的自动删除"),
    Setting("地区", "cfg_region", "微山县", "本台账服务的县（区、市）；通报等文字中的“全县”“分管县领导”随其后缀"),
    Setting("督查室", "cfg_office", "县政府督查室", "管理本台账的科室，写入通报、催报提醒和填报表"),
    Setting("单位名称匹配", "cfg_unit_match", "宽松", "“精确”：单位按“单位目录”的名称和简称/别名识别；"
            "“宽松”（仅内置目录）：另可省略名称前的“县”或地区名，及“和”字"),
    Setting("报送周期", "cfg_cadence", "月", "“月”：每月报送；“季”：每季度末月（3、6、9、12月）报送，"
            "填报表按上次报送预填，连续滞后升红和催报按报送期计"),
    Setting("节点严重滞后月数", "cfg_node_severe", 1, "节点逾期满此月数仍未完成为“严重滞后”"),  # 0: at once
)

# Drop-down sources, as ASCII defined names.
LIST_STATUS = "lst_status"
LIST_UNITS = "lst_units"
LIST_PLAN_KINDS = "lst_plan_kinds"
LIST_PLAN_SOURCES = "lst_plan_sources"


def table_name(sheet: str) -> str:
    """ASCII table names without spaces (openpyxl rejects others)."""
    month = sheet_month(sheet)
    if month:
        return f"tbl_m{month:02d}"
    return {
        PROJECTS_SHEET: "tbl_projects",
        PLAN_SHEET: "tbl_plan",
        CONTACTS_SHEET: "tbl_contacts",
        LOG_SHEET: "tbl_log",
        RESULTS_SHEET: "tbl_results",
        REPORTS_SHEET: "tbl_reports",
        CONFIG_SHEET: "tbl_config",
    }[sheet]


@cache
def column_letter(index: int) -> str:
    """0-based column index → A1 letters."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_ADDRESS = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")


def column_number(letters: str) -> int:
    """A1 letters → Excel's 1-based column number ("A" → 1, "AA" → 27)."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def cell_index(address: str) -> tuple[int, int]:
    """"K12" (or "$K$12") → (12, 11): 1-based row and column."""
    found = _ADDRESS.match(address.strip().upper())
    if not found:
        raise ValueError(f"不是单元格地址：{address}")
    return int(found.group(2)), column_number(found.group(1))


def col(header: str, headers: tuple[str, ...] = MONTH_HEADERS) -> str:
    return column_letter(headers.index(header))


def sheet_order() -> list[str]:
    return [README_SHEET, PROJECTS_SHEET, PLAN_SHEET, *(month_sheet(m) for m in MONTHS),
            CONTACTS_SHEET, DASHBOARD_SHEET, RESULTS_SHEET, LOG_SHEET, REPORTS_SHEET, CONFIG_SHEET, XLWINGS_SHEET]
