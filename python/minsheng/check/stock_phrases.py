"""套话: stock phrases that do not explain a lagging row, kept as data in one place.

督查 practice reads “继续加快推进，确保按期完成” under 下步措施, or “进度较慢” under 存在问题,
as no explanation at all: it names no cause, no measure, no one responsible and no date.
``stock_only(text)`` says whether a 存在问题 / 下步措施 text is *only* such phrases: every
phrase in ``PHRASES`` and every word in ``FILLER`` taken out, nothing of its own is left
(no number, date, place, person or action). A real explanation that merely contains a
stock phrase (“4月20日前完成宿舍楼主体，确保按期完成”) keeps its own words and is not one.
The rule ``behind_plan_explained`` (``minsheng.check.rules.plan``) reports such a text as
``behind-plan-stock-phrase``; the bulletin shows it as 未说明.
"""

from __future__ import annotations

import re
import unicodedata

_DO = "(?:推进|推动|落实|实施|开展)"
_URGE = "(?:继续|进一步|持续|全力|积极|加快|加大|稳步|扎实|大力|强力|抓紧|加紧|有序)"
_ON_TIME = "(?:按期|按时|如期|按计划|按进度|按要求|按时序|年底前?|年内|全年|早日|尽快|尽早)"
_WORK = "(?:工作|项目|建设|各项工作|任务|目标|全年任务|全年目标|目标任务)"

PHRASES: tuple[str, ...] = (  # regular expressions, matched on the text without spaces, tried in this order
    # 下步措施
    "(?:倒排工期|挂图作战|压实责任|狠抓落实|抓好落实|抓实抓细|高度重视|攻坚克难|查漏补缺|全力以赴)",
    "(?:进一步)?(?:加大|加强|强化)(?:工作|推进|督导|督促|协调|调度)?(?:力度|措施|调度|协调|督导|督促|领导|管理)",
    "(?:加快|加紧)(?:工作|项目|建设|实施|施工)?(?:进度|步伐|节奏)",
    f"(?:确保|力争|争取|保证){_ON_TIME}*(?:完成|达标|见效|完工|交付)?{_WORK}*",  # 确保按期完成任务
    f"{_ON_TIME}+(?:完成|达标|完工){_WORK}*",  # 按期完成
    f"{_URGE}+{_ON_TIME}?{_WORK}*{_DO}?{_WORK}*",  # 继续加快推进, 继续按计划推进, 全力推进工作
    # 存在问题
    "(?:工作|项目|整体)?(?:进度|推进)(?:较|比较|相对|有所|稍)?(?:慢|缓慢|滞后|迟缓|落后)",
    "(?:正在|正)(?:积极|加紧|有序)?(?:推进|实施)中?",
)
FILLER = ("下一步", "下步", "我们", "我局", "我单位", "本单位", "将", "要", "再", "的", "切实", "认真", "全面",
          "不断", "努力", "进一步", "中", "并", "和", "与", "及")
_PUNCTUATION = re.compile(r"[\s,，.。;；、!！:：()（）“”\"'‘’…—\-]+")
_PHRASE = re.compile("|".join(f"(?:{p})" for p in PHRASES))
_FILLER = re.compile("|".join(sorted(map(re.escape, FILLER), key=len, reverse=True)))


def stock_only(text: object) -> bool:
    """True when ``text`` (a 存在问题 / 下步措施 cell, any type) holds at least one stock phrase and
    nothing else of its own: no number, date, place, person or action beyond ``PHRASES`` and ``FILLER``.
    Blank text is not stock (it is 未填写, another finding)."""
    plain = _PUNCTUATION.sub("", unicodedata.normalize("NFKC", str(text or "")))
    if not plain or not _PHRASE.search(plain):
        return False
    return not _FILLER.sub("", _PHRASE.sub("", plain))
