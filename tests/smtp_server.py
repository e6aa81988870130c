"""A real SMTP server on 127.0.0.1 for the mail tests (aiosmtpd), with STARTTLS, SSL and AUTH.

The certificate in fixtures/ is a self-signed one for 127.0.0.1 made for these tests only.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
from email import message_from_bytes, policy
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

FIXTURES = Path(__file__).parent / "fixtures"
CERT, KEY = FIXTURES / "smtp-test-cert.pem", FIXTURES / "smtp-test-key.pem"


class Recorder:
    """Keeps what it receives; refuses the recipients in ``refuse`` at RCPT time."""

    def __init__(self, refuse=(), on_data=None):
        self.refuse = set(refuse)
        self.envelopes = []
        self.on_data = on_data  # called as each message arrives (e.g. a clerk opens the master meanwhile)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        if self.on_data:
            self.on_data()
        return "250 Message accepted for delivery"

    @property
    def messages(self):
        return [message_from_bytes(e.original_content, policy=policy.default) for e in self.envelopes]


class Login:
    def __init__(self, user: str, password: str):
        self.user, self.password, self.attempts = user.encode(), password.encode(), []

    def __call__(self, server, session, envelope, mechanism, auth_data):
        self.attempts.append(auth_data.login)
        ok = (auth_data.login, auth_data.password) == (self.user, self.password)
        return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535 itself


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_context() -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(CERT, KEY)
    return context


@contextlib.contextmanager
def smtp_server(security: str = "none", refuse=(), login: Login | None = None, on_data=None):
    """Yield (recorder, port). ``security``: none, starttls (required) or ssl."""
    recorder = Recorder(refuse, on_data)
    kw = {}
    if security == "starttls":
        kw.update(tls_context=_server_context(), require_starttls=True)
    elif security == "ssl":
        kw.update(ssl_context=_server_context())
    if login:
        # aiosmtpd only counts STARTTLS as TLS for AUTH; on an implicit-SSL port the link is TLS already
        kw.update(authenticator=login, auth_require_tls=security == "starttls", auth_required=True)
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port, **kw)
    controller.start()
    try:
        yield recorder, port
    finally:
        controller.stop()
