"""The clock of the bulletin and the reminders (issue 17, part D): the 日志 stamps of what was sent
and the mail's Date header follow the clock the job is given (the demo's story clock), so a rerun
gives the same stamps; real use keeps the time of day. Sent through a real SMTP server."""

from __future__ import annotations

import shutil
from datetime import datetime
from email.utils import parsedate_to_datetime

import pytest

import filled
from minsheng.demo.returns import story_clock
from minsheng.engines.file import FileEngine, read_master
from minsheng.jobs import bulletin as publish
from minsheng.jobs import remind as reminding
from minsheng.jobs.mailing import Mailing
from minsheng.model import layout as L
from smtp_server import smtp_server

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


def _stamps(master) -> list[tuple[str, str]]:
    return [(r["时间"], r["操作"]) for _, r in read_master(master)[L.LOG_SHEET].records()
            if r["操作"] in (reminding.reminders.ACTION, publish.ACTION)]


def _send_both(master, tmp_path, clock=None) -> tuple[list, list]:
    """Bulletin (no PDF) and reminders sent over SMTP from ``master``: (日志 stamps, Date headers)."""
    kw = {"clock": clock} if clock else {}
    with smtp_server() as (server, port):
        mailing = Mailing(smtp=f"127.0.0.1:{port}", security="none")
        publish.bulletin(FileEngine(master), 3, out=tmp_path / "通报.docx", pdf=False, mailing=mailing, **kw)
        reminding.remind(FileEngine(master), 3, mailing, **kw)
        dates = [m["Date"] for m in server.messages]
    return _stamps(master), dates


def test_a_rerun_with_the_story_clock_gives_the_same_stamps_and_dates(master, tmp_path):
    filled.fill(master)
    again = shutil.copy2(master, tmp_path / "again.xlsm")
    first = _send_both(master, tmp_path / "1", story_clock(2024, 3, 8, 10))
    second = _send_both(again, tmp_path / "2", story_clock(2024, 3, 8, 10))
    stamps, dates = first
    assert len(stamps) >= 5 and len(dates) == len(stamps)  # each message sent is logged
    assert first == second
    assert {s[:10] for s, _ in stamps} == {"2024-04-08"}
    assert {parsedate_to_datetime(d).replace(tzinfo=None).date().isoformat() for d in dates} == {"2024-04-08"}
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)  # one tick of the clock each


def test_real_use_keeps_the_time_of_day(master, tmp_path):
    filled.fill(master)
    before = datetime.now().replace(microsecond=0)
    stamps, dates = _send_both(master, tmp_path)
    after = datetime.now()
    assert stamps and dates
    assert all(before <= datetime.fromisoformat(s) <= after for s, _ in stamps)
    assert all(before <= parsedate_to_datetime(d).astimezone().replace(tzinfo=None) <= after for d in dates)
