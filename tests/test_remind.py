"""催报提醒: who gets a reminder, what it says, and how it travels (real SMTP on 127.0.0.1)."""

from __future__ import annotations

import tempfile
from datetime import date
from email import message_from_bytes, policy
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

import filled
from minsheng.status.progress import compute
from minsheng import cli
from minsheng.model import contacts
from minsheng.model import layout as L
from minsheng.mail import send as mail
from minsheng.mail import reminders
from minsheng.model import settings as settings_mod
from minsheng.commands import remind as command
from minsheng.engines.file import read_master
from minsheng.engines.disk import sha256
from smtp_server import CERT, Login, smtp_server

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

TODAY = date(2024, 4, 3)

# What the filled March master should produce (linear plan: 25 % due by March).
EXPECTED_SEND = [
    ("县残联", "未报送1项"),
    ("县教育和体育局", "未报送2项、滞后2项"),
    ("县卫生健康局", "未报送1项"),
    ("县民政局", "未报送5项"),
    ("县住房和城乡建设局", "未报送4项"),
    ("县交通运输局", "滞后1项"),
]


@pytest.fixture
def march(master):
    filled.fill(master)
    return master


def state(master):
    book = read_master(master)
    return book, compute(book, 3), settings_mod.load(book)


def run(master, *argv, today=TODAY):
    args = cli.make_parser().parse_args(["remind", str(master), "--month", "3", *argv])
    args.date = today or args.date  # the day the reminders are dated
    return command.run(args)


def logged(master):
    return [(r["操作"], r["单位"], r["内容"]) for _, r in read_master(master)[L.LOG_SHEET].records()]


def test_plan_reminds_missing_and_behind_units_and_reports_units_without_address(march):
    book, progress, settings = state(march)
    plan = reminders.plan(progress, contacts.load(book), year=2024, due_day=settings.due_day)
    assert [(r.unit, r.reason) for r in plan.send] == EXPECTED_SEND
    assert [(r.unit, r.to) for r in plan.send][3] == ("县民政局", ("mzj@weishan.example.cn", "mzj-bgs@weishan.example.cn"))
    no_address = {r.unit: reminders.no_address_reason(r) for r in plan.no_address}
    # 7-1 has two responsible units: both are reminded, neither has an address
    assert {"县红十字会", "县水务局", "微矿集团", "县市场监管局"} - set(no_address) == {"县市场监管局"}
    assert "电子邮箱为空" in no_address["县水务局"] and "单位通讯录" in no_address["县水务局"]
    assert "县人力资源社会保障局" not in no_address and all(r.unit != "县人力资源社会保障局" for r in plan.send)


def test_an_address_that_is_not_one_is_reported_with_its_cell(master):
    filled.fill(master, emails={"县红十字会": "hszh at weishan"})
    book, progress, _ = state(master)
    plan = reminders.plan(progress, contacts.load(book), year=2024, due_day=5)
    red_cross = next(r for r in plan.no_address if r.unit == "县红十字会")
    message = reminders.no_address_reason(red_cross)
    assert "“hszh、at、weishan”不是有效的电子邮箱" in message
    row = next(n for n, r in book[L.CONTACTS_SHEET].records() if r["单位"] == "县红十字会")
    assert f"D{row}" in message


def test_reminder_text_names_indicators_and_due_date(march):
    book, progress, _ = state(march)
    plan = reminders.plan(progress, contacts.load(book), year=2024, due_day=5)
    education = next(r for r in plan.send if r.unit == "县教育和体育局")
    text = reminders.body(education, contacts.load(book).office, TODAY)
    assert reminders.subject(education) == "【催报】2024年3月民生实事进展请报送（县教育和体育局，4月5日前）"
    assert "2-1 " in text and "普通高中新增招生：完成率8.8%，时序进度25.0%，落后16.2个百分点（滞后）" in text
    assert "一、尚未报送（2项）" in text and "二、进度滞后（2项）" in text
    assert "现已超过截止日期" not in text
    assert "现已超过截止日期" in reminders.body(education, None, date(2024, 4, 8))


