"""parse: what clerks type is read with certainty, or reported, never guessed."""

from __future__ import annotations

import datetime as dt
import math
import re

import cn2an
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from minsheng.check.parse import (
    DATE_WINDOW_YEARS,
    EXCEL_ERRORS,
    Parsed,
    parse_date,
    parse_number,
    parse_percent,
    parse_text,
)
from minsheng.model.book import is_blank

KINDS = {"number", "date", "text", "blank", "none-marker", "error"}
CJK = re.compile("[\u4e00-\u9fff]")
YEAR = 2024
FULL_WIDTH = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})


def flat(p: Parsed) -> tuple:
    return (p.kind, p.value, p.problem)


# ---------------------------------------------------------------- numbers: one row per way clerks type them

def case(raw, measure, kind, value, problem=None, note=None, *, id):
    """note: the whole note, so a reviewer reads what the clerk will; None: there must be none."""
    return pytest.param(raw, measure, kind, value, problem, note, id=id)


NUMBERS = [
    # cells holding numbers
    case(3000, None, "number", 3000.0, id="int-cell"),
    case(1200.5, None, "number", 1200.5, id="float-cell"),
    case(0, "人", "number", 0.0, id="zero-cell"),
    case(-5, "人", "number", -5.0, id="negative-cell"),
    case(1.2, "万元", "number", 1.2, id="cell-in-own-measure"),
    # numbers stored as text, full-width, thousands separators
    case("3000", None, "number", 3000.0, id="text"),
    case(" 3000\u3000", None, "number", 3000.0, id="text-padded"),
    case("３０００", None, "number", 3000.0, id="full-width"),
    case("１，２００．５", None, "number", 1200.5, id="full-width-punctuation"),
    case("1,200", None, "number", 1200.0, id="thousands"),
    case("1，200", None, "number", 1200.0, id="thousands-chinese-comma"),
    case("1,234,567.89", None, "number", 1234567.89, id="thousands-many"),
    case("-1,200", None, "number", -1200.0, id="negative-text"),
    case("\u22125", None, "number", -5.0, id="minus-sign"),
    case("+5", None, "number", 5.0, id="plus-sign"),
    case(".5", None, "number", 0.5, id="leading-dot"),
    case("1,20", None, "text", None, "ambiguous-number", id="comma-misplaced"),
    case("12,00", None, "text", None, "ambiguous-number", id="comma-european-decimal"),
    case("1.2.3", None, "text", None, "not-a-number", id="two-dots"),
    # 万/千/百/亿 multipliers
    case("1.2万", None, "number", 12000.0, note="按“万”换算", id="wan"),
    case("3千", None, "number", 3000.0, note="按“千”换算", id="qian"),
    case("5百", "人", "number", 500.0, note="按“百”换算", id="bai"),
    case("1.2万", "人", "number", 12000.0, note="按“万”换算", id="wan-people"),
    case("0.2亿", "万元", "number", 2000.0, note="按“亿”换算为“万元”", id="yi-into-wanyuan"),
    case("3千", "万元", "number", 0.3, note="按“千”换算为“万元”", id="qian-into-wanyuan"),
    case("1,200万", "元", "number", 12_000_000.0, note="按“万”换算", id="thousands-and-wan"),
    # 2000万: the measure decides
    case("2000万", "元", "number", 20_000_000.0, note="按“万”换算", id="2000wan-yuan"),
    case("2000万", "人", "number", 20_000_000.0, note="按“万”换算", id="2000wan-people"),
    case("2000万", "万元", "number", 2000.0, id="2000wan-wanyuan"),
    case("2000万元", "元", "number", 20_000_000.0, note="按“万元”换算为“元”", id="2000wanyuan-yuan"),
    case("2000万元", "万元", "number", 2000.0, id="2000wanyuan-wanyuan"),
    case("2000万元", "人", "text", None, "unknown-measure", id="2000wanyuan-people"),
    # a measure that itself holds 万
    case("3.5万平方米", "万平方米", "number", 3.5, id="wan-in-measure"),
    case("3.5万", "万平方米", "number", 3.5, id="wan-echoes-measure"),
    case("35000平方米", "万平方米", "number", 3.5, note="按“平方米”换算为“万平方米”", id="base-into-wan-measure"),
    case("3.5万平方米", "平方米", "number", 35000.0, note="按“万平方米”换算为“平方米”", id="wan-measure-into-base"),
    case("3.5万㎡", "万平方米", "number", 3.5, note="“万m2”按“万平方米”读取", id="wan-square-metre-sign"),
    case("10", "万平方米", "number", 10.0, id="bare-in-wan-measure"),
    case("三万五", "万平方米", "text", None, "ambiguous-number", id="chinese-wan-in-wan-measure"),
    case("三万五千平方米", "万平方米", "number", 3.5, note="中文数字“三万五千”读作 35000；按“平方米”换算为“万平方米”",
         id="chinese-base-into-wan-measure"),
    # measure words
    case("300人", "人", "number", 300.0, id="people"),
    case("300 人", "人", "number", 300.0, id="space-before-measure"),
    case("150户", "户", "number", 150.0, id="households"),
    case("150（户）", "户", "number", 150.0, id="measure-in-brackets"),
    case("10个", "个", "number", 10.0, id="ge"),
    case("10个", "处", "number", 10.0, note="“个”按“处”读取", id="ge-for-counter"),
    case("10个", "公里", "text", None, "unknown-measure", id="ge-for-length"),
    case("70公里", "公里", "number", 70.0, id="km-chinese"),
    case("70km", "公里", "number", 70.0, note="“km”按“公里”读取", id="km"),
    case("７０ｋｍ", "公里", "number", 70.0, note="“km”按“公里”读取", id="km-full-width"),
    case("70千米", "公里", "number", 70.0, note="“千米”按“公里”读取", id="qianmi"),
    case("五千米", "公里", "number", 5.0, note="中文数字“五”读作 5；“千米”按“公里”读取", id="cn-qianmi"),
    case("5千克", "千克", "number", 5.0, id="measure-starting-with-qian"),
    case("240人", "名", "number", 240.0, note="“人”按“名”读取", id="ren-for-ming"),
    case("400", "台", "number", 400.0, id="bare-number-with-measure"),
    case("300人", None, "number", 300.0, id="common-measure-without-indicator"),
    case("1.2万元", None, "number", 12000.0, note="按“万元”换算为“元”", id="wanyuan-without-indicator"),
    case("70米", "公里", "text", None, "unknown-measure", id="metre-for-km"),
    case("70000米", "公里", "text", None, "unknown-measure", id="metres-for-km"),
    case("300户", "人", "text", None, "unknown-measure", id="households-for-people"),
    case("300人次", "人", "text", None, "unknown-measure", id="person-times-for-people"),
    case("300abc", None, "text", None, "unknown-measure", id="unknown-word"),
    case("300床位", "张", "text", None, "unknown-measure", id="other-word"),
    # percent strings in a number field
    case("85%", "%", "number", 85.0, id="percent-measure"),
    case("８５％", "％", "number", 85.0, id="percent-full-width"),
    case("85", "%", "number", 85.0, id="percent-measure-bare"),
    case("85%", "人", "text", None, "unknown-measure", id="percent-for-people"),
    # Chinese numerals (cn2an)
    case("三千二百", None, "number", 3200.0, note="中文数字“三千二百”读作 3200", id="cn-3200"),
    case("两千", None, "number", 2000.0, note="中文数字“两千”读作 2000", id="cn-liang"),
    case("一万二", None, "number", 12000.0, note="中文数字“一万二”读作 12000", id="cn-spoken"),
    case("十五", None, "number", 15.0, note="中文数字“十五”读作 15", id="cn-15"),
    case("一百零五", "人", "number", 105.0, note="中文数字“一百零五”读作 105", id="cn-zero"),
    case("三点五", None, "number", 3.5, note="中文数字“三点五”读作 3.5", id="cn-decimal"),
    case("叁仟贰佰", None, "number", 3200.0, note="中文数字“叁仟贰佰”读作 3200", id="cn-financial"),
    case("三千二百人", "人", "number", 3200.0, note="中文数字“三千二百”读作 3200", id="cn-with-measure"),
    case("两千万元", "万元", "number", 2000.0, note="中文数字“两千”读作 2000", id="cn-wanyuan"),
    case("负五", None, "number", -5.0, note="中文数字“五”读作 5", id="cn-negative"),
    case("1万2千", None, "number", 12000.0, note="中文数字“1万2千”读作 12000", id="mixed"),
    case("三四百", None, "text", None, "ambiguous-number", id="cn-rough-range"),
    case("十五六", None, "text", None, "ambiguous-number", id="cn-rough-range-2"),
    case("二〇二四", None, "text", None, "ambiguous-number", id="cn-digit-by-digit"),
    case("一", None, "text", None, "ambiguous-number", id="yi-or-dash"),
    case("百人", None, "text", None, "not-a-number", id="no-digit"),
    # leading words
    case("累计3000人", "人", "number", 3000.0, note="已去掉“累计”", id="leijì"),
    case("共300户", "户", "number", 300.0, note="已去掉“共”", id="gong"),
    case("合计1,200", None, "number", 1200.0, note="已去掉“合计”", id="heji"),
    case("约3000", None, "text", None, "ambiguous-number", id="yue"),
    case("大约3000人", "人", "text", None, "ambiguous-number", id="dayue"),
    case("累计约3000", None, "text", None, "ambiguous-number", id="leiji-yue"),
    case("近3000", None, "text", None, "ambiguous-number", id="jin"),
    case("3000余人", "人", "text", None, "ambiguous-number", id="yu"),
    case("3000多", None, "text", None, "ambiguous-number", id="duo"),
    case("一万多", None, "text", None, "ambiguous-number", id="cn-duo"),
    case("3000左右", None, "text", None, "ambiguous-number", id="zuoyou"),
    case("3000以上", None, "text", None, "ambiguous-number", id="yishang"),
    # ranges and vague text
    case("1000-2000", None, "text", None, "ambiguous-number", id="range"),
    case("1000～2000", None, "text", None, "ambiguous-number", id="range-tilde"),
    case("1000至2000人", "人", "text", None, "ambiguous-number", id="range-zhi"),
    case("一千到两千", None, "text", None, "ambiguous-number", id="range-cn"),
    case("若干", None, "text", None, "not-a-number", id="ruogan"),
    case("大约一半", None, "text", None, "not-a-number", id="half"),
    case("几十", None, "text", None, "not-a-number", id="jishi"),
    case("完成", None, "text", None, "not-a-number", id="word"),
    case("abc", None, "text", None, "not-a-number", id="latin"),
    case("nan", None, "text", None, "not-a-number", id="nan-text"),
    case("1 200", None, "text", None, "ambiguous-number", id="space-inside"),
    case("300人（其中150户）", "人", "text", None, "ambiguous-number", id="two-numbers"),
    case("2024-03-05", None, "text", None, "ambiguous-number", id="date-text"),
    # blank, none-markers, Excel errors
    case(None, "人", "blank", None, id="none"),
    case("", "人", "blank", None, id="empty"),
    case("  \u3000\u200b", "人", "blank", None, id="whitespace"),
    case("无", "人", "none-marker", None, id="wu"),
    case("暂无", "人", "none-marker", None, id="zanwu"),
    case("—", "人", "none-marker", None, id="em-dash"),
    case("——", "人", "none-marker", None, id="double-em-dash"),
    case("-", "人", "none-marker", None, id="hyphen"),
    case("/", "人", "none-marker", None, id="slash"),
    case("／", "人", "none-marker", None, id="full-width-slash"),
    case("N/A", "人", "none-marker", None, id="n-a"),
    case("#n/a", "人", "error", None, "excel-error", id="excel-error-lower-case"),
    # other cells
    case(True, None, "text", None, "not-a-number", id="bool-true"),
    case(False, None, "text", None, "not-a-number", id="bool-false"),
    case(float("nan"), None, "number", None, "not-a-number", id="nan"),
    case(float("inf"), None, "number", None, "not-a-number", id="inf"),
    case(float("-inf"), None, "number", None, "not-a-number", id="-inf"),
    case(10**400, None, "number", None, "not-a-number", id="huge-int"),
    case("1" + "0" * 400, None, "text", None, "not-a-number", id="huge-text"),
    case(dt.date(2024, 3, 5), None, "date", None, "not-a-number", id="date-cell"),
    case(dt.datetime(2024, 3, 5), None, "date", None, "not-a-number", id="datetime-cell"),
    case([1, 2], None, "text", None, "not-a-number", id="list"),
]


