"""minsheng remind: e-mail each unit that has not reported or is behind plan.

Three ways out: ``--smtp`` sends (and logs each reminder in 日志, so a second run
does not send it again), ``--eml-dir`` writes drafts for the clerk's own mail
client, ``--dry-run`` only shows what would be sent.

Each reminder carries the unit's fill-in workbook for the month: from
``--attach-dir`` (the folder ``minsheng split`` wrote), or else made afresh by
``split.split_month`` from the master into a temporary folder that is removed
afterwards (``--no-attach``: none).
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, datetime, time
from pathlib import Path

from minsheng.model import contacts as contacts_mod
from minsheng.mail import send as mail
from minsheng.mail import reminders
from minsheng.status import progress
from minsheng.model import settings as settings_mod
from minsheng.cli import OK, PROBLEMS, UNUSABLE, open_master, print_json
from minsheng.engines.file import apply_changes
from minsheng.engines.disk import WorkbookBusy, ensure_not_open


def add_arguments(p) -> None:
    p.add_argument("master", type=Path, help="主台账工作簿（.xlsm）")
    p.add_argument("--month", type=int, required=True, help="催报的月份（1–12）")
    way = p.add_mutually_exclusive_group()
    way.add_argument("--smtp", metavar="主机:端口", default=os.environ.get("MINSHENG_SMTP"),
                     help="SMTP 服务器，如 smtp.weishan.gov.cn:465（465 用 SSL，其他端口缺省 STARTTLS）；"
                          "也可设环境变量 MINSHENG_SMTP")
    way.add_argument("--eml-dir", type=Path, help="不发送，写成 .eml 草稿放到此目录，用自己的邮件客户端打开发送")
    p.add_argument("--security", choices=mail.SECURITY, help="加密方式：starttls、ssl 或 none（仅限本机测试）")
    p.add_argument("--user", default=os.environ.get("MINSHENG_SMTP_USER"),
                   help=f"SMTP 登录名；密码取自环境变量 {mail.PASSWORD_ENV} 或系统钥匙串（keyring），从不存于工作簿")
    p.add_argument("--sender", help="发件地址；缺省用“单位通讯录”中县政府督查室的邮箱")
    p.add_argument("--cafile", type=Path, help="本单位邮件服务器的根证书（证书非公共签发时）")
    attach = p.add_mutually_exclusive_group()
    attach.add_argument("--attach-dir", type=Path,
                        help="各单位当月填报表所在目录（minsheng split 的输出），按单位名附上；"
                             "缺省时按主台账当场生成各单位当月填报表作为附件")
    attach.add_argument("--no-attach", action="store_true", help="不附填报表")
    p.add_argument("--unit", action="append", help="只提醒这个单位（可重复）")
    p.add_argument("--resend", action="store_true", help="日志中已发过的相同提醒也再发一次")
    p.add_argument("--dry-run", action="store_true", help="只显示将发给谁、说什么，不发送、不写文件")
    p.add_argument("--date", type=date.fromisoformat, help="落款日期，如 2024-04-03；缺省为今天")
    p.add_argument("--json", action="store_true", help="以 JSON 输出结果")


def month_progress(book, month: int, settings) -> dict:
    """The month's progress as 滞后预警 computes it, in its JSON form."""
    return progress.compute(book, month, settings).to_dict()


def run(args) -> int:
    if not args.dry_run and not args.smtp and not args.eml_dir:
        print("请指定 --smtp 主机:端口（发送）、--eml-dir 目录（写草稿）或 --dry-run（预览）。", file=sys.stderr)
        return UNUSABLE
    book = open_master(args.master, args.month)
    settings = settings_mod.load(book)
    progress = month_progress(book, args.month, settings)
    return remind(args, book, progress, settings)


def remind(args, book, progress: dict, settings, today: date | None = None) -> int:
    """Everything after reading the master: plan, then preview, drafts or send."""
    today = today or args.date or date.today()
    with tempfile.TemporaryDirectory(prefix="minsheng-remind-") as scratch:
        attachments = _attachments(args, book, progress, settings, today, Path(scratch))
        return _remind(args, book, progress, settings, today, attachments)