def test_a_late_reminder_does_not_ask_for_the_return_by_a_day_already_past(march):
    book, progress, _ = state(march)
    plan = reminders.plan(progress, contacts.load(book), year=2024, due_day=5)
    education = next(r for r in plan.send if r.unit == "县教育和体育局")
    late = date(2024, 4, 8)
    text = reminders.body(education, None, late)
    assert "于4月5日前报回" not in text and "尽快报回本邮箱" in text
    assert reminders.subject(education, late) == "【催报】2024年3月民生实事进展请报送（县教育和体育局，截止4月5日，已逾期）"
    assert "于4月5日前报回本邮箱" in reminders.body(education, None, TODAY)
    assert reminders.subject(education, date(2024, 4, 5)).endswith("4月5日前）")  # the due day itself is in time


def test_only_units_with_something_missing_are_told_to_ignore_it_if_sent(march):
    """A unit that reported but lags is not told “已报送的请忽略本提醒”: it did report."""
    book, progress, _ = state(march)
    plan = reminders.plan(progress, contacts.load(book), year=2024, due_day=5)
    texts = {r.unit: (r, reminders.body(r, None, TODAY)) for r in plan.send}
    lagging = [t for r, t in texts.values() if r.behind and not r.missing]
    missing = [t for r, t in texts.values() if r.missing and not r.behind]
    both = [t for r, t in texts.values() if r.missing and r.behind]
    assert lagging and missing and both
    assert all("忽略" not in t and "贵单位本月报表已收到" in t and "于4月5日前报回本邮箱" in t for t in lagging)
    assert all("已报送的请忽略本提醒" in t for t in missing)
    assert all("第一项所列指标如已报送，可忽略该项" in t and "已报送的请忽略本提醒" not in t for t in both)


def test_message_is_7bit_clean_with_rfc2047_subject_and_rfc2231_file_name(tmp_path):
    attachment = tmp_path / "2024年3月填报表_县民政局.xlsx"
    attachment.write_bytes(b"PK\x03\x04 not really a workbook")
    msg = mail.compose(mail.address("县政府督查室", "dcs@weishan.example.cn"),
                       [mail.address("李四", "mzj@weishan.example.cn")], "【催报】民政局3月进展", "请报送。\n",
                       attachments=(attachment,))
    raw = msg.as_bytes(policy=policy.SMTP)
    assert raw.isascii()
    head = raw.split(b"\r\n\r\n", 1)[0].decode()
    assert "Subject: =?utf-8?" in head and "=?utf-8?" in head.split("From:")[1].split("\r\n")[0]
    assert "filename*0*=utf-8''2024%E5%B9%B43%E6%9C%88" in raw.decode()  # RFC 2231, continued
    assert "filename*1*=%E5%8E%BF" in raw.decode()
    back = message_from_bytes(raw, policy=policy.default)
    assert back["Subject"] == "【催报】民政局3月进展"
    assert back["From"].addresses[0].display_name == "县政府督查室"
    (part,) = list(back.iter_attachments())
    assert part.get_filename() == attachment.name and part.get_content() == attachment.read_bytes()
    assert back.get_body(("plain",)).get_content() == "请报送。\n"


def test_send_over_smtp_logs_each_reminder_and_a_second_run_sends_nothing(march):
    with smtp_server() as (server, port):
        code = run(march, "--smtp", f"127.0.0.1:{port}", "--security", "none")
        assert code == cli.PROBLEMS  # units without an address are a problem to report
        got = [(m["Subject"], tuple(e.rcpt_tos)) for m, e in zip(server.messages, server.envelopes)]
        assert [s for s, _ in got] == [f"【催报】2024年3月民生实事进展{'请说明滞后原因' if u == '县交通运输局' else '请报送'}"
                                       f"（{u}，4月5日前）" for u, _ in EXPECTED_SEND]
        assert got[3][1] == ("mzj@weishan.example.cn", "mzj-bgs@weishan.example.cn")
        assert all(e.mail_from == "dcs@weishan.example.cn" for e in server.envelopes)
        body = server.messages[1].get_body(("plain",)).get_content()
        assert body.startswith("县教育和体育局：") and "职教中心招生" in body
        log = logged(march)
        assert [(op, unit) for op, unit, _ in log] == [("催报提醒", u) for u, _ in EXPECTED_SEND]
        assert log[3][2] == "2024年3月：未报送5项；已发送至 mzj@weishan.example.cn、mzj-bgs@weishan.example.cn"
        before = sha256(march)
        assert run(march, "--smtp", f"127.0.0.1:{port}", "--security", "none") == cli.PROBLEMS
        assert len(server.envelopes) == len(EXPECTED_SEND)  # nothing new
        assert sha256(march) == before