@pytest.mark.parametrize("raw, measure, kind, value, problem, note", NUMBERS)
def test_parse_number(raw, measure, kind, value, problem, note):
    p = parse_number(raw, measure=measure)
    assert flat(p) == (kind, value, problem)
    assert p.raw is raw
    assert p.note == note


@pytest.mark.parametrize("error", sorted({"#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!"}))
def test_excel_errors(error):
    for parse in (parse_number, parse_percent, parse_text, lambda r: parse_date(r, year=YEAR)):
        p = parse(error)
        assert (p.kind, p.value, p.problem) == ("error", None, "excel-error")
        assert error in p.message


def test_values_are_floats():
    assert type(parse_number(3000).value) is float
    assert type(parse_number("三千").value) is float


def test_messages_say_what_and_how():
    p = parse_number("70米", measure="公里")
    assert "米" in p.message and "公里" in p.message
    assert "公里" in p.hint
    assert "80%" in parse_percent("若干").hint
    assert "2024-03-05" in parse_date("2024.2.30", year=YEAR).hint
    assert "nan" in parse_number(float("nan")).message


# ---------------------------------------------------------------- 形象进度

PERCENTS = [
    case(0.8, None, "number", 0.8, id="fraction-cell"),
    case(1, None, "number", 1.0, id="one-is-100-percent"),
    case(0, None, "number", 0.0, id="zero"),
    case(80, None, "number", 0.8, note="按“80%”读取", id="points-cell"),
    case(150, None, "number", 1.5, note="按“150%”读取", id="over-100-kept-for-rules"),
    case(-20, None, "number", -0.2, note="按“-20%”读取", id="negative-kept-for-rules"),
    case("80", None, "number", 0.8, note="按“80%”读取", id="points-text"),
    case("0.85", None, "number", 0.85, id="fraction-text"),
    case("80%", None, "number", 0.8, id="percent"),
    case("８５％", None, "number", 0.85, id="percent-full-width"),
    case("12.5%", None, "number", 0.125, id="percent-decimal"),
    case("-20%", None, "number", -0.2, id="negative-percent-kept-for-rules"),
    case("完成80%", None, "number", 0.8, note="已去掉“完成”", id="wancheng"),
    case("八成", None, "number", 0.8, note="“八成”按 80% 读取", id="bacheng"),
    case("十成", None, "number", 1.0, note="“十成”按 100% 读取", id="shicheng"),
    case("百分之八十", None, "number", 0.8, note="中文数字“八十”读作 80", id="baifenzhi"),
    case("80人", None, "text", None, "unknown-measure", id="measure-word"),
    case("1万%", None, "text", None, "unknown-measure", id="multiplier"),
    case("约80%", None, "text", None, "ambiguous-number", id="yue"),
    case("80%以上", None, "text", None, "ambiguous-number", id="yishang"),
    case("60%-70%", None, "text", None, "ambiguous-number", id="range"),
    case("一半", None, "text", None, "not-a-number", id="half"),
    case("已完成", None, "text", None, "not-a-number", id="word"),
    case("", None, "blank", None, id="blank"),
    case("—", None, "none-marker", None, id="dash"),
    case(True, None, "text", None, "not-a-number", id="bool"),
]


