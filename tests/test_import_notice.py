"""导入通知: the seed notice (.txt and a .docx / .xlsx made from it) gives the embedded catalogue
row for row, except the rows catalogue2024.md records as judgement calls, which come out 需核对."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import docx
import pytest
from openpyxl import Workbook, load_workbook

from minsheng.cli import main
from minsheng.jobs import import_notice as job
from minsheng.model.catalogue import CATALOGUE_COLUMNS
from minsheng.notice import draft, rules

ROOT = Path(__file__).resolve().parents[1]
NOTICE = ROOT / "python" / "minsheng" / "data" / "notice2024.txt"
DATA = ROOT / "python" / "minsheng" / "data"
COMPARED = [c for c in CATALOGUE_COLUMNS if c != "指标"]  # 指标 is a proposed name the clerk shortens


def expected():
    return list(csv.DictReader((DATA / "catalogue2024.csv").open(encoding="utf-8")))


def judgement_items() -> set[str]:
    """Items of catalogue2024.md's table whose "why" column is filled."""
    rows = re.findall(r"^\| (\d+-\d+) \|.*\|\s*([^|]*?)\s*\|$", (DATA / "catalogue2024.md").read_text("utf-8"), re.M)
    return {item for item, why in rows if why}


def notice_table() -> list[list[str]]:
    return [line.split("\t") for line in NOTICE.read_text("utf-8").splitlines() if len(line.split("\t")) == 6]


def make_docx(path: Path) -> Path:
    """The notice's table in Word: 序号/类别 merged down each category, the header repeated mid-table."""
    lines = [r for r in notice_table() if r[0] != "序号"]
    header = notice_table()[0]
    document = docx.Document()
    document.add_paragraph("2024年县政府民生实事项目表")
    table = document.add_table(rows=0, cols=6)
    first, repeated = {}, False
    for n, cells in enumerate(lines):
        if n >= 15 and cells[0] and not repeated:  # a new page: Word repeats the header
            repeated = True
            row = table.add_row()
            for cell, text in zip(row.cells, header):
                cell.text = text
        row = table.add_row()
        for i, text in enumerate(cells):
            if i < 2 and not text:
                continue
            row.cells[i].text = text.strip()
        if cells[0]:
            first = {0: row.cells[0], 1: row.cells[1]}
        else:
            for i in (0, 1):
                first[i] = first[i].merge(row.cells[i])
    table.rows[0]._tr.addprevious(_row_copy(table, header))
    document.save(path)
    return path


def _row_copy(table, header):
    row = table.add_row()
    for cell, text in zip(row.cells, header):
        cell.text = "责任\n单位" if text == "责任单位" else text
    tr = row._tr
    tr.getparent().remove(tr)
    return tr


def make_xlsx(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["2024年县政府民生实事项目表"])
    sheet.merge_cells("A1:F1")
    lines = notice_table()
    sheet.append(lines[0])
    start = None
    for cells in [r for r in lines if r[0] != "序号"] + [["", "", "", "", "", ""]]:
        row = sheet.max_row + 1
        if cells[0] or not any(cells):
            if start and row - 1 > start:
                sheet.merge_cells(f"A{start}:A{row - 1}")
                sheet.merge_cells(f"B{start}:B{row - 1}")
            start = row
        if any(cells):
            sheet.append([int(c) if c.isdigit() else (c.strip() or None) for c in cells])
    book.save(path)
    return path


def check_golden(rows):
    exp, judged = expected(), judgement_items()
    ids = list(dict.fromkeys(r["项目编号"] for r in exp))
    assert list(dict.fromkeys(r["项目编号"] for r in rows)) == ids
    marked = {r["项目编号"] for r in rows if r["需核对"]}
    assert marked and marked <= judged, marked - judged
    for item in set(ids) - marked:
        got = [[r[c] for c in COMPARED] for r in rows if r["项目编号"] == item]
        assert got == [[r[c] for c in COMPARED] for r in exp if r["项目编号"] == item], item
    return marked


def flat(rows):
    return [tuple(r[c] for c in draft.DRAFT_COLUMNS if c != "原文") for r in rows]


def test_seed_notice_txt_gives_the_catalogue_except_judgement_rows():
    marked = check_golden(job.draft_rows(NOTICE))
    assert marked == {"2-3", "5-3", "5-6", "7-1", "7-2", "9-2"}
    row = next(r for r in job.draft_rows(NOTICE) if r["项目编号"] == "7-2")
    assert "各10万平方米" in row["需核对"] and "供热、供气面积" in row["需核对"]