def test_mail_sent_but_master_opened_meanwhile_is_a_problem_not_success(march, capsys):
    """The clerk opens the master in Excel while the reminders go out: they are gone, the log
    cannot be written, so the run must say so and not exit 0."""
    lock = march.with_name("~$" + march.name)
    with smtp_server(on_data=lambda: lock.write_bytes(b"")) as (server, port):
        code = run(march, "--smtp", f"127.0.0.1:{port}", "--security", "none", "--json")
    assert server.envelopes and code == cli.PROBLEMS
    captured = capsys.readouterr()
    assert __import__("json").loads(captured.out)["logged"] is False
    assert "未能写入“日志”" in captured.err
    lock.unlink()
    assert logged(march) == []  # nothing was written behind Excel's back


def test_a_changed_situation_is_a_new_reminder(march):
    with smtp_server() as (server, port):
        run(march, "--smtp", f"127.0.0.1:{port}", "--security", "none", "--unit", "县卫生健康局")
        filled.fill(march, 3, {("3-2", "形象进度"): {"形象进度": 0.05}}, emails={})  # reported now, but behind
        run(march, "--smtp", f"127.0.0.1:{port}", "--security", "none", "--unit", "县卫生健康局")
        subjects = [m["Subject"] for m in server.messages]
    assert subjects == ["【催报】2024年3月民生实事进展请报送（县卫生健康局，4月5日前）",
                        "【催报】2024年3月民生实事进展请说明滞后原因（县卫生健康局，4月5日前）"]


def test_server_refusing_one_recipient(march, capsys):
    refused = {"mzj-bgs@weishan.example.cn", "jtysj@weishan.example.cn"}
    with smtp_server(refuse=refused) as (server, port):
        code = run(march, "--smtp", f"127.0.0.1:{port}", "--security", "none", "--json")
        delivered = [tuple(e.rcpt_tos) for e in server.envelopes]
    assert code == cli.PROBLEMS
    assert ("mzj@weishan.example.cn",) in delivered and len(delivered) == len(EXPECTED_SEND) - 1
    result = __import__("json").loads(capsys.readouterr().out)
    failed = {f["key"]: f for f in result["failed"]}
    assert set(failed) == {"县民政局", "县交通运输局"}
    assert failed["县民政局"]["accepted"] == ["mzj@weishan.example.cn"]
    assert failed["县交通运输局"]["refused"] == {"jtysj@weishan.example.cn": "550 5.1.1 mailbox unavailable"}
    units = [unit for _, unit, _ in logged(march)]
    assert "县交通运输局" not in units and "县民政局" in units  # logged only what went out
    assert next(c for _, u, c in logged(march) if u == "县民政局").endswith("已发送至 mzj@weishan.example.cn")


def test_starttls_with_login_password_from_environment(march, monkeypatch):
    monkeypatch.setenv(mail.PASSWORD_ENV, "s3cret-pass")
    login = Login("dcs", "s3cret-pass")
    with smtp_server("starttls", login=login) as (server, port):
        code = run(march, "--smtp", f"127.0.0.1:{port}", "--user", "dcs", "--cafile", str(CERT), "--unit", "县残联")
    assert code == cli.OK and login.attempts == [b"dcs"]
    assert [m["To"] for m in server.messages] == ["cl@weishan.example.cn"]


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self):
        super().__init__()
        self.store = {}

    def get_password(self, service, username):
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        self.store.pop((service, username), None)


@pytest.fixture
def memory_keyring(monkeypatch):
    monkeypatch.delenv(mail.PASSWORD_ENV, raising=False)
    previous = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(previous)


def test_ssl_with_password_from_keyring(march, memory_keyring):
    keyring.set_password(mail.KEYRING_SERVICE, "dcs@127.0.0.1", "from-keyring")
    login = Login("dcs", "from-keyring")
    with smtp_server("ssl", login=login) as (server, port):
        code = run(march, "--smtp", f"127.0.0.1:{port}", "--security", "ssl", "--user", "dcs",
                   "--cafile", str(CERT), "--unit", "县卫生健康局")
    assert code == cli.OK and [m["To"] for m in server.messages] == ["wjj@weishan.example.cn"]


def test_wrong_or_missing_password_sends_and_logs_nothing(march, memory_keyring, monkeypatch, capsys):
    with smtp_server("starttls", login=Login("dcs", "right")) as (server, port):
        base = ("--smtp", f"127.0.0.1:{port}", "--user", "dcs", "--cafile", str(CERT))
        assert run(march, *base) == cli.UNUSABLE
        assert "没有 dcs 的 SMTP 密码" in capsys.readouterr().err
        monkeypatch.setenv(mail.PASSWORD_ENV, "wrong")
        assert run(march, *base) == cli.UNUSABLE
        assert "拒绝登录" in capsys.readouterr().err
        assert server.envelopes == []
    assert logged(march) == []


