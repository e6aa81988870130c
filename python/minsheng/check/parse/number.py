"""Numbers as clerks type them: ``1.2万``, ``三千二百``, ``5 km``, ``80%``, ``八成``.

``parse_number`` reads a number in the indicator's measure (a multiple of it converted, with a note);
``parse_percent`` a fraction for 形象进度. A vague amount, a range or an approximation is a problem,
never a guess.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from numbers import Real

import cn2an

from minsheng.check.parse.parsed import Fail, Parsed, brief, clean, fmt, kind_of, memo, read_special

_MULT = {"百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_SYNONYMS = {"km": "公里", "KM": "公里", "Km": "公里", "千米": "公里", "m": "米", "m2": "平方米", "M2": "平方米",
             "平米": "平方米", "名": "人", "位": "人", "公斤": "千克", "kg": "千克", "t": "吨"}
_ATOMIC = frozenset({"百分比", "百分点"})  # start with a multiplier character but are no multiple
_COUNTERS = frozenset("所家座处条台辆套间张项盏批期场栋幢只本册口眼棵株部支块片")  # “个” may stand for these
_COMMON = _COUNTERS | {"个", "人", "户", "人次", "户次", "次", "元", "米", "公里", "平方米", "亩", "吨", "克", "千克",
                       "瓦", "天", "床", "%"}
_DIGIT = "0-9零〇一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾"
_RUN = re.compile(f"[{_DIGIT}.,百千万亿佰仟点]+")
_RANGE = re.compile(f"[{_DIGIT}百千万]%?\\s*(?:-|~|–|—|至|到)\\s*[+-]?[{_DIGIT}]")
_VAGUE = re.compile("若干|一些|部分|过半|一半|大半|几")
_APPROX = re.compile(f"^(约|大约|大概|近|将近|接近|超过|超|逾|不到|不足|少于|多于|至少|最多|最少)|"
                     f"[{_DIGIT}百千万亿]\\s*(余|多|来|许)|左右|以上|以下|上下|不等")
_KEEP_PREFIX = re.compile("^(累计完成|累计|共计|总共|一共|合计|总计|共|已完成|完成)")
_ADJACENT_CN_DIGITS = re.compile("[一二两三四五六七八九壹贰叁肆伍陆柒捌玖]{2}")  # 三四百, 十五六: a rough range
_CHENG = re.compile("([一二三四五六七八九十]|10|[1-9])成")


@memo
def parse_number(raw: object, *, measure: str | None = None, percent: bool = False) -> Parsed:
    """A number in the indicator's ``measure``; with ``percent`` a fraction (80 % is 0.8).

    A bare number is in ``measure``. A measure word typed after it must be ``measure``,
    a synonym (km for 公里) or a multiple of the same word (万元 for 元, 平方米 for
    万平方米, converted with a note); 万/千/百/亿 alone multiply the measure's base word,
    so ``2000万`` is 20000000 元 but 2000 万元. Without ``measure`` common words pass.
    """
    special = read_special(raw)
    if special is not None:
        return special
    target = clean(measure) if measure else ""
    if percent:
        hint = "请填写百分比，如 80%"
    else:
        hint = f"请只填写数字（单位：{target}），如 1200" if target else "请只填写数字，如 1200"
    notes: list[str] = []
    try:
        n = _number_text(clean(raw), target, percent, notes) if isinstance(raw, str) else _number_cell(raw)
        if percent and not isinstance(raw, str):
            n = _as_fraction(n, "", notes)
        value = float(n)
        if not math.isfinite(value):
            raise Fail("not-a-number", "数值超出可处理的范围")
    except Fail as fail:
        return Parsed(raw, None, kind_of(raw), fail.code, fail.message, fail.hint or hint)
    return Parsed(raw, value, "number", note="；".join(notes) or None)


def parse_percent(raw: object) -> Parsed:
    """形象进度 as a fraction: ``80%``, ``0.8`` and ``八成`` are 0.8; ``80`` too, with a note."""
    return parse_number(raw, percent=True)


def _number_cell(raw: object) -> Decimal:
    if isinstance(raw, bool):
        raise Fail("not-a-number", f"这里应填数字，单元格里是逻辑值 {str(raw).upper()}")
    if isinstance(raw, (dt.date, dt.time)):
        raise Fail("not-a-number", f"这里应填数字，单元格里是日期或时间 {raw}",
                    "Excel 会把“3-5”“3/5”这类输入自动变成日期；请把单元格格式设为“常规”后重新填写数字")
    if not isinstance(raw, Real):
        raise Fail("not-a-number", f"单元格内容（{brief(raw)}）无法读作数字")
    try:
        number = Decimal(raw) if isinstance(raw, int) else Decimal(repr(float(raw)))
    except OverflowError:
        raise Fail("not-a-number", "数值超出可处理的范围") from None
    if not number.is_finite():
        raise Fail("not-a-number", f"单元格里的数值无效（{raw}）")
    return number


def _number_text(text: str, target: str, percent: bool, notes: list[str]) -> Decimal:
    shown = text
    if _VAGUE.search(text):
        raise Fail("not-a-number", f"“{shown}”是模糊的说法，不是确切的数")
    if _RANGE.search(text):
        raise Fail("ambiguous-number", f"“{shown}”像是一个范围，不是一个确定的数")
    if (keep := _KEEP_PREFIX.match(text)) and len(text) > keep.end():
        notes.append(f"已去掉“{keep[1]}”")
        text = text[keep.end():].lstrip()
    if _APPROX.search(text):
        raise Fail("ambiguous-number", f"“{shown}”是约数，不是确切的数", "请填写确切的数字，如 1200")
    if text == "一":
        raise Fail("ambiguous-number", "“一”可能是数字 1，也可能是想填“—”（无）", "数字请填 1；没有请填“无”")
    if percent and (cheng := _CHENG.fullmatch(text)):
        tenths = Decimal(cn2an.cn2an(cheng[1], "smart"))
        notes.append(f"“{text}”按 {fmt(tenths * 10)}% 读取")
        return tenths / 10
    if text.startswith("百分之"):
        text = text[3:] + "%"
    sign = 1
    if text[:1] in ("-", "+", "负"):
        sign, text = (1 if text[0] == "+" else -1), text[1:].lstrip()
    run = _RUN.match(text)
    if not run or not re.search(f"[{_DIGIT}]", run.group()):
        raise Fail("not-a-number", f"“{shown}”不是数字")
    head, tail = _split(run.group(), re.sub(r"^\((.*)\)$", r"\1", text[run.end():].strip()), target)
    number, mults = _numeral(head, shown, notes)
    word = mults + tail  # 1.2万元: 1.2 in 万元
    if not word and target and _canon(target)[1] > 1 and re.search("[万亿]", head):  # 三万五 for 万平方米
        raise Fail("ambiguous-number", f"“{shown}”与计量单位“{target}”中的“万”无法确定是否重复",
                    f"本指标以“{target}”计，请填写如 3.5")
    if percent:
        if word not in ("", "%"):
            raise Fail("unknown-measure", f"“{shown}”不是百分比")
        return _as_fraction(sign * number, word, notes)
    return sign * number * _factor(word, target, shown, notes)


def _split(head: str, tail: str, target: str) -> tuple[str, str]:
    """Prefer the reading whose tail is the indicator's own measure: 5|千克, 3.5|万平方米."""
    if target:
        for k in range(1, len(head) - len(head.rstrip("百千万亿")) + 1):
            if head[:-k] and _canon(head[-k:] + tail) == _canon(target):
                return head[:-k], head[-k:] + tail
    return head, tail