def test_docx_with_merged_cells_and_repeated_header_reads_as_the_txt(tmp_path):
    path = make_docx(tmp_path / "通知.docx")
    assert len(docx.Document(str(path)).tables[0].rows) == 32  # 30 items, header twice
    rows = job.draft_rows(path)
    check_golden(rows)
    assert flat(rows) == flat(job.draft_rows(NOTICE))
    assert rows[0]["原文"].startswith("表1 第2行：")


def test_xlsx_with_title_row_and_merged_cells_reads_as_the_txt(tmp_path):
    rows = job.draft_rows(make_xlsx(tmp_path / "通知.xlsx"))
    assert flat(rows) == flat(job.draft_rows(NOTICE))


@pytest.mark.parametrize("text, expected", [
    ("城镇新增就业不少于 3000 人", [(3000, "人", "")]),
    ("新建三所学校", [(3, "所", "")]),
    ("新增1.2万人就业", [(12000, "人", "")]),
    ("2024年完成主体工程", []),
    ("新建5G基站", []),
    ("按四级及以上标准建设", []),
    ("将医疗费用控制在5%以内", [(5, "%", "notice-ceiling")]),
    ("新增病床0张", [(0, "张", "notice-zero-target")]),
])
def test_which_numbers_are_targets(text, expected):
    got = [(t.value, t.measure, t.note.code if t.note else "") for t in rules.read_targets(text).targets]
    assert got == expected


@pytest.mark.parametrize("text, code, note", [
    ("每学期开展 1 次心理辅导", "notice-per-time", "每学期"),
    ("每户修缮不低于 12000 元", "notice-per-time", "每户"),
    ("建设 10 处,其中 3 处", "notice-sub-part", "其中"),
    ("提高 9 类群众保障标准", "notice-no-measure", "9 类"),
])
def test_numbers_left_out_are_named_for_a_person(text, code, note):
    reading = rules.read_targets(text)
    assert [n.code for n in reading.notes] == [code] and note in reading.notes[0].message, reading
    assert not [t for t in reading.targets if "其中" in text and t.value == 3]


def write_notice(tmp_path, *rows):
    path = tmp_path / "通知.txt"
    lines = ["序号\t项目类别\t项目内容\t分管县领导\t责任单位\t协办单位"] + ["\t".join(r) for r in rows]
    path.write_text("\n".join(lines), "utf-8")
    return path


def test_units_unknown_close_or_missing_are_marked(tmp_path):
    path = write_notice(tmp_path, ("1", "就业", "新增就业 100 人", "张三", "县人力资源社会保障局", "县财正局"),
                        ("", "", "新建公园 2 处", "张三", "", ""))
    rows = job.draft_rows(path)
    assert "“县财正局”不在单位目录中，与“县财政局”相近" in rows[0]["需核对"]
    assert rows[1]["需核对"] == "没有责任单位；请补填"


def test_cli_import_then_build_refuses_marked_rows_until_cleared(tmp_path, capsys):
    out = tmp_path / "目录草稿2024.xlsx"
    assert main(["import", str(NOTICE), "--out", str(out)]) == 1
    assert "6 行标了“需核对”" in capsys.readouterr().out
    sheet = load_workbook(out).active  # openpyxl as an independent reader
    header = [c.value for c in sheet[1]]
    assert tuple(header) == draft.DRAFT_COLUMNS
    master = tmp_path / "民生实事2024.xlsm"
    assert main(["build", "--catalog", str(out), "--out", str(master)]) == 2
    err = capsys.readouterr().err
    assert "还有 6 行标着“需核对”" in err and "7-2" in err and "9-2" in err
    assert not master.exists()
    book = load_workbook(out)
    at = header.index("需核对") + 1
    for r in range(2, book.active.max_row + 1):
        book.active.cell(r, at).value = None
    book.save(out)
    assert main(["build", "--catalog", str(out), "--out", str(master)]) == 0
    assert "9 类 30 项 30 个指标" in capsys.readouterr().out


def test_csv_draft_second_run_changes_nothing(tmp_path):
    out = tmp_path / "目录草稿.csv"
    first = job.import_notice(NOTICE, out)
    before = out.read_bytes()
    again = job.import_notice(NOTICE, out)
    assert out.read_bytes() == before and again.backup is None and first.backup is None
    assert before.decode("utf-8").splitlines()[0].split(",") == list(draft.DRAFT_COLUMNS)