@pytest.mark.parametrize("raw, measure, kind, value, problem, note", PERCENTS)
def test_parse_percent(raw, measure, kind, value, problem, note):
    p = parse_percent(raw)
    assert flat(p) == (kind, value, problem)
    assert p.note == note


# ---------------------------------------------------------------- dates

DATES = [
    case(dt.date(2024, 3, 5), None, "date", dt.date(2024, 3, 5), id="date-cell"),
    case(dt.datetime(2024, 3, 5), None, "date", dt.date(2024, 3, 5), id="datetime-cell"),
    case(dt.datetime(2024, 3, 5, 10, 30), None, "date", dt.date(2024, 3, 5), note="已忽略时间 10:30", id="with-time"),
    case(45356, None, "date", dt.date(2024, 3, 5), note="按 Excel 日期序号 45356 读取", id="serial"),
    case(45356.75, None, "date", dt.date(2024, 3, 5), note="按 Excel 日期序号 45356.75 读取；已忽略小数部分（时间）",
         id="serial-with-time"),
    case(61, None, "number", None, "date-out-of-range", id="serial-1900-03-01"),
    case(60, None, "number", None, "not-a-date", id="serial-1900-02-29"),
    case(0, None, "number", None, "not-a-date", id="serial-zero"),
    case(-1, None, "number", None, "not-a-date", id="serial-negative"),
    case(3.5, None, "number", None, "date-out-of-range", id="serial-small"),
    case(9_999_999, None, "number", None, "date-out-of-range", id="serial-huge"),
    case(float("nan"), None, "number", None, "not-a-date", id="nan"),
    case(20240305, None, "date", dt.date(2024, 3, 5), note="按“年月日”八位数字 20240305 读取", id="yyyymmdd-cell"),
    case(20240230, None, "number", None, "not-a-date", id="yyyymmdd-cell-impossible"),
    case("2024.3.5", None, "date", dt.date(2024, 3, 5), id="dots"),
    case("2024-03-05", None, "date", dt.date(2024, 3, 5), id="iso"),
    case("2024/3/5", None, "date", dt.date(2024, 3, 5), id="slashes"),
    case("2024年3月5日", None, "date", dt.date(2024, 3, 5), id="chinese"),
    case("2024年3月5号", None, "date", dt.date(2024, 3, 5), id="chinese-hao"),
    case("２０２４年３月５日", None, "date", dt.date(2024, 3, 5), id="chinese-full-width"),
    case("3月5日", None, "date", dt.date(2024, 3, 5), note="年份按填报年度 2024 年补全", id="month-day"),
    case("20240305", None, "date", dt.date(2024, 3, 5), id="yyyymmdd"),
    case("2024-03-05 00:00:00", None, "date", dt.date(2024, 3, 5), id="exported"),
    case("45356", None, "date", dt.date(2024, 3, 5), note="按 Excel 日期序号 45356 读取", id="serial-as-text"),
    case("2024.2.30", None, "text", None, "not-a-date", id="impossible"),
    case("2023.2.29", None, "text", None, "not-a-date", id="not-a-leap-year"),
    case("2024-13-01", None, "text", None, "not-a-date", id="month-13"),
    case("2024-3/5", None, "text", None, "not-a-date", id="mixed-separators"),
    case("2024年3月", None, "text", None, "not-a-date", id="month-only"),
    case("24.3.5", None, "text", None, "not-a-date", id="two-digit-year"),
    case("3/5/2024", None, "text", None, "not-a-date", id="day-month-order-unknown"),
    case("三月五日", None, "text", None, "not-a-date", id="chinese-numerals"),
    case("2204-03-05", None, "text", None, "date-out-of-range", id="typo-year"),
    case(dt.date(1990, 1, 1), None, "date", None, "date-out-of-range", id="old-date-cell"),
    case(True, None, "text", None, "not-a-date", id="bool"),
    case(dt.time(10), None, "date", None, "not-a-date", id="time-cell"),
    case(None, None, "blank", None, id="blank"),
    case("无", None, "none-marker", None, id="marker"),
]


