"""E-mail: compose Chinese messages, send them over SMTP, or write .eml drafts.

Subjects and display names are RFC 2047 encoded-words, bodies UTF-8, attachment
file names RFC 2231 (``filename*=utf-8''...``), all done by the standard library's
``email`` package with its modern policy; header fields are built only from address
objects, names made one line first. The connection (``smtp``) takes the password from the
environment (``MINSHENG_SMTP_PASSWORD``) or the system keyring, never from a workbook.
"""

from __future__ import annotations

import copy
import hashlib
import mimetypes
import smtplib
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Callable

from minsheng.mail.smtp import (  # noqa: F401 - the names callers know from here
    KEYRING_SERVICE, PASSWORD_ENV, SECURITY, MailError, SmtpConfig, connect, is_loopback, password)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


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
            when: datetime | None = None, story: str | None = None) -> EmailMessage:
    """A message dated ``when`` (now by default). Its Message-ID is ``make_msgid``'s, unique each call; in the
    demo (``story``, the story clock's name) it is derived from the story, the date, the recipients, the
    subject and the body, so a rerun of the story sends the same ids."""
    msg = EmailMessage(policy=policy.default)  # bodies keep \n; CRLF on the wire
    if sender is not None:  # a draft without a sender gets one from the mail client
        msg["From"] = sender
    msg["To"] = to
    if reply_to:
        msg["Reply-To"] = reply_to
    msg["Subject"] = subject
    msg["Date"] = format_datetime((when or datetime.now()).astimezone())
    domain = sender.domain if sender else "localhost"
    msg["Message-ID"] = _story_id(story, msg, body, domain) if story else make_msgid(domain=domain)
    msg.set_content(body, charset="utf-8", cte="base64")  # 7-bit clean for any relay
    for path in attachments:
        kind = XLSX if path.suffix.lower() == ".xlsx" else (
            DOCX if path.suffix.lower() == ".docx" else mimetypes.guess_type(path.name)[0] or "application/octet-stream")
        maintype, subtype = kind.split("/", 1)
        msg.add_attachment(Path(path).read_bytes(), maintype=maintype, subtype=subtype, filename=path.name)
    return msg


def _story_id(story: str, msg: EmailMessage, body: str, domain: str) -> str:
    """``<32 hex digits of the story's and the message's sha256>.<story>@<domain>``: stable across runs."""
    seen = "\n".join([story, str(msg["Date"]), str(msg["To"]), str(msg["Subject"]), body])
    return f"<{hashlib.sha256(seen.encode()).hexdigest()[:32]}.{story}@{domain}>"


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
