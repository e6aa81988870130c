"""How the bulletin and the reminders go out: the options both take, the sender, the 日志 rows.

Mail is sent over SMTP (then logged in 日志, so a second run does not send it again) or written as
.eml drafts for the clerk's own mail client.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from minsheng.engines.base import Engine
from minsheng.engines.disk import WorkbookBusy
from minsheng.mail import send as mail

NOT_LOGGED = "邮件已发出，但未能写入“日志”（{error}）；再次运行前请手工记录，以免重复发送。"


class Undeliverable(Exception):
    """The mail could not be sent (no sender, a busy master, an SMTP failure); the message says why."""


@dataclass(frozen=True)
class Mailing:
    """Send through ``smtp`` (host:port) or write drafts into ``eml_dir``."""

    smtp: str | None = None
    eml_dir: Path | None = None
    security: str | None = None
    user: str | None = None
    sender: str | None = None  # the From address; else the office's first in 单位通讯录
    cafile: Path | None = None
    allow_plaintext: bool = False  # --security none to a host other than this machine
    timeout: float = 30.0  # each read from the server
    overall: float = 120.0  # connecting as a whole, and each message as a whole

    def connection(self) -> tuple[mail.SmtpConfig, str | None]:
        config = mail.SmtpConfig.parse(self.smtp, self.security, user=self.user, cafile=self.cafile,
                                       allow_plaintext=self.allow_plaintext, timeout=self.timeout,
                                       overall=self.overall)
        return config, mail.password(self.user, config.host) if self.user else None


def sender(explicit: str | None, office, office_name: str) -> object | None:
    """The From address: ``explicit`` (named as the office's 单位通讯录 row, else ``office_name``,
    配置's office), else the office's first e-mail, else None."""
    if explicit:
        return mail.address(office.name if office else office_name, explicit)
    if office and office.emails:
        return mail.address(office.name, office.emails[0])
    return None


def record_sent(engine: Engine, rows: list[list], warnings: list[str]) -> bool:
    """Log what went out in 日志; False (and a warning) when the master could not be written,
    since the mail is gone and a second run would not know it."""
    if not rows:
        return True
    try:
        engine.apply([], rows)
    except (OSError, WorkbookBusy) as e:
        warnings.append(NOT_LOGGED.format(error=e))
        return False
    return True
