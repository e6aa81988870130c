"""The SMTP connection: where and how (``SmtpConfig``), the password (environment or keyring, never a
workbook or the command line), and a connection whose every step has an end.

A step — connecting (greeting, TLS, login) or one message — that is not over within ``overall``
seconds has its socket shut by a watchdog, so a server that trickles a line every few seconds
(each read within the per-read ``timeout``) still ends.
"""

from __future__ import annotations

import ipaddress
import os
import smtplib
import ssl
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PASSWORD_ENV = "MINSHENG_SMTP_PASSWORD"
KEYRING_SERVICE = "minsheng-smtp"
SECURITY = ("starttls", "ssl", "none")


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