def test_untrusted_certificate_is_refused(march, capsys):
    with smtp_server("starttls") as (server, port):
        assert run(march, "--smtp", f"127.0.0.1:{port}") == cli.UNUSABLE
    assert "建立加密连接失败" in capsys.readouterr().err and server.envelopes == []


def test_eml_drafts_with_attachments_open_as_unsent_and_are_stable(march, tmp_path):
    outbox = tmp_path / "下发"
    outbox.mkdir()
    (outbox / "2024年3月填报表_县民政局.xlsx").write_bytes(b"PK\x03\x04 fill-in workbook")
    drafts = tmp_path / "草稿"
    assert run(march, "--eml-dir", str(drafts), "--attach-dir", str(outbox)) == cli.PROBLEMS
    files = sorted(p.name for p in drafts.iterdir())
    assert files == sorted(f"3月催报_{u}.eml" for u, _ in EXPECTED_SEND)
    raw = (drafts / "3月催报_县民政局.eml").read_bytes()
    draft = message_from_bytes(raw, policy=policy.default)
    assert draft["X-Unsent"] == "1" and draft["Date"] is None
    (part,) = list(draft.iter_attachments())
    assert part.get_filename() == "2024年3月填报表_县民政局.xlsx"
    assert "附件《2024年3月填报表_县民政局.xlsx》" in draft.get_body(("plain",)).get_content()
    assert logged(march) == []  # drafts are not sends
    run(march, "--eml-dir", str(drafts), "--attach-dir", str(outbox))
    assert (drafts / "3月催报_县民政局.eml").read_bytes() == raw


def test_dry_run_writes_nothing(march, tmp_path, capsys):
    before = sha256(march)
    assert run(march, "--dry-run", "--eml-dir", str(tmp_path / "草稿")) == cli.PROBLEMS
    out = capsys.readouterr().out
    assert "县教育和体育局：未报送2项、滞后2项 → jtj@weishan.example.cn" in out
    assert "【未发】县红十字会" in out and "预览" in out
    assert sha256(march) == before and not (tmp_path / "草稿").exists()


def test_no_way_out_is_a_usage_error(march, capsys):
    args = cli.make_parser().parse_args(["remind", str(march), "--month", "3"])
    assert command.run(args) == cli.UNUSABLE
    assert "--eml-dir" in capsys.readouterr().err


def test_cli_end_to_end_with_progress_from_the_master(march, tmp_path, capsys):
    code = cli.main(["remind", str(march), "--month", "3", "--eml-dir", str(tmp_path / "草稿"), "--json"])
    result = __import__("json").loads(capsys.readouterr().out)
    assert code == cli.PROBLEMS and [(r["unit"], r["reason"]) for r in result["send"]] == EXPECTED_SEND
    assert len(result["drafts"]) == len(EXPECTED_SEND)
    assert cli.main(["remind", str(tmp_path / "无此文件.xlsm"), "--month", "3", "--dry-run"]) == cli.UNUSABLE


def test_attachments_are_this_months_workbooks(tmp_path):
    for name in ("2024年3月填报表_县民政局.xlsx", "2024年2月填报表_县民政局.xlsx", "2024年12月填报表_县残联.xlsx",
                 "2024年2月填报表_县残联.xlsx", "县卫生健康局.xlsx", "2024年3月填报表_县卫生健康局.xlsx",
                 "县红十字会.xlsx", "2024年3月填报表_县住房和城乡建设局.xls", "~$2024年3月填报表_县水务局.xlsx"):
        (tmp_path / name).write_bytes(b"x")
    units = ["县民政局", "县残联", "县卫生健康局", "县红十字会", "县住房和城乡建设局", "县水务局"]
    found = {u: p.name for u, p in reminders.find_attachments(tmp_path, units, 3).items()}
    assert found == {"县民政局": "2024年3月填报表_县民政局.xlsx", "县卫生健康局": "2024年3月填报表_县卫生健康局.xlsx",
                     "县红十字会": "县红十字会.xlsx"}
    assert reminders.find_attachments(tmp_path, units, 12)["县残联"].name == "2024年12月填报表_县残联.xlsx"


