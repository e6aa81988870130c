"""完成率, 时序进度 and 状态: once in Python, once as native Excel formulas.

The two forms sit side by side so they cannot drift apart; tests recalculate the
workbook in LibreOffice and compare its values with these functions.
"""

from __future__ import annotations

from minsheng.model.layout import MONTHS, PLAN_HEADERS, PLAN_SHEET, PROJECT_HEADERS, PROJECTS_SHEET, col

PRECISION = 6  # deviations are rounded before comparing with thresholds, in both forms


# 目标类型 (see builder/targets.py): how a figure is read against its 目标值. Blank is 累计.
CUMULATIVE, LEVEL, CEILING, CLEAR, MONEY, MILESTONE = "累计", "达到", "以内", "清零", "金额", "节点"
OVER = "超出控制目标"  # the light of a 以内 row over its ceiling: red, never 已完成


def level(actual: float | None, measure: str = "") -> float | None:
    """The figure as a rate row reads it, in the target's points (达到95% is 95 with 计量单位 %):
    62 typed is 62 %; a cell holding 0.62 (62 % typed in Excel, formatted as %) is 62 % too, so a
    figure of 1 or less is a fraction. Other rows: the figure as typed."""
    if actual is not None and measure.strip() == "%" and 0 < actual <= 1:
        return actual * 100
    return actual


def completion(actual: float | None, target: float | None, image: float | None = None,
               kind: str = "", base: float | None = None) -> float | None:
    """累计完成 / 目标值; 形象进度 (0–1) for an item without a number (``target`` None).
    达到: the current level / the level to reach. 以内: 1 while at or under the ceiling, else
    ceiling / figure. 清零: 1 at zero; else, with a 基期值 ``base`` above 0, the share cleared
    (基期值 − 现值) / 基期值 (not below 0), without one 0. None: nothing reported, or a 目标值 not
    above 0 (the native formula's "")."""
    if target is None:
        return image
    if actual is None:
        return None
    if kind == CLEAR:
        if actual <= 0:
            return 1.0
        return max(0.0, (base - actual) / base) if base is not None and base > 0 else 0.0
    if target <= 0:
        return None
    if kind == CEILING:
        return 1.0 if actual <= target else target / actual
    return actual / target


def time_progress(plan: float | None, target: float | None, kind: str = "") -> float | None:
    """本月计划累计 / 目标值; for an item without a number (``target`` None) the plan is already
    a share. None when the 目标值 is not above 0, as the native formula's "", and for a ceiling
    or a 清零 row, which are judged against the target itself, not a plan over time."""
    if plan is None or (target is not None and (target <= 0 or kind in (CEILING, CLEAR))):
        return None
    return plan if target is None else plan / target


def deviation(completion_rate: float, time_progress_rate: float) -> float:
    """Points behind plan (positive = behind), rounded as the workbook rounds it."""
    return round(time_progress_rate - completion_rate, PRECISION)


def status(completion_rate: float | None, time_progress_rate: float | None,
           yellow: float = 0.10, red: float = 0.30, kind: str = "", final: bool = False,
           earlier: float | None = None) -> str:
    """One month's light, before escalation: 已完成 / 正常 / 滞后 / 严重滞后 / 未报送, and for a
    ceiling (以内) 超出控制目标. A ceiling is 正常 while met and 已完成 only in the year's last
    month (``final``); a 清零 row not at zero is 滞后. A 节点 row (shares of its nodes) is 正常
    while every node planned by now is done, else 滞后, and 严重滞后 when a node planned
    配置 节点严重滞后月数 earlier (``earlier``: that month's time progress, None before January) is
    not done."""
    if completion_rate is None:
        return "未报送"
    if kind == CEILING:
        return OVER if completion_rate < 1 else "已完成" if final else "正常"
    if completion_rate >= 1:
        return "已完成"
    if kind == CLEAR:
        return "滞后"
    if kind == MILESTONE:
        if round(completion_rate, PRECISION) >= round(time_progress_rate or 0.0, PRECISION):
            return "正常"
        return "严重滞后" if round(completion_rate, PRECISION) < round(earlier or 0.0, PRECISION) else "滞后"
    behind = deviation(completion_rate, time_progress_rate or 0.0)
    if behind > red:
        return "严重滞后"
    if behind > yellow:
        return "滞后"
    return "正常"


