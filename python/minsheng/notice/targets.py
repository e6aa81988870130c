"""A catalogue's 目标值 in the notice's own words, read by the returns' parser.

``3000``, ``1.4万``, ``不少于10``, ``3%以内``, ``达到95%``, ``清零``, ``1.2亿元``, ``6月底前完成``: the
number goes to 目标值 and what the wording implies to 目标类型 (累计/达到/以内/清零/金额/节点),
kept for the targets rules to come. The wording lists here (floors, reach, ceilings, 清零,
milestones) are the ones ``notice.rules`` uses to judge a notice's free text: one place for both.
This lives in ``notice`` (below ``builder``) because ``model`` (where the catalogue is read) may
not import ``check.parse``; the build job hands ``read`` to ``model.catalogue.load``. What cannot
be read with certainty is a problem, never a guess.
"""

from __future__ import annotations

import re

from minsheng.check.parse import parse_number
from minsheng.model.catalogue import Target

KINDS = ("累计", "达到", "以内", "清零", "金额", "节点")
# The notice's words around a number, longest first where one is the start of another.
FLOORS = ("不少于", "不低于", "不小于", "至少", "突破", "超过")  # the number is the least to reach
DOING = ("新增", "累计完成", "累计", "完成", "建成", "实现", "开展", "培训", "惠及")  # verbs before a count
REACH = ("达到", "提高到", "提升到", "提高至", "提升至", "保持在", "稳定在", "保持", "达")  # a level to reach
CEILINGS = ("控制在", "不超过", "不高于", "低于")  # before the number: at most
CEILING_TAILS = ("以内", "以下", "之内")  # after the number: at most
FLOOR_TAILS = ("以上",)
MONTH = r"(\d{1,2}|[一二三四五六七八九十]{1,2})月(份)?(底|末|中旬|上旬|下旬)?"
BEFORE = r"(前|以前|之前)"
MILESTONE = f"{MONTH}{BEFORE}?"
MILESTONE_DEEDS = r"(完成|建成|竣工|投用|投入使用|启用|开工)"


def _alt(words: tuple[str, ...]) -> str:
    return "|".join(map(re.escape, words))


_AT_LEAST = re.compile(rf"^({_alt(FLOORS + DOING)})")
_REACH = re.compile(rf"^({_alt(REACH)})")
_WITHIN = re.compile(rf"({_alt(CEILING_TAILS)})$|^({_alt(CEILINGS)})")
_CLEAR = re.compile(r"^(动态|全部|全面|实现|基本)?清零$")
_MILESTONE = re.compile(rf"^{MILESTONE}{MILESTONE_DEEDS}?$")
_HINT = "请改为数字或通知原话，如 3000、1.4万、不少于10、3%以内、达到95%、清零、1.2亿元、6月底前完成"


def read(raw: object, measure: str) -> Target:
    """The target a catalogue cell states (see the module doc)."""
    if raw is None or str(raw).strip() == "":
        return Target(None)
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return _checked(float(raw), _money(measure, ""), measure)
    text = re.sub(r"\s+", "", str(raw))
    if _CLEAR.match(text):
        return Target(0.0, "清零")  # down to zero: the figure is what is left
    if _MILESTONE.match(text):
        return Target(None, "节点")
    kind = "达到" if _REACH.search(text) else "以内" if _WITHIN.search(text) else "累计"
    core = _WITHIN.sub("", _REACH.sub("", _AT_LEAST.sub("", text)))
    percent = core.endswith("%") or measure.strip() == "%"
    parsed = parse_number(core, measure=(measure or None) if not core.endswith("%") else None)
    if not parsed.ok or parsed.value is None:
        return Target(None, problem=f"目标值“{raw}”无法读取{('：' + parsed.message) if parsed.message else ''}",
                      hint=_HINT)
    kind = _money(measure, text) or kind
    return _checked(float(parsed.value), kind, "%" if percent and not measure else "")


def _money(measure: str, text: str) -> str:
    return "金额" if "元" in measure or "元" in text else ""


def _checked(value: float, kind: str, measure: str) -> Target:
    if value <= 0:
        return Target(None, problem=f"目标值应大于 0，现为 {value:g}",
                      hint="没有数量目标的指标请留空或写“形象进度”；要清零的写“清零”")
    return Target(value, kind or "累计", measure)
