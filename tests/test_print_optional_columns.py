"""A month sheet of a catalogue with its own columns (备注 …) prints two A3 pages wide at 9 pt, as the demo's
does: the second page's columns narrow (``builder.cells.month_widths``) instead of 备注 taking a third page."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from minsheng import cli
from minsheng.builder import cells
from minsheng.engines.libreoffice import convert_all
from minsheng.model import layout as L

pdfplumber = pytest.importorskip("pdfplumber")


def _catalogue(tmp_path, extra: dict[str, str]):
    """The embedded 2024 list as a clerk saves it with columns of the notice's own added and filled."""
    rows = list(csv.reader(resources.files("minsheng.data").joinpath("catalogue2024.csv")
                           .read_text("utf-8").splitlines()))
    path = tmp_path / "民生实事2024.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([rows[0] + list(extra)] + [r + list(extra.values()) for r in rows[1:]])
    return path


def _month_pages(pdf, sheet: str) -> list[dict]:
    """The pages of ``sheet`` (told by the page header): their header words and smallest text size."""
    out = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            lines = (page.extract_text() or "").splitlines()
            if lines and lines[0].strip() == sheet:
                top = min(c["top"] for c in page.chars) + 1
                out.append({"words": set(lines[1].split()), "smallest": min(c["size"] for c in page.chars if c["top"] > top)})
    return out


@pytest.mark.libreoffice
@pytest.mark.parametrize("extra", [
    {"备注": "含配套道路"},
    {"项目名称": "幼儿园建设工程", "完成时限": "2024年8月底", "建设地点": "鼓楼街道、南门街道", "年度投资(万元)": "3600",
     "备注": "含配套道路及附属设施"},
], ids=["备注", "five-columns"])
def test_a_month_sheet_with_the_catalogues_own_columns_prints_two_pages_wide(tmp_path, extra):
    master = tmp_path / "民生实事2024.xlsm"
    assert cli.main(["build", "--catalog", str(_catalogue(tmp_path, extra)), "--out", str(master)]) == cli.OK
    pdf = convert_all([master], "pdf", tmp_path / "pdf")[0]
    pages = _month_pages(pdf, "3月")
    first = [p for p in pages if "分管县领导" in p["words"]]
    second = [p for p in pages if "进展情况" in p["words"]]
    assert first and len(first) == len(second) == len(pages) / 2  # two wide, however many tall
    assert all(set(extra) <= p["words"] for p in second)  # the catalogue's columns beside 进展情况 …
    assert all({"项目编号", "项目内容", "责任单位"} <= p["words"] for p in pages)  # the key columns on each
    assert [round(p["smallest"], 1) for p in pages if p["smallest"] < 9 - 0.05] == []


def test_month_widths_narrow_only_when_the_second_page_overflows():
    assert cells.month_widths(L.MONTH_HEADERS) == [cells.MONTH_WIDTHS[h] for h in L.MONTH_HEADERS]  # the demo's
    for shown in (("备注",), L.SHOWN_COLUMNS):
        headers = L.month_headers(shown)
        widths = dict(zip(headers, cells.month_widths(headers)))
        second = headers[:headers.index(cells.MONTH_KEYS) + 1] + headers[headers.index(cells.MONTH_BREAK):]
        assert sum(widths[h] + cells.PAD for h in second) <= cells.MONTH_PAGE, shown
        assert [h for h, floor in cells.MONTH_FLOORS.items() if widths.get(h, floor) < floor] == []
        assert widths["项目内容"] < cells.MONTH_WIDTHS["项目内容"]