def escalate(lights: list[str], months: int = 2) -> list[str]:
    """The lights month by month after escalation: the ``months``-th 滞后 in a row (and every
    further one) becomes 严重滞后. Any other light breaks the run; ``months`` < 1 turns it off.
    Not a native formula: the month sheets show each month's own light (see progress.py)."""
    out, run = [], 0
    for light in lights:
        run = run + 1 if light == "滞后" else 0
        out.append("严重滞后" if months >= 1 and run >= months else light)
    return out


# --- the same, as Excel formulas for row `r` of a monthly sheet -------------------------------

def _c(header: str, r: int) -> str:
    return f"${col(header)}{r}"


def _p(header: str) -> str:
    c = col(header, PROJECT_HEADERS)
    return f"'{PROJECTS_SHEET}'!${c}:${c}"


def _kind_is(kind: str, r: int) -> str:
    """TRUE when the row's indicator has 目标类型 ``kind`` in 项目表 (found by 项目编号 + 指标)."""
    return f'(COUNTIFS({_p("项目编号")},{_c("项目编号", r)},{_p("指标")},{_c("指标", r)},{_p("目标类型")},"{kind}")>0)'


def _plan_sum(month: int, r: int) -> str:
    """The 计划 sheet's cumulative for ``month`` of row ``r``'s indicator; "0" before January."""
    if month < MONTHS[0]:
        return "0"
    plan_col, key_id, key_ind = (col(h, PLAN_HEADERS) for h in (f"{month}月", "项目编号", "指标"))
    return (f"SUMIFS('{PLAN_SHEET}'!${plan_col}:${plan_col},"
            f"'{PLAN_SHEET}'!${key_id}:${key_id},{_c('项目编号', r)},"
            f"'{PLAN_SHEET}'!${key_ind}:${key_ind},{_c('指标', r)})")


def _plan_back(month: int, r: int) -> str:
    """The 计划 sheet's cumulative 配置 节点严重滞后月数 (``cfg_node_severe``) months before ``month``
    of row ``r``'s indicator, read live from 配置; 0 before January."""
    first, last = col(f"{MONTHS[0]}月", PLAN_HEADERS), col(f"{MONTHS[-1]}月", PLAN_HEADERS)
    key_id, key_ind = col("项目编号", PLAN_HEADERS), col("指标", PLAN_HEADERS)
    back = f"{month}-MAX(0,INT(cfg_node_severe))"
    return (f"IF({back}<{MONTHS[0]},0,SUMIFS(INDEX('{PLAN_SHEET}'!${first}:${last},0,{back}),"
            f"'{PLAN_SHEET}'!${key_id}:${key_id},{_c('项目编号', r)},"
            f"'{PLAN_SHEET}'!${key_ind}:${key_ind},{_c('指标', r)}))")


