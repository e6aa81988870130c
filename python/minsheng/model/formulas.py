"""完成率, 时序进度 and 状态: once in Python, once as native Excel formulas.

The two forms sit side by side so they cannot drift apart; tests recalculate the
workbook in LibreOffice and compare its values with these functions.
"""

from __future__ import annotations

from minsheng.model.layout import PLAN_HEADERS, PLAN_SHEET, col

PRECISION = 6  # deviations are rounded before comparing with thresholds, in both forms


def completion(actual: float | None, target: float | None, image: float | None = None) -> float | None:
    """累计完成 / 目标值; 形象进度 (0–1) for an item without a number (``target`` None).
    None: nothing reported, or a 目标值 not above 0 (the native formula's "")."""
    if target is not None:
        return None if actual is None or target <= 0 else actual / target
    return image


def time_progress(plan: float | None, target: float | None) -> float | None:
    """本月计划累计 / 目标值; for an item without a number (``target`` None) the plan is already
    a share. None when the 目标值 is not above 0, as the native formula's ""."""
    if plan is None or (target is not None and target <= 0):
        return None
    return plan if target is None else plan / target


def deviation(completion_rate: float, time_progress_rate: float) -> float:
    """Points behind plan (positive = behind), rounded as the workbook rounds it."""
    return round(time_progress_rate - completion_rate, PRECISION)


def status(completion_rate: float | None, time_progress_rate: float | None,
           yellow: float = 0.10, red: float = 0.30) -> str:
    """One month's light, before escalation: 已完成 / 正常 / 滞后 / 严重滞后 / 未报送."""
    if completion_rate is None:
        return "未报送"
    if completion_rate >= 1:
        return "已完成"
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


def month_formulas(month: int, r: int) -> dict[str, str]:
    """Native formulas for one row of a monthly sheet (plain A1 references: they work in
    Excel, WPS and LibreOffice alike; rows in 计划 are found by 项目编号 + 指标)."""
    plan_col = col(f"{month}月", PLAN_HEADERS)
    key_id, key_ind = col("项目编号", PLAN_HEADERS), col("指标", PLAN_HEADERS)
    target, actual, image = _c("目标值", r), _c("累计完成", r), _c("形象进度", r)
    plan, rate, timep = _c("本月计划累计", r), _c("完成率", r), _c("时序进度", r)
    behind = f"ROUND({timep}-{rate},{PRECISION})"
    return {
        "本月计划累计": (f"=SUMIFS('{PLAN_SHEET}'!${plan_col}:${plan_col},"
                   f"'{PLAN_SHEET}'!${key_id}:${key_id},{_c('项目编号', r)},"
                   f"'{PLAN_SHEET}'!${key_ind}:${key_ind},{_c('指标', r)})"),
        "完成率": (f'=IF(ISNUMBER({target}),IF(AND({target}>0,ISNUMBER({actual})),{actual}/{target},""),'
                f'IF(ISNUMBER({image}),{image},""))'),
        "时序进度": f"=IF(ISNUMBER({target}),IF({target}>0,{plan}/{target},\"\"),{plan})",
        "状态": (f'=IF(NOT(ISNUMBER({rate})),"未报送",IF({rate}>=1,"已完成",'
               f'IF({behind}>cfg_red,"严重滞后",IF({behind}>cfg_yellow,"滞后","正常"))))'),
    }

