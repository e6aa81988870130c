"""导入通知 from the files offices pass on: .doc and .wps through LibreOffice, PDF with a text
layer through pdfplumber. The fixtures are the seed notice's Word table (tests/test_import_notice's
``make_docx``: merged 序号/类别, the header repeated) turned into .doc and .pdf by LibreOffice."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest

from minsheng.cli import main
from minsheng.engines import libreoffice
from minsheng.jobs import import_notice as job
from minsheng.notice.read import CUT
from test_import_notice import NOTICE, check_golden, flat, make_docx

pytestmark = pytest.mark.skipif(libreoffice.soffice() is None and not __import__("os").environ.get("CI"),
                                reason="LibreOffice makes the fixtures")


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("notice-files")
    source = make_docx(folder / "通知.docx")
    document = docx.Document(str(source))
    document.tables[0].style = "Table Grid"  # ruled, as notices are printed: the PDF's table has lines
    document.save(str(source))
    # LibreOffice drops python-docx's table going straight from .docx to .doc; through .odt it keeps it
    odt = libreoffice.convert(source, "odt", folder / "odt")
    made = {"docx": source, "doc": libreoffice.convert(odt, "doc", folder / "doc"),
            "pdf": libreoffice.convert(source, "pdf", folder / "pdf")}
    made["wps"] = shutil.copy(made["doc"], folder / "通知.wps")  # WPS 文字 saves .wps in Word's binary format
    blank = folder / "扫描件.docx"
    docx.Document().save(str(blank))
    made["scan"] = libreoffice.convert(blank, "pdf", folder / "pdf")
    return made


@pytest.mark.parametrize("kind", ["doc", "wps"])
def test_doc_and_wps_read_as_the_txt(files, kind):
    rows = job.draft_rows(files[kind])
    check_golden(rows)
    assert flat(rows) == flat(job.draft_rows(NOTICE))


def squashed(rows, drop=""):
    """``flat`` with spaces dropped (a PDF's text layer spaces digits its own way) and the notes
    starting with ``drop`` left out, each note once."""
    out = []
    for row in flat(rows):
        notes = [n for n in (re.sub(r"\s+", "", n) for n in row[-1].split("；")) if n and not (drop and n.startswith(drop))]
        out.append(tuple(re.sub(r"\s+", "", v) for v in row[:-1]) + ("；".join(dict.fromkeys(notes)),))
    return out


def test_pdf_tables_read_as_the_txt_and_rows_cut_by_a_page_are_marked(files):
    rows = job.draft_rows(files["pdf"])
    cut = [r["项目编号"] for r in rows if "跨页断开" in r["需核对"]]
    assert cut and all(CUT in r["原文"] for r in rows if r["项目编号"] in cut)
    assert squashed(rows, ("此行在PDF中跨页断开", "请对照原文核对各列")) == squashed(job.draft_rows(NOTICE))
    assert rows[0]["原文"].startswith("第1页 表1 第2行：")


def test_pdf_without_text_is_named_a_scan(files, tmp_path, capsys):
    assert main(["import", str(files["scan"]), "--out", str(tmp_path / "草稿.xlsx")]) == 2
    assert "扫描件.pdf：PDF 中没有文字（可能是扫描件）" in capsys.readouterr().err


def test_doc_without_libreoffice_says_what_to_do(files, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(tmp_path))  # a machine without LibreOffice on its PATH
    if libreoffice.soffice() is not None:
        pytest.skip("LibreOffice is installed where the PATH does not reach")
    assert main(["import", str(files["doc"]), "--out", str(tmp_path / "草稿.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "通知.doc：.doc 文件要用 LibreOffice 转换后才能读取，本机未安装 LibreOffice" in err
    assert "另存为 .docx" in err
