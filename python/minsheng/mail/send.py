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
import ipaddress
import mimetypes
import os
import smtplib
import ssl
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Callable

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
    timeout: float = 30.0  # each read from the server
    overall: float = 120.0  # the whole of connecting (greeting, TLS, login), and the whole of each message
    allow_plaintext: bool = False  # --security none to a host other than this machine

    @classmethod
    def parse(cls, text: str, security: str | None = None, **kw) -> SmtpConfig:
        """``HOST:PORT`` (port 465 means SSL unless ``security`` says otherwise). A user or password
        in ``text`` is refused without repeating it; ``none`` is for this machine only (unless
        ``allow_plaintext``) and never with a login."""
        if "@" in text:  # user:password@host:port: the password must not reach a message or the resolver
            where = text.rpartition("@")[2]
            raise ValueError(f"SMTP 服务器地址中不能写用户名或密码（已忽略，未显示）：只写 主机:端口，如 {where}；"
                             f"用户名用 --user，密码设环境变量 {PASSWORD_ENV} 或存入系统钥匙串（keyring）。")
        host, _, port = text.rpartition(":")
        if not host or not port.isdigit() or ":" in host.strip("[]") and not host.startswith("["):
            raise ValueError(f"SMTP 服务器应写成 主机:端口，如 smtp.weishan.gov.cn:587，现为“{text}”")
        security = security or ("ssl" if int(port) == 465 else "starttls")
        if security not in SECURITY:
            raise ValueError(f"加密方式应为 {'/'.join(SECURITY)} 之一，现为“{security}”")
        config = cls(host.strip("[]"), int(port), security, **kw)
        if security == "none" and config.user:
            raise ValueError("不加密（--security none）时不能登录：密码会以明文传送。请改用 --security starttls 或 ssl。")
        if security == "none" and not is_loopback(config.host) and not config.allow_plaintext:
            raise ValueError(f"不加密（--security none）只用于本机测试，{config.host} 不是本机：邮件会以明文传送。"
                             "请改用 --security starttls 或 ssl；确需明文发送时加 --allow-plaintext。")
        return config


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


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
    """An address object (the only way header fields are built). ``name`` should be ``one_line`` already;
    an ``email`` with a line break or control character is refused (ValueError, in Chinese)."""
    if one_line(email) != email or email.count("@") != 1:
        raise ValueError(f"电子邮箱“{one_line(email)}”含换行或不是一个地址")
    user, _, domain = email.partition("@")
    return Address(display_name=one_line(name or ""), username=user, domain=domain)


def one_line(text: str) -> str:
    """``text`` for a header field: line breaks and other control characters become one space."""
    return " ".join("".join(" " if ord(c) < 32 or c in "\x7f\u2028\u2029\x85" else c for c in text).split())


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