def _remind(args, book, progress: dict, settings, today: date, attachments: dict[str, Path]) -> int:
    contacts = contacts_mod.load(book)
    plan = reminders.plan(
        progress, contacts, year=settings.year, due_day=settings.due_day, sent=reminders.sent_log(book),
        attachments=attachments, resend=args.resend, only=set(args.unit) if args.unit else None)
    sender = _sender(args.sender, contacts.office)
    result = {**plan.to_dict(), "mode": "dry-run" if args.dry_run else ("eml" if args.eml_dir else "smtp"),
              "drafts": [], "sent": [], "failed": []}
    if args.smtp and not args.dry_run and sender is None:
        print("没有发件地址：请用 --sender 指定，或在“单位通讯录”县政府督查室一行填写电子邮箱。", file=sys.stderr)
        return UNUSABLE
    messages = [(r.unit, _message(r, sender, contacts.office, today)) for r in plan.send]
    if args.dry_run:
        pass
    elif args.eml_dir:
        for (unit, msg), r in zip(messages, plan.send):
            path = mail.write_eml(msg, args.eml_dir, f"{r.month}月催报_{unit}")
            result["drafts"].append({"unit": unit, "file": str(path)})
    elif messages:
        try:
            ensure_not_open(args.master)  # the log must be written after sending
            config = mail.SmtpConfig.parse(args.smtp, args.security, user=args.user, cafile=args.cafile)
            secret = mail.password(args.user, config.host) if args.user else None
            outcomes, logged = _send(config, secret, messages, plan, args.master)
        except (WorkbookBusy, ValueError, mail.MailError) as e:
            print(e, file=sys.stderr)
            return UNUSABLE
        result["sent"] = [o.to_dict() for o in outcomes if o.accepted]
        result["failed"] = [o.to_dict() for o in outcomes if not o.ok]
        result["logged"] = logged
        if not logged:
            result["failed"].append({"error": "已发出，但未写入日志"})
    _report(result, args)
    return PROBLEMS if plan.no_address or result["failed"] else OK


def _send(config, secret, messages, plan, master: Path) -> tuple[list[mail.Outcome], bool]:
    outcomes: list[mail.Outcome] = []
    logged = True
    try:
        outcomes = mail.send_all(config, secret, messages)
    finally:  # whatever went out is logged, even if a later message failed
        by_unit = {r.unit: r for r in plan.send}
        now = datetime.now()
        logged = record_sent(master, [reminders.log_row(by_unit[o.key], o.accepted, now)
                                      for o in outcomes if o.accepted])
    return outcomes, logged


def record_sent(master: Path, rows: list[list]) -> bool:
    """Log what went out in 日志; False (and a warning) when the master could not be written,
    since the mail is gone and a second run would not know it."""
    if not rows:
        return True
    try:
        apply_changes(master, [], rows)
    except (OSError, WorkbookBusy) as e:
        print(f"邮件已发出，但未能写入“日志”（{e}）；再次运行前请手工记录，以免重复发送。", file=sys.stderr)
        return False
    return True


def _message(reminder, sender, office, today):
    to = [mail.address(reminder.contact.person if reminder.contact else "", a) for a in reminder.to]
    return mail.compose(
        sender, to, reminders.subject(reminder), reminders.body(reminder, office, today),
        attachments=(reminder.attachment,) if reminder.attachment else (),
        reply_to=sender)


def _sender(explicit: str | None, office):
    if explicit:
        return mail.address(contacts_mod.OFFICE, explicit)
    if office and office.emails:
        return mail.address(contacts_mod.OFFICE, office.emails[0])
    return None


def _attachments(args, book, progress: dict, settings, today: date, scratch: Path) -> dict[str, Path]:
    """Unit → its fill-in workbook for the month: found in ``--attach-dir``, or made by ``split`` into
    ``scratch`` (dated ``today``, so drafts made twice the same day are the same)."""
    units = list(reminders.by_unit(progress))
    if args.no_attach or not units:
        return {}
    if args.attach_dir is not None:
        return reminders.find_attachments(args.attach_dir, units, args.month)
    from minsheng.roundtrip.split import split_month  # noqa: PLC0415 - only when reminders carry fresh files

    split_month(book, args.month, scratch, settings=settings, now=datetime.combine(today, time(8)))
    return reminders.find_attachments(scratch, units, args.month)


def _report(result: dict, args) -> None:
    if args.json:
        print_json(result)
        return
    month = result["month"]
    print(f"{month}月催报：待发 {len(result['send'])} 个单位，无邮箱 {len(result['no_address'])} 个，"
          f"已发过 {len(result['already_sent'])} 个。")
    for r in result["send"]:
        att = f"，附件 {r['attachment']}" if r["attachment"] else "，无附件"
        print(f"  {r['unit']}：{r['reason']} → {'、'.join(r['to'])}{att}")
    for r in result["no_address"]:
        print(f"  【未发】{r['unit']}（{r['reason']}）：{r['problem']}")
    for r in result["already_sent"]:
        print(f"  【已发过】{r['unit']}：{r['sent_at']} 已发送相同提醒（如需重发加 --resend）")
    if result["mode"] == "dry-run":
        print("（预览，未发送、未写入任何文件）")
    for d in result["drafts"]:
        print(f"  草稿：{d['file']}")
    for s in result["sent"]:
        print(f"  已发送 {s['key']} → {'、'.join(s['accepted'])}")
    for f in result["failed"]:
        why = f["error"] or "；".join(f"{a} 被拒收（{w}）" for a, w in f["refused"].items())
        print(f"  【发送失败】{f['key']}：{why}")
