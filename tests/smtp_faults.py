"""Tiny SMTP servers on 127.0.0.1 that misbehave the way real ones do (our own sockets, no library):
one that accepts the first message and then drops the connection and refuses every later one, and
one that trickles continuation lines (``220-``, or ``250-`` after a message) without ever finishing."""

from __future__ import annotations

import contextlib
import socket
import threading
import time


class _Server:
    def __init__(self, talk):
        self.talk, self.messages, self.connections = talk, [], 0
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self):
        self.sock.settimeout(0.1)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            threading.Thread(target=self._one, args=(conn,), daemon=True).start()

    def _one(self, conn):
        with conn:
            conn.settimeout(10)
            try:
                self.talk(self, conn, conn.makefile("rb"))
            except OSError:
                pass


def _dialogue(server, conn, lines, after_data):
    """Speak plain SMTP until a message is in; ``after_data`` answers it."""
    conn.sendall(b"220 faulty.test ESMTP\r\n")
    for line in iter(lines.readline, b""):
        verb = line[:4].upper()
        if verb == b"DATA":
            conn.sendall(b"354 go ahead\r\n")
            body = b"".join(iter(lines.readline, b".\r\n"))
            server.messages.append(body)
            return after_data(conn)
        if verb == b"QUIT":
            return conn.sendall(b"221 bye\r\n")
        conn.sendall(b"250 faulty.test\r\n" if verb in (b"EHLO", b"HELO") else b"250 OK\r\n")


def drops_after_first(server, conn, lines):
    if server.messages:  # from then on the server is gone: it hangs up at once
        return
    _dialogue(server, conn, lines, lambda c: c.sendall(b"250 accepted\r\n"))  # …and then drops the line


def trickles(every: float, at: str = "greeting"):
    """A server that sends a continuation line every ``every`` seconds, forever: at the greeting
    (``220-``) or in answer to the message (``250-``)."""
    def drip(conn, code):
        while True:
            conn.sendall(code + b"-still working\r\n")
            time.sleep(every)

    def talk(server, conn, lines):
        if at == "greeting":
            return drip(conn, b"220")
        _dialogue(server, conn, lines, lambda c: drip(c, b"250"))
    return talk


def silent(server, conn, lines):
    """Accepts the connection and never says a word."""
    lines.readline()


@contextlib.contextmanager
def faulty_server(talk):
    """Yield the server (``.port``, ``.messages`` received, ``.connections`` made)."""
    server = _Server(talk)
    server.thread.start()
    try:
        yield server
    finally:
        server.stop.set()
        server.thread.join()
        server.sock.close()
