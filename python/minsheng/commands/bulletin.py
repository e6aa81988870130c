"""minsheng bulletin: the month's bulletin (.docx, and PDF through LibreOffice), one-page digests per
分管县领导, and optionally the mail that carries them to the office and the leaders."""

from __future__ import annotations

import hashlib
import sys
from datetime import date, datetime
from pathlib import Path

from minsheng.paper import bulletin as model
from minsheng.model import contacts as contacts_mod
from minsheng.paper import digest
from minsheng.paper import word as docx_writer
from minsheng.mail import send as mail
from minsheng.model import settings as settings_mod
from minsheng.cli import OK, PROBLEMS, UNUSABLE, open_master, print_json
from minsheng.commands.remind import month_progress, record_sent
from minsheng.engines.disk import WorkbookBusy, atomic_write, ensure_not_open
from minsheng.engines.libreoffice import LibreOfficeError, convert_all, soffice
from minsheng.mail.reminders import sent_log

ACTION = "通报发送"


def add_arguments(p) -> None:
    p.add_argument("master", type=Path, help="主台账工作簿（.xlsm）")
    p.add_argument("--month", type=int, required=True, help="通报的月份（1–12）")
    p.add_argument("--out", type=Path, required=True, help="通报 .docx；PDF 和分管县领导摘要放在同一目录")
    p.add_argument("--date", type=date.fromisoformat, help="落款日期，如 2024-04-08；缺省为今天")
    p.add_argument("--no-pdf", action="store_true", help="不转换 PDF（缺省在装有 LibreOffice 时转换）")
    p.add_argument("--no-digests", action="store_true", help="不生成分管县领导摘要")
    way = p.add_mutually_exclusive_group()
    way.add_argument("--smtp", metavar="主机:端口", help="把通报发给县政府督查室、把摘要发给各分管县领导（邮箱取自“单位通讯录”）")
    way.add_argument("--eml-dir", type=Path, help="不发送，写成 .eml 草稿")
    p.add_argument("--security", choices=mail.SECURITY, help="加密方式：starttls、ssl 或 none")
    p.add_argument("--user", help=f"SMTP 登录名；密码取自环境变量 {mail.PASSWORD_ENV} 或系统钥匙串")
    p.add_argument("--sender", help="发件地址；缺省用县政府督查室的邮箱")
    p.add_argument("--cafile", type=Path, help="本单位邮件服务器的根证书")
    p.add_argument("--json", action="store_true", help="以 JSON 输出结果")


def run(args) -> int:
    if args.out.suffix.lower() != ".docx":
        print(f"--out 应为 .docx 文件，现为 {args.out.name}", file=sys.stderr)
        return UNUSABLE
    book = open_master(args.master, args.month)
    settings = settings_mod.load(book)
    progress = month_progress(book, args.month, settings)
    return publish(args, book, progress, settings)


def publish(args, book, progress: dict, settings) -> int:
    day = args.date or date.today()
    doc = model.bulletin(progress, book, settings, day)
    result = {"month": progress["month"], "docx": str(_write(doc, args.out)), "pdf": None, "digests": [],
              "problems": [], "mail": None}
    files = {"县政府督查室": (doc, [args.out])}
    if not args.no_digests:
        folder = args.out.parent / f"{args.out.stem}_分管县领导摘要"
        for leader, page in digest.digests(progress, book, settings, day).items():
            files[leader] = (page, [_write(page, folder / f"{leader}.docx")])
    if not args.no_pdf and soffice() is not None:  # one LibreOffice start per folder
        office, leaders = [n for n in files if n == "县政府督查室"], [n for n in files if n != "县政府督查室"]
        for names in (office, leaders):
            for name, pdf in zip(names, _pdfs([files[n][1][0] for n in names], result["problems"])):
                if pdf:
                    files[name][1].append(pdf)
    result["pdf"] = str(files["县政府督查室"][1][1]) if len(files["县政府督查室"][1]) > 1 else None
    result["digests"] = [{"leader": name, "docx": str(paths[0]), "pdf": str(paths[1]) if len(paths) > 1 else None}
                         for name, (_, paths) in files.items() if name != "县政府督查室"]
    if args.smtp or args.eml_dir:
        try:
            result["mail"] = _mail(args, book, files, settings.year, int(progress["month"]), day)
        except (WorkbookBusy, ValueError, mail.MailError) as e:
            print(e, file=sys.stderr)
            return UNUSABLE
        result["problems"].extend(result["mail"]["problems"])
    _report(result, args.json)
    return PROBLEMS if result["problems"] else OK


