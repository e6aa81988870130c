"""Worksheet functions for clerks' own formulas: MS_COMPLETION, MS_TIME_PROGRESS, MS_DEVIATION, MS_STATUS.

The same rules as the master's native formulas (``minsheng.model.formulas``), for use in
a clerk's own sheets, e.g. ``=MS_STATUS(MS_COMPLETION(J2,G2,N2), MS_TIME_PROGRESS(I2,G2), cfg_yellow, cfg_red)``.
The master itself does not use them: its formulas are native, so it works on a PC
without Python. These need Python and the xlwings add-in (README, Windows):
xlwings imports this module because the master's ``xlwings.conf`` sheet lists it
under ``UDF Modules``; then 导入函数 (xlwings tab: Import Functions) once.

Blank cells arrive as None; the master's formulas show "" for "no value", and so
do these (an empty string, not 0: nothing reported is not zero).
"""

from __future__ import annotations

import xlwings as xw

from minsheng.model import formulas


def _number(value: object) -> float | None:
    """A cell's number; blank, "" and text are "no value" (Excel's ISNUMBER)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _shown(value: float | None) -> float | str:
    return "" if value is None else value


@xw.func
def MS_COMPLETION(actual: object, target: object, image: object = None) -> float | str:
    """完成率: 累计完成 / 目标值; without a 目标值, the 形象进度 (0–1). "" when nothing is reported,
    and when the 目标值 is not above 0, as in the master."""
    return _shown(formulas.completion(_number(actual), _number(target), _number(image)))


@xw.func
def MS_TIME_PROGRESS(plan: object, target: object = None) -> float | str:
    """时序进度: 本月计划累计 / 目标值; without a 目标值 the plan is already a share (0–1).
    "" when the 目标值 is not above 0, as in the master."""
    return _shown(formulas.time_progress(_number(plan), _number(target)))


@xw.func
def MS_DEVIATION(completion: object, time_progress: object) -> float | str:
    """Points behind plan: 时序进度 − 完成率 (positive = behind), rounded as the master rounds it."""
    done, due = _number(completion), _number(time_progress)
    if done is None:
        return ""
    return formulas.deviation(done, due or 0.0)


@xw.func
def MS_STATUS(completion: object, time_progress: object, yellow: object = 0.10, red: object = 0.30) -> str:
    """状态 for one month: 已完成 / 正常 / 滞后 / 严重滞后 / 未报送.

    ``yellow`` and ``red`` are the 配置 sheet's thresholds (defined names cfg_yellow, cfg_red);
    blank means the defaults 10 and 30 points. The escalation of repeated yellow months is
    not a one-month rule and is left to 滞后预警.
    """
    yellow = _number(yellow)
    red = _number(red)
    return formulas.status(_number(completion), _number(time_progress),
                           0.10 if yellow is None else yellow, 0.30 if red is None else red)