def test_without_attach_dir_each_unit_gets_its_own_fresh_fill_in_workbook(march, tmp_path, monkeypatch):
    """No folder given: the month's workbooks are made from the master by split, one attached per unit
    (RFC 2231 file name), a file consolidation accepts as that unit's; nothing is left behind (in a
    temporary folder of this test's own, so other runs on the machine cannot disturb the count)."""
    from minsheng.roundtrip.returns import read_return

    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    scratch = set(Path(tempfile.gettempdir()).glob("minsheng-remind-*"))
    assert Path(tempfile.gettempdir()) == tmp_path / "tmp"
    with smtp_server() as (server, port):
        assert run(march, "--smtp", f"127.0.0.1:{port}", "--security", "none") == cli.PROBLEMS
        raws = [e.original_content for e in server.envelopes]
        messages = server.messages
    assert len(messages) == len(EXPECTED_SEND)
    for (unit, _), msg, raw in zip(EXPECTED_SEND, messages, raws):
        (part,) = list(msg.iter_attachments())
        assert part.get_filename() == f"2024年3月填报表_{unit}.xlsx"
        assert b"filename*0*=utf-8''2024%E5%B9%B43%E6%9C%88" in raw
        path = tmp_path / part.get_filename()
        path.write_bytes(part.get_content())
        ret = read_return(path, 3)
        assert ret.seal.intact and ret.seal.fields["单位"] == unit and ret.seal.fields["月份"] == "3"
        assert {r["责任单位"] for _, r in ret.records()} and all(unit in r["责任单位"] for _, r in ret.records())
        assert f"附件《{part.get_filename()}》" in msg.get_body(("plain",)).get_content()
    assert set(Path(tempfile.gettempdir()).glob("minsheng-remind-*")) == scratch


def test_drafts_with_fresh_workbooks_are_the_same_when_made_twice_a_day(march, tmp_path):
    drafts = tmp_path / "草稿"
    run(march, "--eml-dir", str(drafts), "--unit", "县民政局")
    first = (drafts / "3月催报_县民政局.eml").read_bytes()
    run(march, "--eml-dir", str(drafts), "--unit", "县民政局")
    assert (drafts / "3月催报_县民政局.eml").read_bytes() == first
    (part,) = list(message_from_bytes(first, policy=policy.default).iter_attachments())
    assert part.get_filename() == "2024年3月填报表_县民政局.xlsx"


def test_no_attach_sends_the_reminder_alone(march, tmp_path):
    drafts = tmp_path / "草稿"
    run(march, "--eml-dir", str(drafts), "--no-attach", "--unit", "县民政局")
    draft = message_from_bytes((drafts / "3月催报_县民政局.eml").read_bytes(), policy=policy.default)
    assert list(draft.iter_attachments()) == []


def test_mail_sent_but_not_logged_is_printed_as_text_too(march, capsys):
    """Without --json the same run prints a line for the log that could not be written (it has no
    unit to name) beside the units the mail went to."""
    lock = march.with_name("~$" + march.name)
    with smtp_server(on_data=lambda: lock.write_bytes(b"")) as (server, port):
        code = run(march, "--smtp", f"127.0.0.1:{port}", "--security", "none")
    lock.unlink()
    assert server.envelopes and code == cli.PROBLEMS
    out = capsys.readouterr().out.splitlines()
    assert "  【注意】已发出，但未写入日志" in out
    # the first went out and could not be logged: the rest are held back, or a rerun would repeat them
    assert sum(line.startswith("  已发送 ") for line in out) == 1 == len(server.envelopes)
    assert [line for line in out if line.startswith("  【发送失败】")] == [
        f"  【发送失败】{u}：未发送：前一封已发出但未能写入日志，为免重复已停止发送" for u, _ in EXPECTED_SEND[1:]]
    assert logged(march) == []


def test_the_unlogged_entry_has_the_fields_of_every_failure(march, capsys):
    lock = march.with_name("~$" + march.name)
    with smtp_server(on_data=lambda: lock.write_bytes(b"")) as (_, port):
        run(march, "--smtp", f"127.0.0.1:{port}", "--security", "none", "--json")
    lock.unlink()
    failed = __import__("json").loads(capsys.readouterr().out)["failed"]
    assert failed[-1] == {"key": "", "accepted": [], "refused": {}, "error": "已发出，但未写入日志"}
    assert all(set(f) == set(failed[-1]) for f in failed) and len(failed) == len(EXPECTED_SEND)
