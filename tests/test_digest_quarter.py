"""报送周期 季: the leaders' digests and the bulletin's file name say 一季度, as the bulletin's title does,
never “3月”; a county reporting monthly keeps its months."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook

import filled
from minsheng.engines.file import FileEngine, read_master
from minsheng.jobs import bulletin as job
from minsheng.model import layout as L
from minsheng.model import settings as settings_mod
from minsheng.paper import digest
from minsheng.status.progress import compute

DAY = date(2024, 4, 8)


def set_cadence(master, value: str) -> None:
    """The clerk types the cadence into 配置, as any setting."""
    book = load_workbook(master, keep_vba=True)
    sheet = book[L.CONFIG_SHEET]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "报送周期")
    sheet.cell(row, 2).value = value
    book.save(master)


def digests(master):
    book = read_master(master)
    return digest.digests(compute(book, 3), book, settings_mod.load(book), DAY)


@pytest.mark.parametrize("cadence, period", [("季", "一季度"), ("月", "3月")])
def test_each_digest_names_the_period_as_the_bulletin_does(master, cadence, period):
    march = filled.fill(master)
    set_cadence(march, cadence)
    pages = digests(march)
    assert pages
    for leader, doc in pages.items():
        head = doc.text().splitlines()[:5]
        assert doc.issue == f"2024年{period}" and doc.title == f"{leader}同志分管的2024年{period}民生实事推进情况"
        assert cadence == "月" or not any("3月" in line for line in head)


def test_a_quarterly_bulletin_file_is_named_by_its_quarter(master, tmp_path):
    march = filled.fill(master)
    set_cadence(march, "季")
    done = job.bulletin(FileEngine(march), 3, folder=tmp_path / "通报", day=DAY, pdf=False)
    assert done.docx.name == "2024年一季度民生实事推进情况通报.docx" and done.docx.exists()
    assert done.digests and all(d["docx"] for d in done.digests)
    assert done.digest_dir.name.startswith("2024年一季度民生实事推进情况通报_")


@pytest.mark.parametrize("cadence, this", [("季", "本季度"), ("月", "本月")])
def test_a_leader_with_every_item_on_plan_reads_this_period(master, cadence, this):
    march = filled.fill(master)
    set_cadence(march, cadence)
    book = read_master(march)
    found = compute(book, 3)
    calm = [i for i in found.indicators if i.status in ("已完成", "正常")]
    doc = digest.digest("蒋红星", calm, found, book, settings_mod.load(book), DAY)
    assert calm and f"    {this}分管指标均按计划推进。" in doc.text().splitlines()
