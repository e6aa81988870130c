"""minsheng bulletin: the month's bulletin (.docx, and PDF through LibreOffice), one-page digests per
分管县领导, and optionally the mail that carries them to the office and the leaders."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from minsheng.cli import OK, PROBLEMS, UNUSABLE, open_master
from minsheng.commands.closing import finish
from minsheng.engines.file import FileEngine
from minsheng.jobs import bulletin as job
from minsheng.jobs.mailing import Mailing, Undeliverable
from minsheng.mail import send as mail


def add_arguments(p) -> None:
    p.add_argument("master", type=Path, help="主台账工作簿（.xlsm）")
    p.add_argument("--month", type=int, required=True, help="通报的月份（1–12）")
    p.add_argument("--out", type=Path, required=True, help="通报 .docx；PDF 和分管领导摘要放在同一目录")
    p.add_argument("--date", type=date.fromisoformat, help="落款日期，如 2024-04-08；缺省为今天")
    p.add_argument("--no-pdf", action="store_true", help="不转换 PDF（缺省在装有 LibreOffice 时转换）")
    p.add_argument("--no-digests", action="store_true", help="不生成分管领导摘要")
    way = p.add_mutually_exclusive_group()
    way.add_argument("--smtp", metavar="主机:端口", help="把通报发给督查室（配置“督查室”）、把摘要发给各分管领导（邮箱取自“单位通讯录”）")
    way.add_argument("--eml-dir", type=Path, help="不发送，写成 .eml 草稿")
    p.add_argument("--security", choices=mail.SECURITY, help="加密方式：starttls、ssl 或 none")
    p.add_argument("--allow-plaintext", action="store_true",
                   help="允许对本机以外的服务器用 --security none 明文发送（不可与 --user 同用）")
    p.add_argument("--timeout", type=float, default=30.0, metavar="秒",
                   help="等待服务器每次应答的秒数（缺省 30）；连接和每封邮件整体最多为其 4 倍")
    p.add_argument("--user", help=f"SMTP 登录名；密码取自环境变量 {mail.PASSWORD_ENV} 或系统钥匙串")
    p.add_argument("--sender", help="发件地址；缺省用“单位通讯录”中督查室（配置“督查室”）的邮箱")
    p.add_argument("--cafile", type=Path, help="本单位邮件服务器的根证书")
    p.add_argument("--json", action="store_true", help="以 JSON 输出结果")


def run(args) -> int:
    if args.out.suffix.lower() != ".docx":
        print(f"--out 应为 .docx 文件，现为 {args.out.name}", file=sys.stderr)
        return UNUSABLE
    engine = FileEngine(args.master, open_master(args.master, args.month))
    mailing = Mailing(smtp=args.smtp, eml_dir=args.eml_dir, security=args.security, user=args.user,
                      sender=args.sender, cafile=args.cafile,
                      allow_plaintext=args.allow_plaintext, timeout=args.timeout, overall=4 * args.timeout)
    try:
        done = job.bulletin(engine, args.month, out=args.out, day=args.date, pdf=not args.no_pdf,
                        digests=not args.no_digests, mailing=mailing)
    except Undeliverable as e:
        print(e, file=sys.stderr)
        return UNUSABLE
    for warning in done.warnings:
        print(warning, file=sys.stderr)
    result = done.to_dict()
    finish(result, args.json, job.summary(result), job.files(result))
    return PROBLEMS if result["problems"] else OK
