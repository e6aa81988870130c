"""The place a master serves and its office: the words every text the product writes uses.

``地区`` and ``督查室`` are settings in 配置 (``minsheng build --region 海曙区 --office 区政府督查室``);
the rest follows from the region's suffix: a 区 reads "全区", "分管区领导", "区政府督查室".
A master without these settings is 微山县's (the embedded list), so its wording stays; a master whose
地区 is blank serves a place it does not name (县政府督查室, never 微山's).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DEFAULT_REGION = "微山县"  # the embedded list's place (and the seed notice's): masters from before 地区 was a setting
# the longest suffix first: a 经开区 is run as a 区
_SUFFIXES = (("经济技术开发区", "区"), ("经开区", "区"), ("开发区", "区"), ("高新区", "区"), ("新区", "区"),
             ("自治县", "县"), ("自治旗", "旗"), ("县", "县"), ("区", "区"), ("市", "市"), ("旗", "旗"))


def level(region: str) -> str:
    """县, 区, 市 or 旗, from the region's name; 县 when the name says none."""
    region = (region or "").strip()
    for suffix, word in _SUFFIXES:
        if region.endswith(suffix):
            return word
    return "县"


# what may stand before the place: 附件：, 附件1：, 附件2 (space), 关于印发, a 【note】, an opening 《 or “
_NAMED = re.compile(r"\s*(?:【[^】]*】|\[[^\]]*\])?\s*(?:附件\s*\d*\s*[：:]?\s*)?(?:关于)?(?:印发)?\s*[《“\"]?"
                    r"([^\d\s：:《》“”\"【】\[\]]+?)\s*[(（]?20\d\d")
_NO_PLACE = ("城区", "市区", "县区", "区县", "县市区")


def region_named(file_name: str) -> str:
    """The place a catalogue's file name starts with, before its year: 城关区2026年民生实事.csv → 城关区;
    blank when the name gives none (catalogue2024.csv, 2026年民生实事.xlsx, 全县2026年民生实事.xlsx). A
    leading 附件：/附件1 / 关于印发 / 【…】 / 《 is passed over (附件：城关区2026年….csv → 城关区)."""
    found = re.match(_NAMED, file_name or "")
    name = found.group(1) if found else ""
    if name in _NO_PLACE or any(name == suffix for suffix, _ in _SUFFIXES) or re.fullmatch(r"[全我本各该此][县区市旗]", name):
        return ""  # 全县2025年…, 高新区2025.csv: a word, no place's name
    return name if any(name.endswith(suffix) for suffix, _ in _SUFFIXES) and len(name) > 1 else ""


def default_office(region: str) -> str:
    return f"{level(region)}政府督查室"


@dataclass(frozen=True)
class Place:
    region: str = DEFAULT_REGION
    office_name: str = ""  # blank: derived from the region

    @property
    def level(self) -> str:
        return level(self.region)

    @property
    def office(self) -> str:
        return self.office_name.strip() or default_office(self.region)

    @property
    def issuer(self) -> str:
        """The office as it signs a document, with the place's name: 县政府督查室 → 微山县政府督查室.

        An office set in 配置 that already names a place (微山县人民政府督查室) is kept as written;
        one that starts with the level word (县政府督查室, 区委督查室) gets the region for it; any
        other (督查室) gets the region in front.
        """
        office = self.office
        region = (self.region or "").strip()
        if not region or office.startswith(region):
            return office
        if office.startswith(self.level):
            return region + office[len(self.level):]
        return region + office

    @property
    def copies(self) -> str:
        """抄送 of a 通报's 版记: the party, congress and CPPCC offices of the place (the clerk edits it)."""
        w = self.level
        return f"{w}委办公室，{w}人大常委会办公室，{w}政协办公室。"

    @property
    def whole(self) -> str:
        """全县 / 全区: the place as a whole."""
        return f"全{self.level}"

    @property
    def leader(self) -> str:
        """分管县领导 / 分管区领导."""
        return f"分管{self.level}领导"