@pytest.mark.parametrize("name, content, says", [
    ("通知.pages", b"PK", "不支持的文件类型 .pages"),
    ("通知.pdf", b"%PDF-1.4", "通知.pdf：文件已损坏"),
    ("通知.docx", b"not a zip", "通知.docx：文件已损坏"),
    ("通知.txt", "没有表格的通知".encode(), "没有找到带“序号”"),
])
def test_unreadable_notice_is_a_clear_message(tmp_path, capsys, name, content, says):
    path = tmp_path / name
    path.write_bytes(content)
    assert main(["import", str(path), "--out", str(tmp_path / "草稿.xlsx")]) == 2
    assert says in capsys.readouterr().err
    assert not (tmp_path / "草稿.xlsx").exists()


@pytest.mark.parametrize("text, value", [("三", 3), ("十二", 12), ("二十", 20), ("一百二十", 120), ("两", 2),
                                         ("两百", 200), ("一千零五", 1005), ("三千二百", 3200), ("零", 0),
                                         ("三四", None), ("十五六", None), ("百", None), ("所", None)])
def test_chinese_numerals_read_by_cn2an(text, value):
    assert rules.chinese_number(text) == value


def test_a_rough_count_is_no_target_and_is_named():
    reading = rules.read_targets("新建三四所学校")
    assert (reading.targets, [n.code for n in reading.notes]) == ((), ["notice-rough-number"])


def pdf_words(pdf: Path) -> list[list[tuple[float, float, float, str]]]:
    """Per page, each word LibreOffice drew: (x left, x right, y top, text), from poppler's pdftotext -bbox."""
    import html
    import subprocess

    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    found = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>')
    return [[(float(a), float(c), float(b), html.unescape(t)) for a, b, c, t in found.findall(page)]
            for page in out.split("<page ")[1:]]


@pytest.mark.libreoffice
def test_the_draft_prints_every_column_on_each_page_with_its_header_at_9_pt_and_nothing_cut(tmp_path):
    from minsheng.engines.libreoffice import convert

    out = tmp_path / "目录草稿2024.xlsx"
    job.import_notice(NOTICE, out)
    sheet = load_workbook(out).active  # openpyxl as an independent reader of the page setup
    setup = sheet.page_setup
    assert (setup.paperSize, setup.orientation, sheet.print_title_rows) == (8, "landscape", "$1:$1")  # A3
    assert min(c.font.sz for row in sheet.iter_rows() for c in row) * setup.scale / 100 >= 9
    assert all(c.alignment.wrap_text for row in sheet.iter_rows() for c in row)
    pages = pdf_words(convert(out, "pdf", tmp_path / "pdf"))
    assert len(pages) > 1
    values = {h: [str(v) for v in col if v is not None] for h, *col in
              (list(c) for c in sheet.iter_cols(values_only=True))}
    texts = {h: "" for h in ("项目类别", "项目内容", "协办单位", "原文", "需核对")}
    for words in pages:
        header = [w for w in words if w[3] == "项目类别"]
        assert header, "the header row is repeated on every page"
        top = header[0][2]
        starts = sorted((w[0], w[3]) for w in words if abs(w[2] - top) < 1)
        # every column's header on every page: one page wide
        assert "".join(t for _, t in starts).startswith("项目编")
        assert [t for _, t in starts][-1] == "需核对"
        (x0, x1, _, _), = header
        assert (x1 - x0) / len("项目类别") >= 8.9  # points per character: 9 pt type
        lefts = dict((t, x) for x, t in starts if t in texts or t in ("项目编", "分管县", "责任单位", "指标", "目标值"))
        edges = sorted(lefts.values())
        footer = max(w[2] for w in words)  # 第 n 页，共 m 页
        for name in texts:
            left = lefts[name]
            right = next((e for e in edges if e > left + 1), 10_000)
            texts[name] += "".join(w[3] for w in sorted(words, key=lambda w: (w[2], w[0]))
                                   if left - 1 <= w[0] < right - 1 and top + 5 < w[2] < footer)
    for name, text in texts.items():  # nothing clipped: every character of every cell is on paper
        assert text == "".join(values[name]).replace(" ", "").replace("\n", ""), name
