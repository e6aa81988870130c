"""报送周期 季: the bulletin's mail names the quarter as its title does: the .eml drafts
(``一季度通报_…``) and the 日志 line of each message a real SMTP server accepted; monthly keeps 3月."""

from __future__ import annotations

from datetime import date, datetime

import pytest

import filled
from minsheng.engines.file import FileEngine, read_master
from minsheng.jobs import bulletin as job
from minsheng.jobs.mailing import Mailing
from minsheng.model import layout as L
from smtp_server import smtp_server
from test_digest_quarter import set_cadence

DAY = date(2024, 4, 8)


def clock() -> datetime:
    return datetime(2024, 4, 8, 10)


@pytest.mark.parametrize("cadence, period", [("季", "一季度"), ("月", "3月")])
def test_drafts_are_named_by_the_period(master, tmp_path, cadence, period):
    march = filled.fill(master)
    set_cadence(march, cadence)
    done = job.bulletin(FileEngine(march), 3, folder=tmp_path / "通报", day=DAY, pdf=False,
                        mailing=Mailing(eml_dir=tmp_path / "草稿"), clock=clock)
    names = sorted(p.name for p in (tmp_path / "草稿").iterdir())
    assert names and names == sorted(f"{period}通报_{d}.eml" for d in ["县政府督查室", "蒋红星", "张呈祥"])
    assert sorted(map(str, done.mail["drafts"])) == sorted(str(tmp_path / "草稿" / n) for n in names)


@pytest.mark.parametrize("cadence, period", [("季", "一季度"), ("月", "3月")])
def test_the_log_names_the_period_of_what_was_sent(master, tmp_path, cadence, period):
    march = filled.fill(master)
    set_cadence(march, cadence)
    with smtp_server() as (server, port):
        done = job.bulletin(FileEngine(march), 3, folder=tmp_path / "通报", day=DAY, pdf=False,
                            mailing=Mailing(smtp=f"127.0.0.1:{port}", security="none"), clock=clock)
        assert len(server.envelopes) == 3
    assert len(done.mail["sent"]) == 3
    said = [str(r["内容"]) for _, r in read_master(march)[L.LOG_SHEET].records() if r["操作"] == "通报发送"]
    assert len(said) == 3 and all(s.startswith(f"2024年{period}通报：已发送至 ") for s in said), said
    assert cadence == "月" or not any("3月" in s for s in said)