def month_formulas(month: int, r: int, kind: str | None = None, base: float | None = None,
                   earlier: float | None = None) -> dict[str, str]:
    """Native formulas for one row of a monthly sheet (plain A1 references: they work in
    Excel, WPS and LibreOffice alike; rows in 计划 and 项目表 are found by 项目编号 + 指标).
    ``kind`` given (a file sent to a unit, which has no 项目表): the 目标类型, ``base`` (基期值) and
    ``earlier`` (a 节点 row's plan 配置 节点严重滞后月数 months before; None before January) written
    in as constants. Without ``kind`` (the master) that plan is read live through ``cfg_node_severe``."""
    target, actual, image = _c("目标值", r), _c("累计完成", r), _c("形象进度", r)
    plan, rate, timep = _c("本月计划累计", r), _c("完成率", r), _c("时序进度", r)
    behind = f"ROUND({timep}-{rate},{PRECISION})"
    if kind is None:
        ceiling, clear = _kind_is(CEILING, r), _kind_is(CLEAR, r)
        b = f'SUMIFS({_p("基期值")},{_p("项目编号")},{_c("项目编号", r)},{_p("指标")},{_c("指标", r)})'
        milestone = _kind_is(MILESTONE, r)
        early = _plan_back(month, r)
    else:
        milestone = "TRUE" if kind == MILESTONE else "FALSE"
        early = f"{earlier:g}" if earlier is not None else "0"
        ceiling, clear = ("TRUE" if kind == CEILING else "FALSE"), ("TRUE" if kind == CLEAR else "FALSE")
        b = f"{base:g}" if base is not None and base > 0 else "0"
    lv = f'IF(AND({_c("计量单位", r)}="%",{actual}>0,{actual}<=1),{actual}*100,{actual})'
    met = '"已完成"' if month == MONTHS[-1] else '"正常"'
    return {
        "本月计划累计": f"={_plan_sum(month, r)}",
        "完成率": (f'=IF(ISNUMBER({target}),IF(NOT(ISNUMBER({actual})),"",IF({clear},IF({lv}<=0,1,IF({b}>0,MAX(0,({b}-{lv})/{b}),0)),'
                f'IF({target}<=0,"",IF({ceiling},IF({lv}<={target},1,{target}/{lv}),{lv}/{target})))),'
                f'IF(ISNUMBER({image}),{image},""))'),
        "时序进度": (f'=IF(ISNUMBER({target}),IF(OR({target}<=0,{ceiling},{clear}),"",{plan}/{target}),{plan})'),
        "状态": (f'=IF(NOT(ISNUMBER({rate})),"未报送",IF({ceiling},IF({rate}>=1,{met},"{OVER}"),'
               f'IF({rate}>=1,"已完成",IF({clear},"滞后",'
               f'IF({milestone},IF(ROUND({actual},{PRECISION})>=ROUND({plan},{PRECISION}),"正常",'
               f'IF(ROUND({actual},{PRECISION})<ROUND({early},{PRECISION}),"严重滞后","滞后")),'
               f'IF({behind}>cfg_red,"严重滞后",IF({behind}>cfg_yellow,"滞后","正常")))))))'),
    }


def _number(value) -> float | None:
    """What ISNUMBER accepts: a number (not a bool, not text)."""
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def month_results(row: dict[str, object], month: int, kind: str = "", yellow: float = 0.10,
                  red: float = 0.30, base: float | None = None, earlier: float | None = None) -> dict[str, object]:
    """What ``month_formulas`` give for ``row`` (its 目标值, 计量单位, 累计完成, 形象进度 and
    本月计划累计 as written), stored as the formulas' cached results: a file opened without
    recalculation (LibreOffice's default for .xlsx, mail previews) shows what Excel would.
    ``earlier``: a 节点 row's plan 配置 节点严重滞后月数 months before ``month`` (None: 0).
    "" where the formula yields ""."""
    target = _number(row.get("目标值"))
    plan = _number(row.get("本月计划累计")) or 0  # SUMIFS over no row is 0
    if target is not None:
        actual = level(_number(row.get("累计完成")), str(row.get("计量单位") or ""))
        rate = completion(actual, target, kind=kind, base=base)
    else:
        rate = completion(None, None, _number(row.get("形象进度")))
    timep = time_progress(plan, target, kind)
    early = (earlier or 0) / target if kind == MILESTONE and target else None
    light = status(rate, timep, yellow, red, kind, final=month == MONTHS[-1], earlier=early)
    return {"本月计划累计": plan, "完成率": "" if rate is None else rate,
            "时序进度": "" if timep is None else timep, "状态": light}
