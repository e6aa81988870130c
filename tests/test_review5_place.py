"""Review 5: catalogue file names that could be misread as a place (the place a master signs with).

A clerk saves the notice's table as 全县2025年民生实事.xlsx, 附件：城关区2026年民生实事.csv or
关于城关区2026年民生实事.csv: the master signs 县政府督查室 or 城关区政府督查室, never 全县政府督查室
or 附件：城关区政府督查室. A bare suffix (高新区2025.csv, 新区2026.csv) names no place either.
"""

from __future__ import annotations

import pytest

from minsheng.model.place import region_named

from test_catalogue_place import _built


@pytest.mark.parametrize("name, region", [
    ("全县2025年民生实事.xlsx", ""), ("全市2025年十件民生实事.csv", ""), ("我县2025年民生实事.csv", ""),
    ("本区2025年民生实事.csv", ""), ("附件：城关区2026年民生实事.csv", "城关区"), ("附件1：城关区2026年民生实事.csv", "城关区"),
    ("附件2 城关区2026年民生实事.csv", "城关区"), ("关于城关区2026年民生实事.csv", "城关区"), ("高新区2025年.csv", ""),
    ("新区2026.csv", ""), ("关于印发城关区2026年民生实事的通知.xlsx", "城关区"), ("《城关区2026年民生实事》.xlsx", "城关区"),
    ("【定稿】城关区2026年民生实事.csv", "城关区"), ("XX市城关区2026年民生实事.csv", "XX市城关区"), ("某某县(2025年).csv", "某某县"),
])
def test_a_word_before_the_year_that_is_no_place(name, region):
    assert region_named(name) == region


def test_a_list_for_the_whole_county_signs_as_no_place(tmp_path):
    built, read = _built(tmp_path, "全县2025年民生实事.csv")
    assert (read.region, read.place.issuer, read.place.whole) == ("", "县政府督查室", "全县")
