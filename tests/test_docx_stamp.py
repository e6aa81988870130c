"""The bulletin's and the digests' .docx carry the run's time (issue 17, left): the demo's story time in
their core properties and zip entries, so two runs of the story give the same bytes; real use, now. The
seed notice's 附件 likewise. Read back with python-docx and zipfile, independent of our writer.

The PDFs cannot follow: LibreOffice stamps /CreationDate from the system clock
(vcl/source/gdi/pdfwriter_impl.cxx, ``PDFWriterImpl::setupDocInfo`` → ``PDFWriter::GetDateTime`` →
``osl_getSystemTime``, and the document /ID is computed from it); no export option or SOURCE_DATE_EPOCH
changes it (LibreOffice 7.4, tested by hand)."""

from __future__ import annotations

import shutil
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import docx
import pytest

import filled
from minsheng.demo.notice import SEED_TIME, seed_docx
from minsheng.demo.returns import story_clock
from minsheng.engines.file import FileEngine
from minsheng.jobs import bulletin as publish


def _docx(master: Path, folder: Path, clock=None) -> dict[str, bytes]:
    kw = {"clock": clock} if clock else {}
    done = publish.bulletin(FileEngine(master), 3, out=folder / "通报.docx", pdf=False, **kw)
    paths = [done.docx, *(Path(d["docx"]) for d in done.digests)]
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in paths}


def _times(path: Path) -> tuple:
    """(created, modified, last printed) as local times, and the zip entries' times."""
    props = docx.Document(str(path)).core_properties
    with zipfile.ZipFile(path) as z:
        entries = {i.date_time for i in z.infolist()}
    local = [t.replace(tzinfo=timezone.utc).astimezone().replace(tzinfo=None)
             for t in (props.created, props.modified, props.last_printed)]
    return (*local, entries)


@pytest.fixture
def two(master, tmp_path):
    filled.fill(master)
    return master, Path(shutil.copy2(master, tmp_path / "again.xlsm"))


def test_two_runs_of_the_story_give_the_same_docx_bytes(two, tmp_path):
    first = _docx(two[0], tmp_path / "1", story_clock(2024, 3, 8, 10))
    second = _docx(two[1], tmp_path / "2", story_clock(2024, 3, 8, 10))
    assert len(first) >= 3 and first == second  # the bulletin and each leader's digest
    story = datetime(2024, 4, 8, 10, 1)  # the clock's second reading: the first dated the bulletin
    for name in first:
        assert _times(tmp_path / "1" / name) == (story, story, story, {story.timetuple()[:6]}), name


def test_real_use_stamps_the_time_of_the_run(two, tmp_path):
    before = datetime.now().replace(microsecond=0)
    _docx(two[0], tmp_path)
    after = datetime.now()
    created, modified, printed, entries = _times(tmp_path / "通报.docx")
    assert before <= created == modified == printed <= after
    early = (before - timedelta(seconds=2)).timetuple()[:6]  # a zip entry's time counts in steps of 2 s
    assert all(early <= e <= after.timetuple()[:6] for e in entries)


def test_the_seed_notice_is_saved_at_the_storys_time(tmp_path):
    first, second = seed_docx(tmp_path / "a.docx"), seed_docx(tmp_path / "b.docx")
    assert first.read_bytes() == second.read_bytes()
    assert _times(first) == (SEED_TIME, SEED_TIME, SEED_TIME, {SEED_TIME.timetuple()[:6]})
