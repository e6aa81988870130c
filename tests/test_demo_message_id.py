"""A mail's Message-ID (issue 17, left): the demo's follows its story (the story clock's name, the date,
the recipients, the subject and the body), so two runs of the story send the same ids; real use keeps
``email.utils.make_msgid``, new each time. Sent through a real SMTP server."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import filled
from minsheng.demo.returns import story_clock
from minsheng.engines.file import FileEngine
from minsheng.jobs import bulletin as publish
from minsheng.jobs import remind as reminding
from minsheng.jobs.mailing import Mailing
from smtp_server import smtp_server

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

ID = re.compile(r"^<[^<>@\s]+@[^<>@\s]+>$")  # RFC 5322 msg-id: <left@right>


def _ids(master: Path, folder: Path, clock=None) -> list[str]:
    """The Message-IDs of the bulletin (no PDF) and the reminders sent from ``master``, in order."""
    kw = {"clock": clock} if clock else {}
    with smtp_server() as (server, port):
        mailing = Mailing(smtp=f"127.0.0.1:{port}", security="none")
        publish.bulletin(FileEngine(master), 3, out=folder / "通报.docx", pdf=False, mailing=mailing, **kw)
        reminding.remind(FileEngine(master), 3, mailing, **kw)
        return [m["Message-ID"] for m in server.messages]


@pytest.fixture
def two(master, tmp_path) -> tuple[Path, Path]:
    filled.fill(master)
    return master, Path(shutil.copy2(master, tmp_path / "again.xlsm"))


def test_the_demo_sends_the_same_ids_each_run(two, tmp_path):
    first = _ids(two[0], tmp_path / "1", story_clock(2024, 3, 8, 10))
    second = _ids(two[1], tmp_path / "2", story_clock(2024, 3, 8, 10))
    assert len(first) >= 5 and first == second
    assert len(set(first)) == len(first) and all(ID.match(i) for i in first)  # one id a message
    assert all(".minsheng-demo-2024040810@" in i for i in first)


def test_another_story_gives_other_ids(two, tmp_path):
    first = _ids(two[0], tmp_path / "1", story_clock(2024, 3, 8, 10))
    later = _ids(two[1], tmp_path / "2", story_clock(2024, 3, 9, 10))
    assert len(first) == len(later) and not set(first) & set(later)


def test_real_use_makes_a_new_id_each_time(two, tmp_path):
    first, second = _ids(two[0], tmp_path / "1"), _ids(two[1], tmp_path / "2")
    assert len(first) >= 5 and len(first) == len(second)
    assert not set(first) & set(second) and len(set(first)) == len(first)
    assert all(ID.match(i) and "minsheng-demo" not in i for i in first + second)
