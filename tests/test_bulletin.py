"""生成通报: the bulletin's content (golden text), its Word form read back with python-docx, its PDF
rendered by LibreOffice, the leaders' one-page digests, and mailing them."""

from __future__ import annotations

import os
import re
import subprocess
from datetime import date
from email import policy
from email import message_from_bytes
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

import filled
from minsheng.status.progress import compute
from minsheng.paper import bulletin
from minsheng import cli
from minsheng.paper import digest
from minsheng.paper import word as docx_writer
from minsheng.model import layout as L
from minsheng.model import settings as settings_mod
from minsheng.commands import bulletin as command
from minsheng.engines.file import apply_changes, read_master
from minsheng.engines.disk import sha256
from minsheng.model.book import CellChange
from minsheng.roundtrip import roster
from smtp_server import smtp_server

GOLDEN = Path(__file__).parent / "golden"
DAY = date(2024, 4, 8)


@pytest.fixture
def march(master):
    return filled.fill(master)


def model(master, month=3):
    book = read_master(master)
    return bulletin.bulletin(compute(book, month), book, settings_mod.load(book), DAY), book


def golden(name: str, text: str) -> str:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):  # UPDATE_GOLDEN=1 pytest ...: then read the diff before committing
        path.write_text(text, encoding="utf-8")
    return path.read_text(encoding="utf-8")


def test_bulletin_text_matches_the_golden_file(march):
    doc, _ = model(march)
    assert doc.text() == golden("bulletin-2024-03.txt", doc.text())


def test_behind_items_carry_the_units_own_words_verbatim(march):
    typed = "=SUM(A1:A3) 不是公式；资金缺口 1.2万元\n第二行"
    filled.fill(march, 3, {("6-1", "四好农村路新改建"): {"存在问题": typed}}, emails={})
    doc, _ = model(march)
    texts = [(b.label, b.text) for b in doc.blocks if isinstance(b, bulletin.Para)]
    assert ("存在问题：", typed) in texts
    assert ("存在问题：", "新校区尚未验收。") in texts


def test_red_items_come_first_and_are_put_under_supervision(march):
    config = read_master(march)[L.CONFIG_SHEET]
    row = next(n for n, r in config.records() if r["设置"] == "红灯阈值")
    apply_changes(march, [CellChange(L.CONFIG_SHEET, config.address(row, "值"), 0.3, 0.2)])  # red: 20 points behind
    doc, _ = model(march)
    (behind,) = [b for b in doc.blocks if isinstance(b, bulletin.Table) and b.caption.startswith("表2")]
    assert [(r[0], r[-1]) for r in behind.rows] == [("2-2", "严重滞后"), ("6-1", "滞后"), ("2-1", "滞后")]
    assert any("挂牌督办" in b.text for b in doc.blocks if isinstance(b, bulletin.Para))


def _east_asia(run) -> str | None:
    fonts = run._r.rPr.rFonts if run._r.rPr is not None else None
    return fonts.get(qn("w:eastAsia")) if fonts is not None else None


