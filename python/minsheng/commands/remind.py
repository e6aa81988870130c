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
from datetime import date
from pathlib import Path

from minsheng.cli import OK, PROBLEMS, UNUSABLE, open_master
from minsheng.commands.closing import finish
from minsheng.engines.file import FileEngine
from minsheng.jobs.mailing import Mailing, Undeliverable
from minsheng.jobs import remind as job
from minsheng.mail import send as mail


def add_arguments(p) -> None:
    p.add_argument("master", type=Path, help="主台账工作簿（.xlsm）")
    p.add_argument("--month", type=int, required=True, help="催报的月份（1–12）")
    way = p.add_mutually_exclusive_group()
    way.add_argument("--smtp", metavar="主机:端口", default=os.environ.get("MINSHENG_SMTP"),
                     help="SMTP 服务器，如 smtp.weishan.gov.cn:465（465 用 SSL，其他端口缺省 STARTTLS）；"
                          "也可设环境变量 MINSHENG_SMTP")
    way.add_argument("--eml-dir", type=Path, help="不发送，写成 .eml 草稿放到此目录，用自己的邮件客户端打开发送")
    p.add_argument("--security", choices=mail.SECURITY, help="加密方式：starttls、ssl 或 none（仅限本机测试）")
    p.add_argument("--allow-plaintext", action="store_true",
                   help="允许对本机以外的服务器用 --security none 明文发送（不可与 --user 同用）")
    p.add_argument("--timeout", type=float, default=30.0, metavar="秒",
                   help="等待服务器每次应答的秒数（缺省 30）；连接和每封邮件整体最多为其 4 倍")
    p.add_argument("--user", default=os.environ.get("MINSHENG_SMTP_USER"),
                   help=f"SMTP 登录名；密码取自环境变量 {mail.PASSWORD_ENV} 或系统钥匙串（keyring），从不存于工作簿")
    p.add_argument("--sender", help="发件地址；缺省用“单位通讯录”中督查室（配置“督查室”）的邮箱")
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


def run(args) -> int:
    if not args.dry_run and not args.smtp and not args.eml_dir:
        print("请指定 --smtp 主机:端口（发送）、--eml-dir 目录（写草稿）或 --dry-run（预览）。", file=sys.stderr)
        return UNUSABLE
    engine = FileEngine(args.master, open_master(args.master, args.month))
    mailing = Mailing(smtp=args.smtp, eml_dir=args.eml_dir, security=args.security, user=args.user,
                      sender=args.sender, cafile=args.cafile,
                      allow_plaintext=args.allow_plaintext, timeout=args.timeout, overall=4 * args.timeout)
    try:
        done = job.remind(engine, args.month, mailing, day=args.date, dry_run=args.dry_run,
                      attach_dir=args.attach_dir, fresh=not args.no_attach and args.attach_dir is None,
                      units=args.unit, resend=args.resend)
    except Undeliverable as e:
        print(e, file=sys.stderr)
        return UNUSABLE
    for warning in done.warnings:
        print(warning, file=sys.stderr)
    result = done.to_dict()
    finish(result, args.json, job.summary(result), [d["file"] for d in result["drafts"]])
    return PROBLEMS if result["no_address"] or result["failed"] else OK