@pytest.mark.parametrize("raw, measure, kind, value, problem, note", DATES)
def test_parse_date(raw, measure, kind, value, problem, note):
    p = parse_date(raw, year=YEAR)
    assert flat(p) == (kind, value, problem)
    assert p.note == note


@pytest.mark.parametrize("serial, epoch_1904, expected", [
    pytest.param(45356, False, dt.date(2024, 3, 5), id="1900"),
    pytest.param(43894, True, dt.date(2024, 3, 5), id="1904"),
    pytest.param(45356, True, dt.date(2028, 3, 6), id="1904-reads-differently"),
])
def test_serial_epochs(serial, epoch_1904, expected):
    assert parse_date(serial, year=YEAR, epoch_1904=epoch_1904).value == expected


def test_excel_1900_leap_bug():
    """Excel's serial 59 is 1900-02-28 and 61 is 1900-03-01; 60 is the 29th that never was."""
    p59, p60, p61 = (parse_date(n, year=1900) for n in (59, 60, 61))
    assert (p59.value, p61.value) == (dt.date(1900, 2, 28), dt.date(1900, 3, 1))
    assert p60.problem == "not-a-date"


# ---------------------------------------------------------------- text

TEXTS = [
    case("  进展顺利，已完工 ", None, "text", "进展顺利，已完工", id="trimmed"),
    case("进展\n顺利", None, "text", "进展\n顺利", id="inner-newline-kept"),
    case("ＡＢＣ", None, "text", "ＡＢＣ", id="full-width-kept-as-typed"),
    case("无", None, "none-marker", None, id="wu"),
    case("无问题", None, "none-marker", None, id="wu-wenti"),
    case("无。", None, "none-marker", None, id="wu-full-stop"),
    case("暂无", None, "none-marker", None, id="zanwu"),
    case("没有问题", None, "none-marker", None, id="meiyou-wenti"),
    case("—", None, "none-marker", None, id="dash"),
    case("／", None, "none-marker", None, id="slash"),
    case("n/a", None, "none-marker", None, id="n-a"),
    case("暂无进展", None, "text", "暂无进展", id="sentence-is-text"),
    case("", None, "blank", None, id="empty"),
    case(None, None, "blank", None, id="none"),
    case("\u3000 ", None, "blank", None, id="whitespace"),
    case("#VALUE!", None, "error", None, "excel-error", id="excel-error"),
    case(5, None, "text", "5", note="单元格是数字，按文本读取", id="int-cell"),
    case(2.5, None, "text", "2.5", note="单元格是数字，按文本读取", id="float-cell"),
    case(dt.datetime(2024, 3, 5), None, "text", "2024-03-05", note="单元格是日期，按文本读取", id="date-cell"),
    case(True, None, "text", "TRUE", note="单元格是逻辑值，按文本读取", id="bool-cell"),
    case(float("nan"), None, "number", None, "not-text", id="nan"),
    case("完成\ufffe", None, "text", None, "not-text", id="noncharacter"),
    case("完成_xFFFF_", None, "text", None, "not-text", id="noncharacter-escaped"),
    case("完成_xFFFD_", None, "text", "完成_xFFFD_", id="escape-of-a-character-is-text"),
]


