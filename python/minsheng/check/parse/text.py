"""Text as clerks type it: trimmed, with 无, —, 无问题… read as ``none-marker``."""

from __future__ import annotations

import datetime as dt
import math
import re
from numbers import Real

from minsheng.check.parse.parsed import Parsed, brief, fmt, kind_of, memo, read_special
from minsheng.model.book import INVISIBLE


# U+FFFE/U+FFFF and lone surrogates, which XML 1.0 cannot carry, and their escapes ``_xFFFE_`` (which calamine
# reads as typed, so a file holding U+FFFE and one holding the typed text ``_xFFFE_`` cannot be told apart)
_NOT_TEXT = re.compile("[\ufffe\uffff\ud800-\udfff]|_x[fF]{3}[eEfF]_")


@memo
def parse_text(raw: object) -> Parsed:
    """Text as typed, trimmed; 无, —, 无问题… are ``none-marker``; a number or date cell becomes text, with a note."""
    special = read_special(raw)
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
        return Parsed(raw, fmt(raw if isinstance(raw, int) else float(raw)), "text", note="单元格是数字，按文本读取")
    return Parsed(raw, None, kind_of(raw), "not-text", f"单元格内容（{brief(raw)}）无法读作文字", "请填写文字说明")
