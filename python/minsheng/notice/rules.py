"""Which numbers in an item's text are targets: the judgement rules, in one place.

A number is a target when it is a quantity the county promises for the year: a number with
a measure word (个 处 人 公里 万平方米 …). Not targets: years (2024 年), names (5G),
grades (四级), frequencies and per-household standards (每学期 1 次, 每户不低于12000元),
"其中" parts. A rule that is sure decides silently; one that is not leaves a note for a
person (需核对: a ``Finding`` whose code is declared in ``check.findings.CODES``) naming the
alternatives. Floors (不少于 以上 突破 达到) are the number
itself; ceilings (以内 以下 不超过) and zero are marked. The words are ``notice.targets``'s,
the same the catalogue's 目标值 is read by.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from minsheng.check.findings import Finding, make
from minsheng.notice.targets import CEILING_TAILS, CEILINGS, FLOOR_TAILS, FLOORS, BEFORE, MONTH, REACH

MEASURES = ("万平方米", "平方米", "公里", "人次", "万元", "亿元", "个", "家", "所", "座", "处", "条", "台",
            "部", "户", "名", "人", "期", "亩", "元", "%", "间", "张", "套", "辆", "场", "次", "类", "年", "级")
NOT_COUNTED = {"类", "年", "级", "次"}  # measure words that do not make a yearly target
_ROUGH = re.compile("[一二两三四五六七八九]{2}")  # 三四所, 十五六个: a rough count

def _alt(words: tuple[str, ...]) -> str:
    return "|".join(map(re.escape, words))


_MEASURE = "|".join(map(re.escape, MEASURES))
_NUMBER = re.compile(
    r"(?P<lead>" + _alt(FLOORS + REACH + CEILINGS) + r")?\s*"
    r"(?P<num>\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+(?=(?:万|亿)?(?:" + _MEASURE + r")))"
    r"\s*(?P<mult>万|亿)?\s*(?P<measure>" + _MEASURE + r"|G)?\s*(?P<tail>" + _alt(FLOOR_TAILS + CEILING_TAILS) + r")?"
)
_DEADLINE = re.compile(rf"{MONTH}{BEFORE}|年底前")
_CLAUSE = re.compile(r"[^,，。;；]+")


@dataclass(frozen=True)
class Target:
    value: float
    measure: str
    name: str  # a proposed 指标 name: the words before the number in its clause
    note: Finding | None = None  # a person must decide (需核对): notice-ceiling, -zero-target, -each


@dataclass(frozen=True)
class Reading:
    targets: tuple[Target, ...]
    notes: tuple[Finding, ...]  # numbers left out that a person should look at


def chinese_number(text: str) -> int | None:
    """三 → 3, 十二 → 12, 二十 → 20, 两百 → 200, 一千零五 → 1005 (cn2an, as ``check.parse`` reads
    a clerk's 三千二百); None when not one plain numeral: 百 alone, or digits side by side (三四 is
    "three or four", a rough count, never 34)."""
    import cn2an

    if _ROUGH.search(text):
        return None
    try:
        return int(cn2an.cn2an(text, "normal"))
    except Exception:  # cn2an raises several kinds for what is not a numeral
        return None


def deadline(text: str) -> str:
    """The first deadline the text names ("6月底前", "年底前"), for 完成时限; blank when none.
    Its number is a date, never a target."""
    found = _DEADLINE.search(_tight(text))
    return found.group() if found else ""


def _tight(text: str) -> str:
    """"10 月 底前" as "10月底前": spaces around 月 dropped, nothing else moved."""
    return re.sub(r"(?<=\d)\s+(?=月)", "", re.sub(r"\s*月\s*(?=[底末前中上下以之份])", "月", text or ""))


def read_targets(text: str) -> Reading:
    targets, notes = [], []
    text = _DEADLINE.sub(lambda m: " " * len(m.group()), _tight(text))
    for clause in _CLAUSE.finditer(text):
        part = clause.group()
        for m in _NUMBER.finditer(part):
            _judge(part, m, targets, notes)
    return Reading(tuple(targets), tuple(notes))


def _judge(clause: str, m: re.Match, targets: list, notes: list) -> None:
    raw, measure, before = m.group("num"), m.group("measure") or "", clause[:m.start()]
    shown = m.group().strip()
    value = float(raw) if raw[0].isdigit() else chinese_number(raw)
    if value is None:
        if _ROUGH.search(raw):
            notes.append(make("notice-rough-number", shown=shown))
        return
    if measure == "G" or (raw[0].isdigit() and clause[m.end():m.end() + 1].isascii()
                          and clause[m.end():m.end() + 1].isalpha()):
        return  # a name: 5G
    if measure == "年" and re.fullmatch(r"(19|20)\d\d", raw):
        return  # a year
    if measure == "级" or (not raw[0].isdigit() and measure in NOT_COUNTED):
        return  # a grade (四级), 三类
    if re.search(r"其中[^,，。;；]*$", before):
        notes.append(make("notice-sub-part", shown=shown))
        return
    per = re.search(r"每(?:学期|年|季度|月|周|户|人|村|所)", before)
    if per:
        notes.append(make("notice-per-time", shown=shown, per=per.group()))
        return
    if measure in NOT_COUNTED or not measure:
        notes.append(make("notice-no-measure", shown=shown))
        return
    mult = m.group("mult") or ""
    if measure == "元" and not mult:
        notes.append(make("notice-yuan", shown=shown))
        return
    if mult and measure not in ("平方米", "元"):
        value *= 10000 if mult == "万" else 100000000
        mult = ""
    note = None
    lead, tail = m.group("lead") or "", m.group("tail") or ""
    if lead in CEILINGS or tail in CEILING_TAILS:
        note = make("notice-ceiling", shown=shown)
    elif value == 0:
        note = make("notice-zero-target", shown=shown)
    if re.search(r"各\s*$", before):
        note = make("notice-each", shown=shown, value=f"{value:g}", each=_each(before))
    targets.append(Target(value, mult + measure, _name(before, clause[m.end():]), note))


def _each(before: str) -> str:
    return before.rstrip("各 ").split("新增")[-1] or before


def _name(before: str, after: str) -> str:
    name = re.sub(r"\s+", "", before)
    name = re.sub(rf"({_alt(FLOORS + REACH + CEILINGS)}|约|共|计|各)$", "", name)
    name = re.sub(r"^(实现|实施|推进|完成|组织|为|对|在|新建或|当年)", "", name)
    name = re.sub(r"(为|对|在)$", "", name)
    if not name or name.startswith(("全县", "全市")) and len(name) <= 4:
        name = re.sub(r"\s+", "", after).strip("“”")[:16]
    return name[:24]
