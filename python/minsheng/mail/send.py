"""E-mail: compose Chinese messages, send them over SMTP, or write .eml drafts.

Subjects and display names are RFC 2047 encoded-words, bodies UTF-8, attachment
file names RFC 2231 (``filename*=utf-8''...``), all done by the standard library's
``email`` package with its modern policy. The SMTP password comes from the
environment (``MINSHENG_SMTP_PASSWORD``) or the system keyring, never from a
workbook.
"""

from __future__ import annotations

import copy
import hashlib
import mimetypes
import os
import smtplib
import ssl
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

PASSWORD_ENV = "MINSHENG_SMTP_PASSWORD"
KEYRING_SERVICE = "minsheng-smtp"
SECURITY = ("starttls", "ssl", "none")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class MailError(RuntimeError):
    """Nothing could be sent (no connection, login refused, no password); message in Chinese."""


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    security: str = "starttls"
    user: str | None = None
    cafile: Path | None = None  # an office's own CA, when its mail server's certificate is not public
    timeout: float = 30.0

    @classmethod
    def parse(cls, text: str, security: str | None = None, **kw) -> SmtpConfig:
        """``HOST:PORT`` (port 465 means SSL unless ``security`` says otherwise)."""
        host, _, port = text.rpartition(":")
        if not host or not port.isdigit():
            raise ValueError(f"SMTP 服务器应写成 主机:端口，如 smtp.weishan.gov.cn:587，现为“{text}”")
        security = security or ("ssl" if int(port) == 465 else "starttls")
        if security not in SECURITY:
            raise ValueError(f"加密方式应为 {'/'.join(SECURITY)} 之一，现为“{security}”")
        return cls(host, int(port), security, **kw)


@dataclass
class Outcome:
    """What the server did with one message."""

    key: str
    accepted: tuple[str, ...] = ()
    refused: dict[str, str] = field(default_factory=dict)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return bool(self.accepted) and not self.refused and not self.error

    def to_dict(self) -> dict:
        return {"key": self.key, "accepted": list(self.accepted), "refused": self.refused, "error": self.error}


def address(name: str, email: str) -> Address:
    user, _, domain = email.partition("@")
    return Address(display_name=name or "", username=user, domain=domain)


def compose(sender: Address | None, to: list[Address], subject: str, body: str, *,
            attachments: tuple[Path, ...] = (), reply_to: Address | None = None,
            when: datetime | None = None) -> EmailMessage:
    msg = EmailMessage(policy=policy.default)  # bodies keep \n; CRLF on the wire
    if sender is not None:  # a draft without a sender gets one from the mail client
        msg["From"] = sender
    msg["To"] = to
    if reply_to:
        msg["Reply-To"] = reply_to
    msg["Subject"] = subject
    msg["Date"] = format_datetime((when or datetime.now()).astimezone())
    msg["Message-ID"] = make_msgid(domain=sender.domain if sender else "localhost")
    msg.set_content(body, charset="utf-8", cte="base64")  # 7-bit clean for any relay
    for path in attachments:
        kind = XLSX if path.suffix.lower() == ".xlsx" else (
            DOCX if path.suffix.lower() == ".docx" else mimetypes.guess_type(path.name)[0] or "application/octet-stream")
        maintype, subtype = kind.split("/", 1)
        msg.add_attachment(Path(path).read_bytes(), maintype=maintype, subtype=subtype, filename=path.name)
    return msg


def password(user: str, host: str, env: dict | None = None) -> str | None:
    """From ``MINSHENG_SMTP_PASSWORD``, else the keyring (service ``minsheng-smtp``, name ``user@host``
    then ``user``); None when neither has one."""
    env = os.environ if env is None else env
    if env.get(PASSWORD_ENV):
        return env[PASSWORD_ENV]
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:  # pragma: no cover - keyring is pinned in requirements
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, f"{user}@{host}") or keyring.get_password(KEYRING_SERVICE, user)
    except KeyringError:
        return None


