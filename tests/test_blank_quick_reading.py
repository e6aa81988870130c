"""``is_blank`` says a text with a letter or digit at either end is not blank without normalising it;
the answer is the same as the full reading (NFKC, invisible characters out, stripped) for every character."""

from __future__ import annotations

import unicodedata

from minsheng.model.book import INVISIBLE, is_blank


def _full(value: str) -> bool:
    return not INVISIBLE.sub("", unicodedata.normalize("NFKC", value)).strip()


def test_quick_and_full_reading_agree_on_every_character():
    differ = []
    for code in range(0x80, 0x110000, 7):  # every 7th code point: all planes, all categories
        if 0xD800 <= code <= 0xDFFF:
            continue
        ch = chr(code)
        for text in (ch, f" {ch}", f"{ch}\u3000", f"\u200b{ch}\u200b", f"王{ch}", f"{ch}五"):
            if is_blank(text) != _full(text):
                differ.append(text)
    assert differ == []


def test_what_a_clerk_types():
    assert [is_blank(v) for v in ("\u3000", " \u200b ", "王五", "２０２４", "（空）", "\u3000无\u3000", "——")] == [
        True, True, False, False, False, False, False]