@pytest.mark.parametrize("raw, measure, kind, value, problem, note", TEXTS)
def test_parse_text(raw, measure, kind, value, problem, note):
    p = parse_text(raw)
    assert flat(p) == (kind, value, problem)
    assert p.note == note


@pytest.mark.parametrize("raw, blank", [
    (None, True), ("", True), ("   ", True), ("\u3000\t\n", True), ("\u200b", True),
    ("0", False), (0, False), ("无", False), ("-", False), (False, False), (float("nan"), False),
])
def test_is_blank(raw, blank):
    assert is_blank(raw) is blank


def test_a_row_the_parser_reads_as_blank_is_no_record():
    from minsheng.model.book import Sheet

    sheet = Sheet("1月", [["项目编号", "指标"], ["\u200b", "\u3000 "], ["1-1", "城镇新增就业"]])
    assert [n for n, _ in sheet.records()] == [3]
    assert all(parse_text(v).kind == "blank" for v in sheet.rows[1])


def test_parsed_is_frozen_and_ok_follows_problem():
    p = parse_number("300人", measure="人")
    assert p.ok and not parse_number("若干").ok
    with pytest.raises(AttributeError):
        p.value = 1.0


# ---------------------------------------------------------------- properties

def _render(x: float, decimals: int, style: str) -> str:
    text = f"{x:,.{decimals}f}" if style in ("thousands", "full-width") else f"{x:.{decimals}f}"
    if style == "full-width":
        return text.translate(FULL_WIDTH)
    return text + "人" if style == "measure" else text