def connect(config: SmtpConfig, secret: str | None) -> smtplib.SMTP:
    context = ssl.create_default_context(cafile=str(config.cafile) if config.cafile else None)
    where = f"{config.host}:{config.port}"
    try:
        if config.security == "ssl":
            server = smtplib.SMTP_SSL(config.host, config.port, timeout=config.timeout, context=context)
        else:
            server = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
            if config.security == "starttls":
                server.ehlo()
                if not server.has_extn("starttls"):
                    server.quit()
                    raise MailError(f"SMTP 服务器 {where} 不支持 STARTTLS：请改用 --security ssl 或询问管理员。")
                server.starttls(context=context)
                server.ehlo()  # what the server offers changes once the link is encrypted
        if config.user:
            if not secret:
                server.quit()
                raise MailError(f"没有 {config.user} 的 SMTP 密码：请设置环境变量 {PASSWORD_ENV}，"
                                f"或运行 keyring set {KEYRING_SERVICE} {config.user}@{config.host}。")
            server.ehlo_or_helo_if_needed()
            if not server.has_extn("auth"):
                server.quit()
                raise MailError(f"SMTP 服务器 {where} 未提供登录（AUTH）：请核对端口和加密方式。")
            server.login(config.user, secret)
        return server
    except smtplib.SMTPAuthenticationError as e:
        raise MailError(f"SMTP 服务器 {where} 拒绝登录（{e.smtp_code}）：请核对用户名和密码。") from None
    except UnicodeEncodeError:
        raise MailError("SMTP 登录名或密码含中文等非 ASCII 字符，标准 SMTP 登录不支持，请改用英文字母、数字和符号。") from None
    except ssl.SSLError as e:
        raise MailError(f"与 {where} 建立加密连接失败（{e.reason or e}）：请核对端口和加密方式，"
                        "或用 --cafile 指定本单位的根证书。") from None
    except (OSError, smtplib.SMTPException) as e:
        raise MailError(f"无法连接 SMTP 服务器 {where}：{e}") from None


def send_all(config: SmtpConfig, secret: str | None, messages: list[tuple[str, EmailMessage]]) -> list[Outcome]:
    """Send each message on one connection; a refused recipient or a refused message is that
    message's outcome, the others still go. Raises MailError only when nothing could be sent."""
    server = connect(config, secret)
    outcomes = []
    try:
        for key, msg in messages:
            outcomes.append(_send_one(server, key, msg))
            if outcomes[-1].error and "断开" in outcomes[-1].error:
                server = connect(config, secret)
    finally:
        try:
            server.quit()
        except (OSError, smtplib.SMTPException):
            pass
    return outcomes


def _send_one(server: smtplib.SMTP, key: str, msg: EmailMessage) -> Outcome:
    wanted = [a.addr_spec for a in msg["To"].addresses]
    try:
        refused = server.send_message(msg)
    except smtplib.SMTPRecipientsRefused as e:
        return Outcome(key, (), {a: _reply(code, text) for a, (code, text) in e.recipients.items()})
    except smtplib.SMTPServerDisconnected as e:
        return Outcome(key, error=f"服务器断开连接：{e}")
    except smtplib.SMTPResponseException as e:
        return Outcome(key, error=f"服务器拒收（{e.smtp_code} {_text(e.smtp_error)}）")
    except (OSError, smtplib.SMTPException) as e:
        return Outcome(key, error=f"发送失败：{e}")
    refused = {a: _reply(code, text) for a, (code, text) in refused.items()}
    return Outcome(key, tuple(a for a in wanted if a not in refused), refused)


def write_eml(msg: EmailMessage, folder: Path, name: str) -> Path:
    """A draft the clerk opens in Outlook, Foxmail or Thunderbird (``X-Unsent: 1`` opens it for
    editing in Outlook). Rewriting the same draft leaves the file unchanged."""
    from minsheng.engines.disk import atomic_write

    folder.mkdir(parents=True, exist_ok=True)
    draft = copy.deepcopy(msg)
    del draft["Date"], draft["Message-ID"]  # a draft gets its date and id when it is sent
    draft["X-Unsent"] = "1"
    if draft.is_multipart():  # the same draft gets the same boundary, so the file does not change
        parts = b"".join(part.as_bytes() for part in draft.iter_parts())
        draft.set_boundary("=_minsheng_" + hashlib.sha256(parts).hexdigest()[:32])
    target = folder / f"{name}.eml"
    atomic_write(target, lambda tmp: tmp.write_bytes(draft.as_bytes(policy=policy.SMTP)), keep_backup=False)
    return target


def _reply(code: int, text: bytes | str) -> str:
    return f"{code} {_text(text)}"


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
