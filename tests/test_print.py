"""What comes out of the printer: the master and a unit's fill-in file, printed to PDF by LibreOffice
and measured from the PDF itself (pdfplumber): the text size on paper, text past a page's edge, the
pages each sheet takes, the key columns on every page of a month.

Each page is named by the sheet title the page header prints (``builder.cells.print_layout``); the
说明 and 填报说明 pages print none and 汇总 repeats its own title row: they are told by their first line."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from collections import Counter

import pytest

from minsheng.engines.file import apply_changes, read_master
from minsheng.engines.libreoffice import convert_all
from minsheng.model import layout as L
from minsheng.roundtrip import roster
from minsheng.roundtrip.split import GUIDE, split_month

pdfplumber = pytest.importorskip("pdfplumber")

BODY = 9 - 0.05  # pt on paper, rounding allowed
MONTH = re.compile(r"^\d{1,2}月$")
OURS = {L.README_SHEET, L.PROJECTS_SHEET, L.PLAN_SHEET, L.CONTACTS_SHEET, L.RESULTS_SHEET, L.LOG_SHEET,
        L.REPORTS_SHEET, L.CONFIG_SHEET, L.DASHBOARD_SHEET, "填报说明"}


def _pages(pdf_path, first_lines: dict[str, str]) -> list[dict]:
    """Per page: its sheet, the smallest text size below the header, the characters past an edge, its words."""
    out = []
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            chars = page.chars
            text = page.extract_text() or ""
            top = text.splitlines()[0].strip() if text else ""
            sheet = next((name for name, line in first_lines.items() if top.startswith(line)), top)
            header = min((c["top"] for c in chars), default=0) + 1  # the title line, at 14 pt
            out.append({
                "sheet": sheet,
                "smallest": min((c["size"] for c in chars if c["top"] > header), default=99),
                "past_edge": sum(1 for c in chars if c["x0"] < -0.5 or c["x1"] > page.width + 0.5
                                 or c["top"] < -0.5 or c["bottom"] > page.height + 0.5),
                "words": [w["text"] for w in page.extract_words()],
                "text": text,
            })
    return out


@pytest.fixture(scope="module")
def printed(built_master, tmp_path_factory):
    """The master after a month's work (a long 日志 entry, as consolidate writes one) and two units' March
    files, printed to PDF in one LibreOffice start."""
    folder = tmp_path_factory.mktemp("print")
    master = folder / built_master.name
    master.write_bytes(built_master.read_bytes())
    long = "、".join(f"县某某局第{n}号回收表第{n}行累计完成“约{n}00”无法识别为数字，已退回" for n in range(1, 20))
    assert len(long) > 500
    book = read_master(master)
    units = [r["单位"] for _, r in book[L.CONTACTS_SHEET].records() if r["备注"] == "责任单位"]
    march, _, _ = roster.plan(book, 3, units, {})  # 报送记录 as a month's 汇总回收表 leaves it: a row a unit
    apply_changes(master, march, [["2024-03-08 09:00:00", "汇总回收表", "2024年3月填报表_县民政局.xlsx", "0" * 64,
                                "县民政局", long]])
    forms = split_month(read_master(master), 3, folder / "forms")
    sizes = sorted(forms, key=lambda p: p.stat().st_size)
    chosen = [sizes[0], sizes[-1]]  # the unit with fewest rows and the one with most
    pdfs = convert_all([master, *chosen], "pdf", folder / "pdf")
    first = {L.README_SHEET: "2024年民生实事推进台账", L.DASHBOARD_SHEET: "2024年民生实事推进情况汇总", "填报说明": GUIDE[0]}
    return _pages(pdfs[0], first), [_pages(p, first) for p in pdfs[1:]], long


@pytest.mark.libreoffice
def test_month_sheets_print_at_nine_points_with_their_key_columns_on_every_page(printed):
    master, forms, _ = printed
    for pages in (master, *forms):
        months = [p for p in pages if MONTH.match(p["sheet"])]
        assert months
        assert [(p["sheet"], round(p["smallest"], 1)) for p in months if p["smallest"] < BODY] == []
        for p in months:  # the print titles: the header row and 项目编号 … 责任单位 on each page
            assert {"项目编号", "项目内容", "责任单位"} <= set(p["words"]), p["sheet"]
    first = next(p for p in master if p["sheet"] == "1月")
    header = set(first["words"])
    assert {"分管县领导", "指标", "计量单位", "本月计划累计"} <= header  # each header in its own cell, none run together


@pytest.mark.libreoffice
def test_no_text_runs_past_a_page_edge(printed):
    master, forms, _ = printed
    for pages in (master, *forms):
        assert [(p["sheet"], p["past_edge"]) for p in pages if p["past_edge"]] == []


@pytest.mark.libreoffice
def test_the_other_sheets_print_at_nine_points(printed):
    master, forms, _ = printed
    small = [(p["sheet"], round(p["smallest"], 1)) for pages in (master, *forms) for p in pages
             if p["sheet"] in OURS and p["smallest"] < BODY]
    assert small == []


@pytest.mark.libreoffice
def test_page_counts(printed, catalogue2024):
    master, forms, long = printed
    count = Counter(p["sheet"] for p in master)
    rows = sum(len(item.indicators) for item in catalogue2024.items)
    assert rows == 31
    assert [count[L.month_sheet(m)] for m in L.MONTHS] == [2] * 12  # two A3 pages wide, the 31 rows one page tall
    assert count[L.PROJECTS_SHEET] == 2  # the same: two wide, one tall
    assert count[L.README_SHEET] == 1
    assert count[L.RESULTS_SHEET] == 1  # empty: its header, one page wide
    assert count[L.CONFIG_SHEET] == 1  # the settings, not the drop-down lists and the unit directory beside them
    assert L.CONFIG_HEADERS[-1] in next(p for p in master if p["sheet"] == L.CONFIG_SHEET)["words"]
    assert count[L.CONTACTS_SHEET] == 1
    assert count[L.LOG_SHEET] == 1
    assert count[L.REPORTS_SHEET] == 1  # what it holds (a month's rows), no pre-seeded empty rows
    for name, headers in ((L.REPORTS_SHEET, L.REPORT_HEADERS), (L.LOG_SHEET, L.LOG_HEADERS)):  # one page wide
        assert all(set(headers) <= set(p["words"]) for p in master if p["sheet"] == name), name
    assert sum(count.values()) <= 40
    dashboard = [p for p in master if p["sheet"] == L.DASHBOARD_SHEET]  # its title repeated on every page
    assert len(dashboard) == 4  # the county, the charts and 按项目类别 fill the first page; then a page a table
    assert "按项目类别" in dashboard[0]["text"] and "按项目类别" not in dashboard[1]["text"]
    assert [p["words"][-3:] for p in dashboard if "预警说明" in p["words"] and "12月" not in p["words"]] == []  # one page wide
    assert not any("INTERPRETER" in p["text"] or "PYTHONPATH" in p["text"] for p in master)  # xlwings.conf: hidden
    log = next(p for p in master if p["sheet"] == L.LOG_SHEET)
    assert long[:12] in log["text"]  # the long entry wrapped in its column, at 9 pt
    for pages in forms:
        per_sheet = Counter(p["sheet"] for p in pages)
        assert per_sheet[L.CONTACTS_SHEET] == 1 and per_sheet["填报说明"] == 1
        assert len(pages) <= 6



@pytest.fixture(scope="module")
def published(built_master, tmp_path_factory):
    """March's bulletin and the leaders' digests, made by the bulletin job from a master a few units filled,
    and printed to PDF by LibreOffice as the job does; measured page by page."""
    import filled
    from minsheng.engines.file import FileEngine
    from minsheng.jobs import bulletin as job

    folder = tmp_path_factory.mktemp("bulletin")
    master = folder / built_master.name
    master.write_bytes(built_master.read_bytes())
    filled.fill(master)
    done = job.bulletin(FileEngine(master), 3, out=folder / "通报.docx", day=date(2024, 4, 8))
    assert done.pdf is not None and all(d["pdf"] for d in done.digests), done.problems
    return _pages(done.pdf, {}), {d["leader"]: _pages(Path(d["pdf"]), {}) for d in done.digests}


@pytest.mark.libreoffice
def test_bulletin_and_digests_print_at_nine_points_within_the_page(published):
    bulletin, digests = published
    assert 2 <= len(bulletin) <= 6
    assert [len(pages) for pages in digests.values()] == [1] * len(digests) and len(digests) >= 2  # one page a leader
    for name, pages in (("通报", bulletin), *digests.items()):
        assert [(name, n, round(p["smallest"], 1)) for n, p in enumerate(pages, 1) if p["smallest"] < BODY] == []
        assert [(name, n, p["past_edge"]) for n, p in enumerate(pages, 1) if p["past_edge"]] == []
    assert "印发" in bulletin[-1]["text"] and "抄送" in bulletin[-1]["text"]  # the 版记 on the last page, not alone
    assert len(bulletin[-1]["text"].split()) > 10