@given(st.floats(min_value=0, max_value=1e12, allow_nan=False, allow_infinity=False),
       st.integers(min_value=0, max_value=4),
       st.sampled_from(["plain", "thousands", "full-width", "measure"]))
@example(1234567.5, 1, "thousands")
def test_formatted_numbers_read_back(x, decimals, style):
    typed = _render(x, decimals, style)
    p = parse_number(typed, measure="人")
    assert p.ok, (typed, p.message)
    assert p.value == float(f"{x:.{decimals}f}")


@given(st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False), st.integers(0, 4))
def test_base_measure_converts_into_wan_measure(x, decimals):
    typed = f"{x:.{decimals}f}"
    assert math.isclose(parse_number(typed + "平方米", measure="万平方米").value, float(typed) / 10_000,
                        rel_tol=1e-12, abs_tol=1e-15)
    assert parse_number(typed + "万平方米", measure="万平方米").value == float(typed)


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False))
def test_number_cells_are_taken_as_they_are(x):
    p = parse_number(x, measure="万元")
    assert (p.kind, p.value, p.note) == ("number", x, None)


@given(st.integers(min_value=0, max_value=10**8 - 1), st.sampled_from(["low", "up"]), st.sampled_from(["", "人"]))
@example(101000, "low", "")  # an2cn writes 十万一千
@example(3200, "up", "人")
@example(1, "low", "")
def test_chinese_numerals_read_back(n, style, word):
    typed = cn2an.an2cn(n, style) + word
    p = parse_number(typed, measure="人")
    if typed == "一":  # alone it may be a dash typed with the wrong key
        assert p.problem == "ambiguous-number"
    else:
        assert (p.kind, p.value, p.problem) == ("number", float(n), None)


