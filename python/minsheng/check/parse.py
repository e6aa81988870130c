"""Read what clerks type into cells: leniently, explicitly, never silently.

Every parser returns a ``Parsed``: the raw cell beside the value read from it.
What can be read with certainty becomes a value; what cannot is a problem (a
stable code, a Chinese message and hint), never a zero. Whenever leniency was
applied (``1.2万`` is 12000, ``80`` in a progress cell is 80 %) ``note`` says so.

``kind`` is what the value is: ``number``, ``date`` or ``text`` when read;
``blank``, ``none-marker`` (无, —, /…) and ``error`` (#DIV/0!…) on their own.
When a cell cannot be read, ``kind`` says what it held: ``number`` or ``date``
for such cells, ``text`` for anything else.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from decimal import Decimal
from functools import wraps
from numbers import Real
from typing import NamedTuple

import cn2an

from minsheng.model.book import INVISIBLE


class Parsed(NamedTuple):
    raw: object
    value: object
    kind: str
    problem: str | None = None
    message: str | None = None
    hint: str | None = None
    note: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


EXCEL_ERRORS = frozenset({"#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!",
                          "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#GETTING_DATA"})
NONE_MARKERS = frozenset({"无", "没有", "暂无", "无问题", "暂无问题", "没有问题", "无此项", "不涉及", "不适用",
                          "N/A", "NA", "NONE", "NULL"})
_DASHES = re.compile(r"[-‐‑‒–—―─/\\]+")  # —, --, /, ／ … (full-width forms arrive as ASCII after NFKC)

# Numbers
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

# Dates
DATE_WINDOW_YEARS = 10  # a date further than this from the reporting year is a typo
_DATE_HINT = "请填写完整日期，如 {year}-03-05 或 {year}年3月5日"
_CLOCK = re.compile(r"[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$")  # 2024-03-05 00:00:00, as exported
_DATE_FORMS = (  # (pattern, groups for year, month, day; None: the reporting year)
    (re.compile(r"(\d{4})([./-])(\d{1,2})\2(\d{1,2})"), (1, 3, 4)),
    (re.compile(r"(\d{4}) ?年 ?(\d{1,2}) ?月 ?(\d{1,2}) ?[日号]?"), (1, 2, 3)),
    (re.compile(r"(\d{1,2}) ?月 ?(\d{1,2}) ?[日号]?"), (None, 1, 2)),
    (re.compile(r"(\d{4})(\d{2})(\d{2})"), (1, 2, 3)),
)


_SPACES = re.compile(r"\s+")


class _Fail(Exception):
    def __init__(self, code: str, message: str, hint: str | None = None):
        super().__init__(code)
        self.code, self.message, self.hint = code, message, hint


def _clean(text: str) -> str:
    """Full-width to half-width (NFKC), invisible characters out, whitespace trimmed and collapsed."""
    text = INVISIBLE.sub("", unicodedata.normalize("NFKC", text)).replace("\u2212", "-")
    return _SPACES.sub(" ", text).strip()


def _kind_of(raw: object) -> str:
    if isinstance(raw, Real) and not isinstance(raw, bool):
        return "number"
    return "date" if isinstance(raw, (dt.date, dt.time)) else "text"


def _fmt(n: Decimal | float | int) -> str:
    if isinstance(n, int):
        return str(n)
    return format(Decimal(repr(n)) if isinstance(n, float) else n.normalize(), "f").removesuffix(".0")


def _brief(raw: object) -> str:
    shown = repr(raw)
    return shown if len(shown) <= 30 else shown[:29] + "…"


def _special(raw: object) -> Parsed | None:
    """Blank, none-marker and Excel error values read alike in every kind of cell."""
    if raw is None:
        return Parsed(raw, None, "blank")
    if not isinstance(raw, str):
        return None
    text = _clean(raw)
    if not text:
        return Parsed(raw, None, "blank")
    if text.upper() in EXCEL_ERRORS:
        return Parsed(raw, None, "error", "excel-error", f"单元格显示错误值 {text}，通常是公式出错或引用失效",
                      "请检查公式，或删除公式直接填写数值")
    if text.upper().rstrip("。.") in NONE_MARKERS or _DASHES.fullmatch(text):  # 无。 as often as 无
        return Parsed(raw, None, "none-marker")
    return None


# ---------------------------------------------------------------- reading a value once

_MEMO_LIMIT = 50_000


def _memo(parser):
    """The parsers are pure: a cell value read once is not read again (the 校验 rules and the
    consolidator read the same cells). Only values whose equality means sameness are kept: exact
    ``str``, ``int`` and nonzero finite ``float`` (0.0 equals -0.0, NaN equals nothing), and None.
    ``raw`` is always the object passed in."""
    memo: dict = {}

    @wraps(parser)
    def parse(raw: object, **options) -> Parsed:
        kind = type(raw)
        if not (raw is None or kind is str or kind is int or (kind is float and raw and math.isfinite(raw))):
            return parser(raw, **options)
        key = (kind, raw, *options.items())
        found = memo.get(key)
        if found is None:
            if len(memo) >= _MEMO_LIMIT:
                memo.clear()
            found = memo[key] = parser(raw, **options)
        return found if found.raw is raw else Parsed(raw, *found[1:])  # the very object the clerk's cell gave

    return parse


# ---------------------------------------------------------------- numbers

@_memo
def parse_number(raw: object, *, measure: str | None = None, percent: bool = False) -> Parsed:
    """A number in the indicator's ``measure``; with ``percent`` a fraction (80 % is 0.8).

    A bare number is in ``measure``. A measure word typed after it must be ``measure``,
    a synonym (km for 公里) or a multiple of the same word (万元 for 元, 平方米 for
    万平方米, converted with a note); 万/千/百/亿 alone multiply the measure's base word,
    so ``2000万`` is 20000000 元 but 2000 万元. Without ``measure`` common words pass.
    """
    special = _special(raw)
    if special is not None:
        return special
    target = _clean(measure) if measure else ""
    if percent:
        hint = "请填写百分比，如 80%"
    else:
        hint = f"请只填写数字（单位：{target}），如 1200" if target else "请只填写数字，如 1200"
    notes: list[str] = []
    try:
        n = _number_text(_clean(raw), target, percent, notes) if isinstance(raw, str) else _number_cell(raw)
        if percent and not isinstance(raw, str):
            n = _as_fraction(n, "", notes)
        value = float(n)
        if not math.isfinite(value):
            raise _Fail("not-a-number", "数值超出可处理的范围")
    except _Fail as fail:
        return Parsed(raw, None, _kind_of(raw), fail.code, fail.message, fail.hint or hint)
    return Parsed(raw, value, "number", note="；".join(notes) or None)


def parse_percent(raw: object) -> Parsed:
    """形象进度 as a fraction: ``80%``, ``0.8`` and ``八成`` are 0.8; ``80`` too, with a note."""
    return parse_number(raw, percent=True)


def _number_cell(raw: object) -> Decimal:
    if isinstance(raw, bool):
        raise _Fail("not-a-number", f"这里应填数字，单元格里是逻辑值 {str(raw).upper()}")
    if isinstance(raw, (dt.date, dt.time)):
        raise _Fail("not-a-number", f"这里应填数字，单元格里是日期或时间 {raw}",
                    "Excel 会把“3-5”“3/5”这类输入自动变成日期；请把单元格格式设为“常规”后重新填写数字")
    if not isinstance(raw, Real):
        raise _Fail("not-a-number", f"单元格内容（{_brief(raw)}）无法读作数字")
    try:
        number = Decimal(raw) if isinstance(raw, int) else Decimal(repr(float(raw)))
    except OverflowError:
        raise _Fail("not-a-number", "数值超出可处理的范围") from None
    if not number.is_finite():
        raise _Fail("not-a-number", f"单元格里的数值无效（{raw}）")
    return number


def _number_text(text: str, target: str, percent: bool, notes: list[str]) -> Decimal:
    shown = text
    if _VAGUE.search(text):
        raise _Fail("not-a-number", f"“{shown}”是模糊的说法，不是确切的数")
    if _RANGE.search(text):
        raise _Fail("ambiguous-number", f"“{shown}”像是一个范围，不是一个确定的数")
    if (keep := _KEEP_PREFIX.match(text)) and len(text) > keep.end():
        notes.append(f"已去掉“{keep[1]}”")
        text = text[keep.end():].lstrip()
    if _APPROX.search(text):
        raise _Fail("ambiguous-number", f"“{shown}”是约数，不是确切的数", "请填写确切的数字，如 1200")
    if text == "一":
        raise _Fail("ambiguous-number", "“一”可能是数字 1，也可能是想填“—”（无）", "数字请填 1；没有请填“无”")
    if percent and (cheng := _CHENG.fullmatch(text)):
        tenths = Decimal(cn2an.cn2an(cheng[1], "smart"))
        notes.append(f"“{text}”按 {_fmt(tenths * 10)}% 读取")
        return tenths / 10
    if text.startswith("百分之"):
        text = text[3:] + "%"
    sign = 1
    if text[:1] in ("-", "+", "负"):
        sign, text = (1 if text[0] == "+" else -1), text[1:].lstrip()
    run = _RUN.match(text)
    if not run or not re.search(f"[{_DIGIT}]", run.group()):
        raise _Fail("not-a-number", f"“{shown}”不是数字")
    head, tail = _split(run.group(), re.sub(r"^\((.*)\)$", r"\1", text[run.end():].strip()), target)
    number, mults = _numeral(head, shown, notes)
    word = mults + tail  # 1.2万元: 1.2 in 万元
    if not word and target and _canon(target)[1] > 1 and re.search("[万亿]", head):  # 三万五 for 万平方米
        raise _Fail("ambiguous-number", f"“{shown}”与计量单位“{target}”中的“万”无法确定是否重复",
                    f"本指标以“{target}”计，请填写如 3.5")
    if percent:
        if word not in ("", "%"):
            raise _Fail("unknown-measure", f"“{shown}”不是百分比")
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
            raise _Fail("ambiguous-number", f"“{shown}”中的逗号位置不对，无法确定是千分位还是小数点",
                        "请去掉逗号，小数用“.”，如 1200.5")
        if not re.fullmatch(r"\d+\.?\d*|\.\d+", digits.replace(",", "")):
            raise _Fail("not-a-number", f"“{shown}”不是数字")
        return Decimal(digits.replace(",", "")), mults
    if _ADJACENT_CN_DIGITS.search(re.split("[点.]", head)[0]):
        raise _Fail("ambiguous-number", f"“{shown}”中几个数字连写，像“三四百”一样是约数", "请填写确切的数字，如 350")
    try:  # cn2an reads 三千二百, 两千, 一万二 and 1万2千; anything else raises, of several kinds
        number = Decimal(str(cn2an.cn2an(head, "smart")))
    except Exception:
        raise _Fail("not-a-number", f"“{shown}”无法读作数字") from None
    notes.append(f"中文数字“{head}”读作 {_fmt(number)}")
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
        raise _Fail("ambiguous-number", f"“{shown}”里不止一个数", "一个单元格只填一个数字，说明写在“进展情况”里")
    else:
        measure = f"与本指标的计量单位“{target}”不一致" if target else "无法识别"
        raise _Fail("unknown-measure", f"“{shown}”的单位“{word}”{measure}")
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
    notes.append(f"按“{_fmt(number)}%”读取")
    return number / 100


# ---------------------------------------------------------------- dates

@_memo
def parse_date(raw: object, *, year: int, epoch_1904: bool = False) -> Parsed:
    """A date from a date cell, an Excel serial number or text; ``3月5日`` takes the reporting ``year``."""
    special = _special(raw)
    if special is not None:
        return special
    notes: list[str] = []
    try:
        if isinstance(raw, dt.datetime):
            day = raw.date()
            _note_time(raw.time(), notes)
        elif isinstance(raw, dt.date):
            day = raw
        elif isinstance(raw, Real) and not isinstance(raw, bool):
            day = _serial(raw, epoch_1904, notes)
        elif isinstance(raw, str):
            day = _date_text(_clean(raw), year, epoch_1904, notes)
        else:
            raise _Fail("not-a-date", f"单元格内容（{_brief(raw)}）无法读作日期")
        if abs(day.year - year) > DATE_WINDOW_YEARS:
            raise _Fail("date-out-of-range",
                        f"日期 {day:%Y-%m-%d} 与填报年度 {year} 年相差超过 {DATE_WINDOW_YEARS} 年，多半是填错了",
                        f"请核对年份，如 {year}-03-05")
    except _Fail as fail:
        return Parsed(raw, None, _kind_of(raw), fail.code, fail.message, fail.hint or _DATE_HINT.format(year=year))
    return Parsed(raw, day, "date", note="；".join(notes) or None)


def _note_time(time: dt.time, notes: list[str]) -> None:
    if time != dt.time(0):
        notes.append(f"已忽略时间 {time:%H:%M}")


def _serial(number: Real, epoch_1904: bool, notes: list[str]) -> dt.date:
    """An Excel date serial; an integer like 20240305 is read as 2024-03-05."""
    if not math.isfinite(number) or number <= 0:
        raise _Fail("not-a-date", f"{number} 不是有效的日期")
    if number == int(number) and 19000101 <= number <= 29991231:
        text = str(int(number))
        notes.append(f"按“年月日”八位数字 {text} 读取")
        return _date(int(text[:4]), int(text[4:6]), int(text[6:]), text)
    days = int(number)
    if days > (2_957_003 if epoch_1904 else 2_958_465):  # 9999-12-31
        raise _Fail("date-out-of-range", f"{float(number):g} 作为 Excel 日期序号太大")
    if not epoch_1904 and days == 60:
        raise _Fail("not-a-date", "Excel 日期序号 60 是不存在的 1900年2月29日")
    if epoch_1904:
        day = dt.date(1904, 1, 1) + dt.timedelta(days)
    else:  # Excel counts the 1900-02-29 that never was: serials after it are one day ahead
        day = dt.date(1899, 12, 31 if days < 60 else 30) + dt.timedelta(days)
    notes.append(f"按 Excel 日期序号 {_fmt(float(number))} 读取")
    if number != days:
        notes.append("已忽略小数部分（时间）")
    return day


def _date_text(text: str, year: int, epoch_1904: bool, notes: list[str]) -> dt.date:
    if re.fullmatch(r"\d{5}(\.\d+)?", text):  # a serial number kept as text
        return _serial(float(text), epoch_1904, notes)
    day, clock = text, _CLOCK.search(text)
    if clock:
        day = text[:clock.start()]
        try:
            _note_time(dt.time(*(int(part or 0) for part in clock.groups())), notes)
        except ValueError:
            raise _Fail("not-a-date", f"“{text}”中的时间不存在") from None
    for pattern, (y, m, d) in _DATE_FORMS:
        if found := pattern.fullmatch(day):
            if y is None:
                notes.append(f"年份按填报年度 {year} 年补全")
            return _date(int(found[y]) if y else year, int(found[m]), int(found[d]), text)
    raise _Fail("not-a-date", f"“{text}”无法读作日期")


def _date(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise _Fail("not-a-date", f"“{text}”不是真实存在的日期") from None


# ---------------------------------------------------------------- text

# U+FFFE/U+FFFF and lone surrogates, which XML 1.0 cannot carry, and their escapes ``_xFFFE_`` (which calamine
# reads as typed, so a file holding U+FFFE and one holding the typed text ``_xFFFE_`` cannot be told apart)
_NOT_TEXT = re.compile("[\ufffe\uffff\ud800-\udfff]|_x[fF]{3}[eEfF]_")


@_memo
def parse_text(raw: object) -> Parsed:
    """Text as typed, trimmed; 无, —, 无问题… are ``none-marker``; a number or date cell becomes text, with a note."""
    special = _special(raw)
    if special is not None:
        return special
    if isinstance(raw, str):
        if (odd := _NOT_TEXT.search(raw)) is not None:  # no keyboard types these; no workbook can keep them
            shown = odd.group() if len(odd.group()) > 1 else f"U+{ord(odd.group()):04X}"
            return Parsed(raw, None, "text", "not-text", f"含有不是文字的字符 {shown}（多由其他程序写入），无法存入台账",
                          "请删去这段文字后重新输入（不要从其他程序粘贴），保存后重新发送")
        return Parsed(raw, INVISIBLE.sub("", raw).strip(), "text")
    if isinstance(raw, bool):
        return Parsed(raw, str(raw).upper(), "text", note="单元格是逻辑值，按文本读取")
    if isinstance(raw, (dt.date, dt.time)):
        shown = raw.isoformat(sep=" ") if isinstance(raw, dt.datetime) else raw.isoformat()
        return Parsed(raw, shown.removesuffix(" 00:00:00"), "text", note="单元格是日期，按文本读取")
    if isinstance(raw, Real) and math.isfinite(raw):
        return Parsed(raw, _fmt(raw if isinstance(raw, int) else float(raw)), "text", note="单元格是数字，按文本读取")
    return Parsed(raw, None, _kind_of(raw), "not-text", f"单元格内容（{_brief(raw)}）无法读作文字", "请填写文字说明")