class _Watched:
    """A connection with a watchdog: a step (connecting, one message) that is not over within
    ``overall`` seconds has its socket shut, so a server that trickles a line every few seconds
    (each read within ``timeout``) still ends. ``timed_out`` tells that from a real drop."""

    overall = 120.0
    timed_out = False
    _timer: threading.Timer | None = None

    def _get_socket(self, host, port, timeout):
        sock = super()._get_socket(host, port, timeout)
        self._raw = sock
        self.arm()
        return sock

    def arm(self) -> None:
        self.disarm()
        self._timer = threading.Timer(self.overall, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def disarm(self) -> None:
        if self._timer:
            self._timer.cancel()

    def _expire(self) -> None:
        self.timed_out = True
        try:
            self._raw.shutdown(2)  # SHUT_RDWR: a blocked read returns at once
        except OSError:
            pass


class _SMTP(_Watched, smtplib.SMTP):
    pass


class _SMTPS(_Watched, smtplib.SMTP_SSL):
    pass


def connect(config: SmtpConfig, secret: str | None) -> smtplib.SMTP:
    context = ssl.create_default_context(cafile=str(config.cafile) if config.cafile else None)
    where = f"{config.host}:{config.port}"
    server = (_SMTPS(timeout=config.timeout, context=context) if config.security == "ssl"
              else _SMTP(timeout=config.timeout))
    server.overall = config.overall
    server._host = config.host  # smtplib keeps it for the TLS server name only when given at creation
    started = time.monotonic()
    try:
        server.connect(config.host, config.port)
        if config.security != "ssl":
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
        server.disarm()
        return server
    except MailError:
        server.disarm()
        raise
    except smtplib.SMTPAuthenticationError as e:
        raise MailError(f"SMTP 服务器 {where} 拒绝登录（{e.smtp_code}）：请核对用户名和密码。") from None
    except UnicodeEncodeError:
        raise MailError("SMTP 登录名或密码含中文等非 ASCII 字符，标准 SMTP 登录不支持，请改用英文字母、数字和符号。") from None
    except ssl.SSLError as e:
        raise MailError(f"与 {where} 建立加密连接失败（{e.reason or e}）：请核对端口和加密方式，"
                        "或用 --cafile 指定本单位的根证书。") from None
    except (OSError, smtplib.SMTPException) as e:
        server.disarm()
        if server.timed_out:
            raise MailError(f"SMTP 服务器 {where} 在 {config.overall:g} 秒内未完成应答（已等 "
                            f"{time.monotonic() - started:.0f} 秒），已断开：请核对主机和端口，或稍后再试。") from None
        raise MailError(f"无法连接 SMTP 服务器 {where}：{e}") from None


def send_all(config: SmtpConfig, secret: str | None, messages: list[tuple[str, EmailMessage]],
             on_accepted: Callable[[Outcome], bool] | None = None) -> list[Outcome]:
    """Send each message, one outcome each, in order; ``on_accepted`` (e.g. writing 日志) is called
    the moment the server accepts a message, and a False from it stops the sending (what is not
    logged would be sent again). A connection the server dropped between messages is made again
    for the next one; when it cannot be, the rest are outcomes "未发送". A refused recipient or a
    refused message is that message's outcome, the others still go. Raises MailError only when
    the first connection fails (nothing was sent)."""
    server = connect(config, secret)
    outcomes: list[Outcome] = []
    try:
        for i, (key, msg) in enumerate(messages):
            if i and not _alive(server):
                _close(server)
                try:
                    server = connect(config, secret)
                except MailError as e:
                    server = None
                    outcomes += [Outcome(k, error=f"未发送：服务器断开后重新连接失败（{e}）") for k, _ in messages[i:]]
                    break
            outcomes.append(_send_one(server, key, msg))
            if outcomes[-1].accepted and on_accepted and not on_accepted(outcomes[-1]):
                outcomes += [Outcome(k, error="未发送：前一封已发出但未能写入日志，为免重复已停止发送")
                             for k, _ in messages[i + 1:]]
                break
    finally:
        _close(server)
    return outcomes


def _alive(server: smtplib.SMTP) -> bool:
    server.arm()
    try:
        return server.noop()[0] == 250
    except (OSError, smtplib.SMTPException):
        return False
    finally:
        server.disarm()


def _close(server: smtplib.SMTP | None) -> None:
    if server is None:
        return
    server.disarm()
    try:
        server.quit()
    except (OSError, smtplib.SMTPException):
        server.close()


def _send_one(server: smtplib.SMTP, key: str, msg: EmailMessage) -> Outcome:
    wanted = [a.addr_spec for a in msg["To"].addresses]
    server.arm()  # the whole message within config.overall
    try:
        refused = server.send_message(msg)
    except smtplib.SMTPRecipientsRefused as e:
        return Outcome(key, (), {a: _reply(code, text) for a, (code, text) in e.recipients.items()})
    except smtplib.SMTPServerDisconnected as e:
        if server.timed_out:
            return Outcome(key, error=f"未发送（或未确认）：服务器在 {server.overall:g} 秒内未完成应答，已断开")
        return Outcome(key, error=f"未发送（或未确认）：服务器断开连接（{e}）")
    except smtplib.SMTPResponseException as e:
        return Outcome(key, error=f"服务器拒收（{e.smtp_code} {_text(e.smtp_error)}）")
    except (OSError, smtplib.SMTPException) as e:
        return Outcome(key, error=f"发送失败：{e}")
    finally:
        server.disarm()
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