def test_docx_reads_back_as_a_county_bulletin(march, tmp_path):
    doc, _ = model(march)
    path = docx_writer.write(doc, tmp_path / "通报.docx")
    word = docx.Document(str(path))
    texts = [p.text for p in word.paragraphs]
    assert "关于2024年3月民生实事推进情况的通报" in texts
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["一、总体进展", "二、已完成项目", "三、进度滞后项目", "四、未报送情况",
                        "五、责任单位推进情况", "六、下步督办建议"]
    body = next(p for p in word.paragraphs if p.text.startswith("全县31个"))
    assert {_east_asia(r) for r in body.runs} == {"仿宋_GB2312"}
    assert {_east_asia(r) for p in word.paragraphs if p.style.name == "Heading 1" for r in p.runs} == {"黑体"}
    section = word.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert "PAGE" in section.footer._element.xml
    fonts = next(p for p in word.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml").blob.decode()
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in fonts
    tables = word.tables
    assert len(tables) == 4  # 表1, the chart, 表2, 表3
    assert [c.text for c in tables[0].rows[0].cells][:3] == ["序号", "类别", "指标"]
    behind = tables[2]
    assert [r.cells[0].text for r in behind.rows[1:]] == ["2-2", "6-1", "2-1"]
    status = behind.rows[1].cells[6]
    assert status.text == "滞后" and 'w:fill="FFEB9C"' in status._tc.xml
    for table in (tables[0], tables[2], tables[3]):  # a body row never breaks across a page
        assert [r._tr.trPr is not None and r._tr.trPr.find(qn("w:cantSplit")) is not None
                for r in table.rows[1:]] == [True] * (len(table.rows) - 1)


def test_chart_bars_are_shaded_cells_in_proportion(march, tmp_path):
    doc, _ = model(march)
    chart = next(b for b in doc.blocks if isinstance(b, bulletin.Chart))
    table = docx.Document(str(docx_writer.write(doc, tmp_path / "通报.docx"))).tables[1]
    for k, bar in enumerate(chart.bars):
        for row, value in ((table.rows[2 * k], bar.completion), (table.rows[2 * k + 1], bar.time_progress)):
            shaded = sum('w:fill="' in c._tc.xml for c in row.cells[2:-1])
            assert shaded == (0 if value is None else round(min(value, 1) * docx_writer.CELLS)), bar.label
    education = chart.bars[1]
    assert (education.label, education.status) == ("实施教育扩优提质", "滞后")


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.libreoffice
def test_pdf_renders_title_tables_and_digests_fit_one_page(march, tmp_path):
    args = cli.make_parser().parse_args(["bulletin", str(march), "--month", "3", "--out", str(tmp_path / "通报.docx"),
                                         "--date", "2024-04-08", "--json"])
    assert command.run(args) == cli.OK
    pdf = tmp_path / "通报.pdf"
    text = re.sub(r"\s+", "", _text(pdf))
    assert "关于2024年3月民生实事推进情况的通报" in text and "四好农村路新改建" in text
    assert "下步措施：督促施工单位6月底前交付。" in text
    assert 2 <= _pages(pdf) <= 6
    digests = sorted((tmp_path / "通报_分管县领导摘要").glob("*.pdf"))
    assert [p.stem for p in digests] == sorted(["蒋红星", "张呈祥", "步新华", "刘冬青", "张国成", "孙晓东"])
    assert [_pages(p) for p in digests] == [1] * 6
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True)
    assert (tmp_path / "page-1.png").stat().st_size > 5000  # a rendered page, not a blank one
    assert "抄送：县委办公室" in text and "微山县政府督查室2024年4月8日印发" in text
    cjk = [f for f in _fonts(pdf) if "CJK" in f or "Hei" in f or "Ming" in f]
    assert cjk and any("Serif" in f or "Ming" in f for f in cjk), cjk  # 仿宋 and 小标宋 drawn in a serif face


def _fonts(pdf: Path) -> list[str]:
    """The font names pdffonts lists (poppler: an independent reader of what LibreOffice embedded)."""
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [line.split()[0].split("+")[-1] for line in listing.splitlines()[2:] if line.strip()]


def test_digest_lists_the_leaders_items_and_what_needs_attention(march):
    book = read_master(march)
    pages = digest.digests(compute(book, 3), book, settings_mod.load(book), DAY)
    jiang = pages["蒋红星"]
    (table,) = [b for b in jiang.blocks if isinstance(b, bulletin.Table)]
    assert [r[0] for r in table.rows] == ["1-1", "2-1", "2-2", "2-3", "8-3"]
    notes = [(b.label, b.text) for b in jiang.blocks if isinstance(b, bulletin.Para) and b.label]
    assert [label for label, _ in notes] == ["滞后：", "滞后：", "未报送："]
    assert notes[0][1].startswith("2-2 职教中心招生（县教育和体育局）落后时序进度25.0个百分点。存在问题：新校区尚未验收。")


def _publish(master, tmp_path, *argv):
    args = cli.make_parser().parse_args(["bulletin", str(master), "--month", "3", "--out", str(tmp_path / "通报.docx"),
                                         "--date", "2024-04-08", "--no-pdf", *argv])
    return command.run(args)


def test_bulletin_and_digests_are_mailed_to_office_and_leaders_once(march, tmp_path, capsys):
    with smtp_server() as (server, port):
        assert _publish(march, tmp_path, "--smtp", f"127.0.0.1:{port}", "--security", "none") == cli.PROBLEMS
        got = {tuple(e.rcpt_tos): m for e, m in zip(server.envelopes, server.messages)}
        assert set(got) == {("dcs@weishan.example.cn",), ("jiang@weishan.example.cn",), ("zhang@weishan.example.cn",)}
        office = got[("dcs@weishan.example.cn",)]
        assert office["Subject"] == "关于2024年3月民生实事推进情况的通报"
        assert [p.get_filename() for p in office.iter_attachments()] == ["通报.docx"]
        (attached,) = list(got[("jiang@weishan.example.cn",)].iter_attachments())
        assert attached.get_filename() == "蒋红星.docx"
        assert "蒋红星同志分管的2024年3月民生实事推进情况" in [p.text for p in docx.Document(__import__("io").BytesIO(attached.get_content())).paragraphs]
        out = capsys.readouterr().out
        assert "步新华：“单位通讯录”中没有电子邮箱，摘要未发送。" in out
        before = sha256(march)
        _publish(march, tmp_path, "--smtp", f"127.0.0.1:{port}", "--security", "none")
        assert len(server.envelopes) == 3 and sha256(march) == before
    logged = [(r["操作"], r["单位"]) for _, r in read_master(march)[L.LOG_SHEET].records()]
    assert logged == [("通报发送", "县政府督查室"), ("通报发送", "蒋红星"), ("通报发送", "张呈祥")]


