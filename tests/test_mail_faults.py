"""Mail that neither loses nor repeats (issue 14, failure 5): real servers on 127.0.0.1 that drop the
line, trickle, or stay silent; contact texts with line breaks; passwords and plain text refused."""

from __future__ import annotations

import json
import socket
import time

import pytest

import filled
from minsheng import cli
from minsheng.mail import send as mail
from minsheng.model import layout as L
from smtp_faults import drops_after_first, faulty_server, silent, trickles
from smtp_server import Login, smtp_server
from test_remind import EXPECTED_SEND, logged, run
from xlsm_book import load_xlsm

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


@pytest.fixture
def march(master):
    filled.fill(master)
    return master


def test_a_server_that_drops_after_the_first_message_logs_it_and_a_rerun_sends_only_the_rest(march, capsys):
    with faulty_server(drops_after_first) as server:
        code = run(march, "--smtp", f"127.0.0.1:{server.port}", "--security", "none", "--json")
        received = len(server.messages)
    assert code == cli.PROBLEMS and received == 1
    result = json.loads(capsys.readouterr().out)
    assert [s["key"] for s in result["sent"]] == [EXPECTED_SEND[0][0]] and result["logged"] is True
    assert [f["key"] for f in result["failed"]] == [u for u, _ in EXPECTED_SEND[1:]]
    assert all(f["error"].startswith("未发送：服务器断开后重新连接失败") for f in result["failed"])
    assert [unit for _, unit, _ in logged(march)] == [EXPECTED_SEND[0][0]]  # logged the moment it was accepted

    with smtp_server() as (good, port):
        run(march, "--smtp", f"127.0.0.1:{port}", "--security", "none")
        again = [e.rcpt_tos for e in good.envelopes]
    assert len(again) == len(EXPECTED_SEND) - 1  # only those not sent
    assert [unit for _, unit, _ in logged(march)] == [u for u, _ in EXPECTED_SEND]


def _config(port, timeout=0.5, overall=1.5):
    return mail.SmtpConfig("127.0.0.1", port, "none", timeout=timeout, overall=overall)


def test_a_greeting_that_trickles_forever_ends_within_the_overall_timeout():
    """Each 220- line comes well within the per-read timeout, so only the overall one can end it."""
    config = _config(None, timeout=0.5, overall=1.5)
    with faulty_server(trickles(every=0.1)) as server:
        started = time.monotonic()
        with pytest.raises(mail.MailError) as e:
            mail.send_all(_config(server.port, config.timeout, config.overall), None, [])
        elapsed = time.monotonic() - started
    assert config.overall <= elapsed < config.overall + config.timeout
    assert f"127.0.0.1:{server.port} 在 1.5 秒内未完成应答" in str(e.value)


def test_a_message_answered_by_a_trickle_is_not_sent_and_ends_within_the_overall_timeout():
    msg = mail.compose(mail.address("督查室", "dcs@example.cn"), [mail.address("张三", "a@example.cn")], "催报", "正文")
    with faulty_server(trickles(every=0.1, at="message")) as server:
        started = time.monotonic()
        outcomes = mail.send_all(_config(server.port), None, [("县民政局", msg)])
        elapsed = time.monotonic() - started
    assert elapsed < 1.5 + 0.5 + 1.0  # the message's overall, a read, and the greeting's round trips
    assert [(o.key, o.accepted, o.error.startswith("未发送（或未确认）：服务器在 1.5 秒内未完成应答")) for o in outcomes] \
        == [("县民政局", (), True)]


def test_a_silent_server_ends_at_the_per_read_timeout():
    with faulty_server(silent) as server:
        started = time.monotonic()
        with pytest.raises(mail.MailError, match="无法连接"):
            mail.send_all(_config(server.port, timeout=0.5, overall=60), None, [])
        assert time.monotonic() - started < 0.5 + 1.0


def test_a_contact_with_a_line_break_is_cleaned_reported_and_the_others_still_go(march, capsys):
    book = load_xlsm(march)
    sheet = book[L.CONTACTS_SHEET]
    person = L.CONTACT_HEADERS.index("联系人") + 1
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "县民政局")
    sheet.cell(row, person, "王芳\r\n李强")  # came back like this through the unit's return
    book.save(march)
    with smtp_server() as (server, port):
        code = run(march, "--smtp", f"127.0.0.1:{port}", "--security", "none", "--json")
        to = {m["Subject"].split("（")[1].split("，")[0]: m["To"] for m in server.messages}
    assert code == cli.PROBLEMS  # units without an address, as before
    assert set(to) == {u for u, _ in EXPECTED_SEND}
    assert to["县民政局"].addresses[0].display_name == "王芳 李强"
    result = json.loads(capsys.readouterr().out)
    assert result["cleaned"] == [{"unit": "县民政局", "typed": "王芳\r\n李强", "used": "王芳 李强"}]
    assert not result["failed"]
    run(march, "--dry-run", "--resend", "--unit", "县民政局")
    assert "【已清理】县民政局：联系人“王芳↵李强”含换行，邮件中写作“王芳 李强”" in capsys.readouterr().out


def test_a_password_on_the_command_line_is_refused_unechoed_and_never_resolved(march, capsys, monkeypatch):
    looked_up = []
    real = socket.getaddrinfo
    monkeypatch.setattr(socket, "getaddrinfo", lambda host, *a, **k: looked_up.append(host) or real(host, *a, **k))
    with smtp_server() as (server, port):
        code = run(march, "--smtp", f"dcs:Hunter2-secret@127.0.0.1:{port}", "--security", "none")
    out, err = capsys.readouterr()
    assert code == cli.UNUSABLE and not server.envelopes
    assert "Hunter2-secret" not in out + err and "不能写用户名或密码" in err and mail.PASSWORD_ENV in err
    assert not [h for h in looked_up if "Hunter2" in str(h)]


def test_plain_text_is_for_this_machine_only_and_never_with_a_login(march, capsys, monkeypatch):
    monkeypatch.setenv(mail.PASSWORD_ENV, "s3cret")
    login = Login("dcs", "s3cret")
    with smtp_server(login=login) as (server, port):
        assert run(march, "--smtp", f"127.0.0.1:{port}", "--security", "none", "--user", "dcs") == cli.UNUSABLE
    assert not login.attempts and not server.envelopes
    assert "不能登录" in capsys.readouterr().err
    assert run(march, "--smtp", "smtp.weishan.example.cn:25", "--security", "none") == cli.UNUSABLE
    assert "--allow-plaintext" in capsys.readouterr().err and logged(march) == []
    assert mail.SmtpConfig.parse("192.0.2.7:25", "none", allow_plaintext=True).host == "192.0.2.7"
    assert mail.SmtpConfig.parse("[::1]:25", "none").host == "::1"
    with pytest.raises(ValueError, match="不能登录"):
        mail.SmtpConfig.parse("192.0.2.7:25", "none", allow_plaintext=True, user="dcs")