@given(st.integers(min_value=0, max_value=10**16 - 1))
@example(700008655)  # an2cn writes 七亿八千六百五十五, which it cannot read back
def test_large_chinese_numerals_are_right_or_a_problem(n):
    p = parse_number(cn2an.an2cn(n))
    assert p.value == float(n) or (p.value is None and p.problem)


@given(st.decimals(min_value=0, max_value=100, places=2))
def test_percent_strings_are_fractions(d):
    assert math.isclose(parse_percent(f"{d}%").value, float(d) / 100, rel_tol=1e-12, abs_tol=1e-15)


@given(st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=12))
def test_full_width_reads_as_half_width(text):
    half, full = parse_number(text, measure="公里"), parse_number(text.translate(FULL_WIDTH), measure="公里")
    assert (half.kind, half.value, half.problem, half.note) == (full.kind, full.value, full.problem, full.note)


@given(st.dates(min_value=dt.date(YEAR - DATE_WINDOW_YEARS, 1, 1), max_value=dt.date(YEAR + DATE_WINDOW_YEARS, 12, 31)),
       st.sampled_from(["{d.year}.{d.month}.{d.day}", "{d:%Y-%m-%d}", "{d.year}/{d.month}/{d.day}",
                        "{d.year}年{d.month}月{d.day}日", "{d:%Y%m%d}"]))