def _write(doc, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, lambda tmp: docx_writer.write(doc, tmp), keep_backup=False)
    return path


def _pdfs(paths: list[Path], problems: list) -> list[Path | None]:
    """PDFs beside the .docx files, converted in one LibreOffice start."""
    if not paths:
        return []
    try:
        return convert_all(paths, "pdf", paths[0].parent)
    except LibreOfficeError as e:
        problems.append(str(e))
        return [None] * len(paths)


def _mail(args, book, files: dict, year: int, month: int, day: date) -> dict:
    """The bulletin to the office, each digest to its leader; both logged in 日志 when sent."""
    contacts = contacts_mod.load(book)
    sender_address = args.sender or (contacts.office.emails[0] if contacts.office and contacts.office.emails else None)
    sender = mail.address(contacts_mod.OFFICE, sender_address) if sender_address else None
    if args.smtp and sender is None:
        raise ValueError("没有发件地址：请用 --sender 指定，或在“单位通讯录”县政府督查室一行填写电子邮箱。")
    sent_before = sent_log(book, ACTION)
    out = {"sent": [], "drafts": [], "already_sent": [], "problems": []}
    messages, keys = [], {}
    for name, (doc, attachments) in files.items():
        contact = contacts.office if name == contacts_mod.OFFICE else contacts.leader(name)
        if not contact or not contact.emails:
            out["problems"].append(f"{name}：“单位通讯录”中没有电子邮箱，{'通报' if contact is contacts.office else '摘要'}未发送。")
            continue
        key = hashlib.sha256("\n".join([ACTION, str(year), str(month), name, doc.text()]).encode()).hexdigest()
        if args.smtp and key in sent_before:
            out["already_sent"].append({"to": name, "sent_at": sent_before[key]})
            continue
        subject = f"{doc.title}（{name}）" if doc.compact else doc.title
        body = (f"{contact.person or name}：\n\n    附件为{doc.title}，请审阅。\n\n{contacts_mod.OFFICE}\n"
                f"{model.cn_date(day)}\n")
        msg = mail.compose(sender, [mail.address(contact.person, a) for a in contact.emails], subject, body,
                           attachments=tuple(attachments), reply_to=sender)
        messages.append((name, msg))
        keys[name] = key
    if args.eml_dir:
        out["drafts"] = [str(mail.write_eml(msg, args.eml_dir, f"{month}月通报_{name}")) for name, msg in messages]
        return out
    if not messages:
        return out
    ensure_not_open(args.master)
    config = mail.SmtpConfig.parse(args.smtp, args.security, user=args.user, cafile=args.cafile)
    outcomes = mail.send_all(config, mail.password(args.user, config.host) if args.user else None, messages)
    now = datetime.now().strftime("%Y-%m-%d %H:%M:%S")
    rows = [[now, ACTION, files[o.key][1][0].name, keys[o.key], o.key,
             f"{year}年{month}月通报：已发送至 {'、'.join(o.accepted)}"] for o in outcomes if o.accepted]
    if not record_sent(args.master, rows):
        out["problems"].append("通报已发出，但未写入日志")
    out["sent"] = [o.to_dict() for o in outcomes if o.accepted]
    out["problems"] += [f"{o.key}：{o.error or '；'.join(f'{a} 被拒收（{w}）' for a, w in o.refused.items())}"
                        for o in outcomes if not o.ok]
    return out


def _report(result: dict, as_json: bool) -> None:
    if as_json:
        print_json(result)
        return
    print(f"已生成 {result['docx']}" + (f" 和 {Path(result['pdf']).name}" if result["pdf"] else ""))
    if result["digests"]:
        print(f"分管县领导摘要 {len(result['digests'])} 份：{'、'.join(d['leader'] for d in result['digests'])}"
              f"（{Path(result['digests'][0]['docx']).parent}）")
    if result["mail"]:
        for s in result["mail"]["sent"]:
            print(f"  已发送 {s['key']} → {'、'.join(s['accepted'])}")
        for d in result["mail"]["drafts"]:
            print(f"  草稿：{d}")
        for a in result["mail"]["already_sent"]:
            print(f"  【已发过】{a['to']}：{a['sent_at']} 已发送相同内容")
    for p in result["problems"]:
        print(f"  【问题】{p}")
