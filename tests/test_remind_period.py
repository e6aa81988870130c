"""报送周期 季: the reminders name the quarter as the bulletin does (一季度, 本季度填报表), in the
.eml drafts' names, the subject, the body and the 日志 line of each reminder a real SMTP server
accepted; a county reporting monthly keeps 3月 and 本月."""

from __future__ import annotations

from datetime import date, datetime
from email import message_from_bytes, policy

import pytest

import filled
from minsheng.engines.file import FileEngine, read_master
from minsheng.jobs import remind as job
from minsheng.jobs.mailing import Mailing
from minsheng.model import layout as L
from smtp_server import smtp_server
from test_digest_quarter import set_cadence

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

DAY = date(2024, 4, 3)
PERIODS = [("季", "一季度", "本季度"), ("月", "3月", "本月")]


def clock() -> datetime:
    return datetime(2024, 4, 3, 9)


def master_with(master, cadence):
    march = filled.fill(master)
    set_cadence(march, cadence)
    return march


@pytest.mark.parametrize("cadence, period, this", PERIODS)
def test_drafts_are_named_and_worded_by_the_period(master, tmp_path, cadence, period, this):
    march = master_with(master, cadence)
    done = job.remind(FileEngine(march), 3, Mailing(eml_dir=tmp_path / "草稿"), day=DAY, clock=clock)
    units = [r.unit for r in done.plan.send]
    names = sorted(p.name for p in (tmp_path / "草稿").iterdir())
    assert units and names == sorted(f"{period}催报_{u}.eml" for u in units)
    for name in names:
        draft = message_from_bytes((tmp_path / "草稿" / name).read_bytes(), policy=policy.default)
        text = draft.get_body(("plain",)).get_content()
        assert draft["Subject"].startswith(f"【催报】2024年{period}民生实事进展")
        assert f"2024年{period}民生实事进展应于4月5日前报送" in text
        assert f"{this}填报表" in text or f"{this}报表已收到" in text
        assert cadence == "月" or "3月" not in draft["Subject"] + text.replace("2024年4月3日", "")
    lines = job.summary(done.to_dict())
    assert lines[0].startswith(f"{period}催报：待发 {len(units)} 个单位")


@pytest.mark.parametrize("cadence, period, this", PERIODS)
def test_the_subject_and_log_name_the_period_of_what_was_sent(master, cadence, period, this):
    march = master_with(master, cadence)
    with smtp_server() as (server, port):
        done = job.remind(FileEngine(march), 3, Mailing(smtp=f"127.0.0.1:{port}", security="none"),
                          day=DAY, clock=clock)
        subjects = [m["Subject"] for m in server.messages]
    assert done.sent and len(subjects) == len(done.sent)
    assert all(s.startswith(f"【催报】2024年{period}民生实事进展") for s in subjects), subjects
    said = [str(r["内容"]) for _, r in read_master(march)[L.LOG_SHEET].records() if r["操作"] == "催报提醒"]
    assert len(said) == len(done.sent) and all(s.startswith(f"2024年{period}：") for s in said), said
    assert cadence == "月" or not any("3月" in s for s in said + subjects)