def _numeral(head: str, shown: str, notes: list[str]) -> tuple[Decimal, str]:
    """The number at the start of a cell, and the 万/千/百/亿 typed after Arabic digits."""
    arabic = re.fullmatch(r"([0-9.,]+)([百千万亿]*)", head)
    if arabic:
        digits, mults = arabic.groups()
        if "," in digits and not re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", digits):
            raise Fail("ambiguous-number", f"“{shown}”中的逗号位置不对，无法确定是千分位还是小数点",
                        "请去掉逗号，小数用“.”，如 1200.5")
        if not re.fullmatch(r"\d+\.?\d*|\.\d+", digits.replace(",", "")):
            raise Fail("not-a-number", f"“{shown}”不是数字")
        return Decimal(digits.replace(",", "")), mults
    if _ADJACENT_CN_DIGITS.search(re.split("[点.]", head)[0]):
        raise Fail("ambiguous-number", f"“{shown}”中几个数字连写，像“三四百”一样是约数", "请填写确切的数字，如 350")
    try:  # cn2an reads 三千二百, 两千, 一万二 and 1万2千; anything else raises, of several kinds
        number = Decimal(str(cn2an.cn2an(head, "smart")))
    except Exception:
        raise Fail("not-a-number", f"“{shown}”无法读作数字") from None
    notes.append(f"中文数字“{head}”读作 {fmt(number)}")
    return number, ""


def _canon(word: str) -> tuple[str, int]:
    """A measure word as (base word, multiple): 万元 is (元, 10000), km is (公里, 1), 万 is ('', 10000)."""
    word, factor = _SYNONYMS.get(word, word), 1
    while word[:1] in _MULT and word not in _ATOMIC:
        factor *= _MULT[word[0]]
        word = _SYNONYMS.get(word[1:], word[1:])
    return word, factor


def _factor(word: str, target: str, shown: str, notes: list[str]) -> Decimal:
    """What to multiply the number typed before ``word`` by to have it in the indicator's measure."""
    if not word:
        return Decimal(1)  # a bare number is in the indicator's own measure
    base, multiple = _canon(word)
    into_base, into_multiple = _canon(target) if target else (base if base in _COMMON else None, 1)
    if base in ("", into_base):
        factor = Decimal(multiple) / into_multiple
    elif base == "个" and target in _COUNTERS:
        factor = Decimal(multiple)
    elif re.search(r"\d", word):
        raise Fail("ambiguous-number", f"“{shown}”里不止一个数", "一个单元格只填一个数字，说明写在“进展情况”里")
    else:
        measure = f"与本指标的计量单位“{target}”不一致" if target else "无法识别"
        raise Fail("unknown-measure", f"“{shown}”的单位“{word}”{measure}")
    if factor != 1:
        into = target or into_base
        notes.append(f"按“{word}”换算" + (f"为“{into}”" if into and (base or into_multiple > 1) else ""))
    elif base and target and word != target:
        notes.append(f"“{word}”按“{target}”读取")
    return factor


def _as_fraction(number: Decimal, tail: str, notes: list[str]) -> Decimal:
    if tail == "%":
        return number / 100
    if abs(number) <= 1:
        return number  # as Excel keeps a cell formatted as a percentage
    notes.append(f"按“{fmt(number)}%”读取")
    return number / 100