def test_bulletin_drafts(march, tmp_path):
    assert _publish(march, tmp_path, "--no-digests", "--eml-dir", str(tmp_path / "草稿")) == cli.OK
    (draft,) = (tmp_path / "草稿").iterdir()
    msg = message_from_bytes(draft.read_bytes(), policy=policy.default)
    assert draft.name == "3月通报_县政府督查室.eml" and msg["X-Unsent"] == "1"
    assert [p.get_filename() for p in msg.iter_attachments()] == ["通报.docx"]


def test_cli_end_to_end(march, tmp_path, capsys):
    out = tmp_path / "通报" / "2024年3月通报.docx"
    assert cli.main(["bulletin", str(march), "--month", "3", "--out", str(out), "--no-pdf", "--date", "2024-04-08"]) == cli.OK
    assert out.exists() and len(list((out.parent / "2024年3月通报_分管县领导摘要").glob("*.docx"))) == 6
    assert "已生成" in capsys.readouterr().out
    assert cli.main(["bulletin", str(march), "--month", "3", "--out", str(tmp_path / "通报.pdf")]) == cli.UNUSABLE


def _paras(doc) -> list[tuple[str, str]]:
    return [(b.label, b.text) for b in doc.blocks if isinstance(b, bulletin.Para)]


def test_texts_that_validation_rejects_for_a_lagging_row_read_as_unexplained(march):
    """“无” and last month's text again are what 校验 flags on a lagging row: not quoted as explanations."""
    measure = "督促施工单位6月底前交付。"
    filled.fill(march, 2, {("2-2", "职教中心招生"): {"累计完成": 0, "下步措施": measure}}, emails={})
    filled.fill(march, 3, {("6-1", "四好农村路新改建"): {"存在问题": "无"}}, emails={})
    doc, _ = model(march)
    texts = _paras(doc)
    assert ("存在问题：", "无") not in texts and ("下步措施：", measure) not in texts
    assert texts.count(("存在问题：", bulletin.UNEXPLAINED)) == 1
    assert texts.count(("下步措施：", bulletin.UNEXPLAINED)) == 1
    assert ("存在问题：", "新校区尚未验收。") in texts  # a text of its own is quoted as written


def test_units_whose_report_was_refused_are_named_as_sent_back_not_missing(march):
    book = read_master(march)
    sheet = book[L.REPORTS_SHEET]
    first = len(sheet.rows) + 1  # rows added under the 报送记录 table, as 汇总回收表 adds them
    while first > 2 and all(v is None for v in sheet.rows[first - 2]):
        first -= 1
    apply_changes(march, [CellChange(L.REPORTS_SHEET, sheet.address(row, header), None, value)
                          for row, (unit, status) in enumerate((("县红十字会", "已退回"), ("县教育和体育局", "已报送")), start=first)
                          for header, value in (("月份", 3), ("单位", unit), ("状态", status))])
    assert set(roster.current(read_master(march), 3)) >= {"县红十字会", "县教育和体育局"}
    doc, _ = model(march)
    (missing,) = [t for _, t in _paras(doc) if t.startswith("截至通报日")]
    (sent_back,) = [t for _, t in _paras(doc) if "已退回" in t]
    assert missing.startswith("截至通报日，12个单位") and "县红十字会" not in missing and "县教育和体育局" not in missing
    assert sent_back == "2个单位的报表已退回，下列指标未通过校验、未并入，请更正后重报：县教育和体育局2项（2-3、8-3）；县红十字会1项（5-2）。"
    assert any("对14个未按时报送的单位进行催报" in t for _, t in _paras(doc))


def test_issuer_names_the_place_and_the_imprint_closes_the_bulletin(march):
    doc, _ = model(march)
    assert doc.issuer == "微山县政府督查室"
    assert doc.text().splitlines()[-2:] == ["抄送：县委办公室，县人大常委会办公室，县政协办公室。",
                                             "微山县政府督查室  2024年4月8日印发"]
