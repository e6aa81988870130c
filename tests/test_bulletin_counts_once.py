"""The bulletin counts the sub-target wholes once (issue 17b): ``counting.counted`` runs once per bulletin,
and 表1's rows per 项目类别 are what counting each category's indicators on its own gives (the way it
was done before, four times over). Ten items split among six streets, three categories, built with our
own builder and typed into as ``test_counting_many_parts`` types."""

from __future__ import annotations

from datetime import date

import pytest
from test_counting_many_parts import MONTH, typed_master

from minsheng.model import settings as settings_mod
from minsheng.paper import bulletin
from minsheng.paper.document import Table
from minsheng.paper.wording import averages, counts, group
from minsheng.status import counting
from minsheng.status.progress import compute, pct


@pytest.fixture(scope="module")
def typed(tmp_path_factory):
    return typed_master(tmp_path_factory.mktemp("countsonce"))


def test_counted_runs_once_and_table1_counts_each_category_on_its_own(typed, monkeypatch):
    progress, settings = compute(typed, MONTH), settings_mod.load(typed)
    calls = []
    real = counting.counted
    monkeypatch.setattr(bulletin, "counted", lambda *a: calls.append(1) or real(*a))
    doc = bulletin.bulletin(progress, typed, settings, date(2026, 5, 5))
    assert len(calls) == 1
    table1 = next(b for b in doc.blocks if isinstance(b, Table) and b.caption.startswith("表1"))
    by_hand = []
    for k, (category, items) in enumerate(group(progress.indicators, bulletin.details(typed, MONTH), "项目类别").items(), 1):
        c, (d, _) = counts(real(items, settings)), averages(real(items, settings))
        by_hand.append([str(k), category, str(sum(c.values())), *(str(c[s]) for s in c), pct(d)])
    assert len(by_hand) == 3 and table1.rows == by_hand