def test_date_text_reads_back(day, form):
    assert parse_date(form.format(d=day), year=YEAR).value == day


@given(st.dates(min_value=dt.date(YEAR - DATE_WINDOW_YEARS, 1, 1), max_value=dt.date(YEAR + DATE_WINDOW_YEARS, 12, 31)),
       st.booleans())
def test_serials_read_back(day, epoch_1904):
    epoch = dt.date(1904, 1, 1) if epoch_1904 else dt.date(1899, 12, 30)
    p = parse_date((day - epoch).days, year=YEAR, epoch_1904=epoch_1904)
    assert p.value == day


ANYTHING = st.one_of(
    st.text(), st.text(alphabet="0123456789.,，%万千百亿一二两三十五点人户个公里米约累计-—～ 无#/"),
    st.floats(), st.integers(), st.none(), st.booleans(), st.datetimes(), st.dates(), st.times(),
    st.lists(st.integers(), max_size=2), st.decimals(allow_nan=True), st.fractions(),
)
PARSERS = {
    "number": lambda raw, measure: parse_number(raw, measure=measure),
    "percent": lambda raw, measure: parse_percent(raw),
    "date": lambda raw, measure: parse_date(raw, year=YEAR),
    "date-1904": lambda raw, measure: parse_date(raw, year=YEAR, epoch_1904=True),
    "text": lambda raw, measure: parse_text(raw),
}


@settings(max_examples=300)
@given(ANYTHING, st.one_of(st.none(), st.sampled_from(["人", "万平方米", "公里", "%", "处"]), st.text(max_size=4)),
       st.sampled_from(sorted(PARSERS)))
@example("1.2万", "万元", "number")
@example("#N/A", None, "date")
@example("2024.2.30", None, "date")
@example(2957004, None, "date-1904")  # 9999-12-31 is serial 2957003 in the 1904 system
def test_never_raises_and_keeps_its_promises(raw, measure, parser):
    p = PARSERS[parser](raw, measure)
    assert p.raw is raw
    assert p.kind in KINDS
    assert p.ok is (p.problem is None)
    if p.problem is not None:
        assert re.fullmatch(r"[a-z]+(-[a-z0-9]+)*", p.problem)
        assert p.value is None
        assert CJK.search(p.message) and CJK.search(p.hint)
    else:
        assert p.message is None and p.hint is None
    if p.note is not None:
        assert CJK.search(p.note)
    if p.kind in ("blank", "none-marker", "error"):
        assert p.value is None
    if p.ok and p.kind == "number":
        assert type(p.value) is float and math.isfinite(p.value)
    if p.ok and p.kind == "date":
        assert type(p.value) is dt.date and abs(p.value.year - YEAR) <= DATE_WINDOW_YEARS
    if p.ok and p.kind == "text":
        assert isinstance(p.value, str) and p.value
    assert (p.kind == "blank") is is_blank(raw)


@given(st.sampled_from(sorted(EXCEL_ERRORS)), st.sampled_from(["", " ", "\u3000"]))
def test_excel_errors_are_never_numbers(error, pad):
    assert parse_number(pad + error + pad).problem == "excel-error"
