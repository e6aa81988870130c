"""催报提醒: e-mail each unit that has not reported or is behind plan, as drafts or sent.

Sent reminders are logged in 日志, so a second run does not send them again. Each reminder
carries the unit's fill-in workbook for the month: found in ``attach_dir`` (the folder 下发填报表
wrote), or, with ``fresh``, made afresh by ``split_month`` into a temporary folder that is removed
afterwards.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from pathlib import Path

from minsheng.engines.base import Engine
from minsheng.engines.disk import WorkbookBusy, ensure_not_open
from minsheng.engines.file import FileEngine
from minsheng.jobs.common import master_sheets
from minsheng.jobs.mailing import Mailing, Undeliverable, record_sent, sender as sender_of
from minsheng.mail import reminders
from minsheng.mail import send as mail
from minsheng.model import contacts as contacts_mod
from minsheng.model import settings as settings_mod
from minsheng.status import progress, shared


@dataclass
class Reminded:
    plan: reminders.Plan
    mode: str  # dry-run, eml or smtp
    sender: object | None
    drafts: list[dict] = field(default_factory=list)  # {"unit", "file"}
    sent: list[dict] = field(default_factory=list)
    failed: list[dict] = field(default_factory=list)
    logged: bool | None = None  # None: nothing was sent
    warnings: list[str] = field(default_factory=list)  # to stderr: mail sent but not logged
    cleaned: list[dict] = field(default_factory=list)  # {"unit", "typed", "used"}: a contact text made one line
    office: str = ""  # the office as 配置 names it (县政府督查室, 区发改委 …): whose e-mail sends

    def to_dict(self) -> dict:
        out = {**self.plan.to_dict(), "mode": self.mode, "drafts": self.drafts, "sent": self.sent,
               "failed": self.failed, "cleaned": self.cleaned}
        if self.logged is not None:
            out["logged"] = self.logged
        return out


def remind(engine: Engine, month: int, mailing: Mailing, *, day: date | None = None, dry_run: bool = False,
           attach_dir: Path | None = None, fresh: bool = False, units: list[str] | None = None,
           resend: bool = False, clock: Callable[[], datetime] = datetime.now) -> Reminded:
    """Plan the month's reminders, then preview (``dry_run``), write drafts or send.

    ``clock`` is the time of the run: ``day`` when none is given, the mail's Date header and the
    日志 stamp of each reminder sent (the demo passes its story's clock; real use, now)."""
    book = engine.read(master_sheets(month))
    settings = settings_mod.load(book)
    found = progress.compute(book, month, settings)
    day = day or clock().date()
    with tempfile.TemporaryDirectory(prefix="minsheng-remind-") as scratch:
        attachments = _attachments(book, found, month, settings, day, attach_dir, Path(scratch) if fresh else None)
        return _remind(engine, book, found, settings, day, attachments, mailing, dry_run, units, resend, clock)


def _remind(engine, book, found: progress.Progress, settings, day: date, attachments: dict[str, Path], how: Mailing,
            dry_run: bool, units: list[str] | None, resend: bool, clock: Callable[[], datetime]) -> Reminded:
    contacts = contacts_mod.load(book)
    plan = reminders.plan(
        found, contacts, year=settings.year, due_day=settings.due_day, sent=reminders.sent_log(book),
        attachments=attachments, resend=resend, only=set(units) if units else None,
        returned=shared.returned(book, found.month), cadence=settings.cadence)
    sender = sender_of(how.sender, contacts.office, settings.place.office)
    done = Reminded(plan, "dry-run" if dry_run else ("eml" if how.eml_dir else "smtp"), sender,
                    office=settings.place.office)
    if how.smtp and not dry_run and sender is None:
        raise Undeliverable(f"没有发件地址：请用 --sender 指定，或在“单位通讯录”{settings.place.office}一行填写电子邮箱。")
    messages, composed = [], []
    for r in plan.send:  # one unit's odd contact text must not stop the others
        try:
            messages.append((r.unit, _message(r, sender, contacts.office, day, done.cleaned, settings.place.office,
                                              clock(), getattr(clock, "story", None))))
            composed.append(r)
        except ValueError as e:
            done.failed.append({"key": r.unit, "accepted": [], "refused": {}, "error": f"邮件无法生成：{e}"})
    if dry_run:
        pass
    elif how.eml_dir:
        for (unit, msg), r in zip(messages, composed):
            path = mail.write_eml(msg, how.eml_dir, f"{r.period_name}催报_{unit}")
            done.drafts.append({"unit": unit, "file": str(path)})
    elif messages:
        try:
            if isinstance(engine, FileEngine):
                ensure_not_open(engine.path)  # the log must be written after sending
            config, secret = how.connection()
            outcomes, done.logged = _send(engine, config, secret, messages, plan, done.warnings, clock)
        except (WorkbookBusy, ValueError, mail.MailError) as e:
            raise Undeliverable(str(e)) from e
        done.sent = [o.to_dict() for o in outcomes if o.accepted]
        done.failed += [o.to_dict() for o in outcomes if not o.ok]
        if not done.logged:  # about no one unit: the fields of a failure, with no key
            done.failed.append({"key": "", "accepted": [], "refused": {}, "error": "已发出，但未写入日志"})
    return done


def _send(engine, config, secret, messages, plan, warnings: list[str],
          clock: Callable[[], datetime]) -> tuple[list[mail.Outcome], bool]:
    """Send, logging each reminder in 日志 the moment the server accepts it."""
    by_unit = {r.unit: r for r in plan.send}
    logged = [True]

    def log(outcome: mail.Outcome) -> bool:
        logged[0] = record_sent(engine, [reminders.log_row(by_unit[outcome.key], outcome.accepted, clock())],
                                warnings)
        return logged[0]

    return mail.send_all(config, secret, messages, on_accepted=log), logged[0]


def _message(reminder, sender, office, day: date, cleaned: list[dict], office_name: str, when: datetime,
             story: str | None = None):
    """The reminder as a message; a contact name typed with a line break (say, through a unit's
    return) is made one line for the header and the salutation, and that is noted in ``cleaned``."""
    person = reminder.contact.person if reminder.contact and reminder.contact.person else ""
    if mail.one_line(person) != person:
        cleaned.append({"unit": reminder.unit, "typed": person, "used": mail.one_line(person)})
        reminder = replace(reminder, contact=replace(reminder.contact, person=mail.one_line(person)))
    to = [mail.address(mail.one_line(person), a) for a in reminder.to]
    return mail.compose(
        sender, to, mail.one_line(reminders.subject(reminder, day)), reminders.body(reminder, office, day, office_name),
        attachments=(reminder.attachment,) if reminder.attachment else (),
        reply_to=sender, when=when, story=story)


def _attachments(book, found: progress.Progress, month: int, settings, day: date, attach_dir: Path | None,
                 scratch: Path | None) -> dict[str, Path]:
    """Unit → its fill-in workbook for the month: found in ``attach_dir``, or made by ``split`` into
    ``scratch`` (dated ``day``, so drafts made twice the same day are the same)."""
    units = list(found.by_unit())
    if not units or (attach_dir is None and scratch is None):
        return {}
    if attach_dir is not None:
        return reminders.find_attachments(attach_dir, units, month)
    from minsheng.roundtrip.split import split_month  # noqa: PLC0415 - only when reminders carry fresh files

    split_month(book, month, scratch, settings=settings, now=datetime.combine(day, time(8)))
    return reminders.find_attachments(scratch, units, month)


def summary(result: dict) -> list[str]:
    """The run in lines, as the command line and the demo print it (``to_dict``'s form)."""
    out: list[str] = []
    period = result.get("period") or f"{result['month']}月"
    out.append(f"{period}催报：待发 {len(result['send'])} 个单位，无邮箱 {len(result['no_address'])} 个，"
               f"已发过 {len(result['already_sent'])} 个。")
    for r in result["send"]:
        att = f"，附件 {r['attachment']}" if r["attachment"] else "，无附件"
        out.append(f"  {r['unit']}：{r['reason']} → {'、'.join(r['to'])}{att}")
    for r in result["no_address"]:
        out.append(f"  【未发】{r['unit']}（{r['reason']}）：{r['problem']}")
    for r in result["already_sent"]:
        out.append(f"  【已发过】{r['unit']}：{r['sent_at']} 已发送相同提醒（如需重发加 --resend）")
    if result["mode"] == "dry-run":
        out.append("（预览，未发送、未写入任何文件）")
    for d in result["drafts"]:
        out.append(f"  草稿：{d['file']}")
    for c in result.get("cleaned", []):
        out.append(f"  【已清理】{c['unit']}：联系人“{c['typed'].replace(chr(13), '').replace(chr(10), '↵')}”含换行，邮件中写作“{c['used']}”"
                   "（请在“单位通讯录”中改正）")
    for s in result["sent"]:
        out.append(f"  已发送 {s['key']} → {'、'.join(s['accepted'])}")
    for f in result["failed"]:
        why = f["error"] or "；".join(f"{a} 被拒收（{w}）" for a, w in f["refused"].items())
        out.append(f"  【发送失败】{f['key']}：{why}" if f["key"] else f"  【注意】{why}")
    return out
