"""Real servers on loopback that record what warroom sends: HTTP (Slack, Teams, webhooks,
ntfy, PagerDuty, Opsgenie, a fake Twilio) and SMTP (aiosmtpd).

The HTTP recorder answers from a script per path (status, body, headers), so a test can
make a receiver fail with 500 or 429 + Retry-After before it accepts.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Received:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def form(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.body.decode()).items()}


@dataclass
class Reply:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Recorder:
    """Requests by path; `script[path]` answers in order, then `default` answers."""

    url: str = ""
    requests: list[Received] = field(default_factory=list)
    script: dict[str, list[Reply]] = field(default_factory=dict)
    default: dict[str, Reply] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def at(self, path: str) -> list[Received]:
        with self.lock:
            return [r for r in self.requests if r.path == path]

    def reply_for(self, path: str) -> Reply:
        with self.lock:
            queue = self.script.get(path) or []
            if queue:
                return queue.pop(0)
            for prefix, reply in self.default.items():
                if path.startswith(prefix):
                    return reply
        return Reply(200, {"ok": True})

    def counts(self, header: str) -> Counter[str]:
        with self.lock:
            return Counter(r.headers.get(header, "") for r in self.requests)


def _handler(recorder: Recorder) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length)
            parts = urlsplit(self.path)
            with recorder.lock:
                recorder.requests.append(
                    Received(
                        "POST",
                        parts.path,
                        parse_qs(parts.query),
                        {k.lower(): v for k, v in self.headers.items()},
                        body,
                    )
                )
            reply = recorder.reply_for(parts.path)
            data = (
                b""
                if reply.body is None
                else (
                    reply.body if isinstance(reply.body, bytes) else json.dumps(reply.body).encode()
                )
            )
            self.send_response(reply.status)
            for key, value in reply.headers.items():
                self.send_header(key, value)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler


@contextmanager
def http_recorder() -> Iterator[Recorder]:
    recorder = Recorder()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(recorder))
    server.daemon_threads = True
    recorder.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield recorder
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Mailbox:
    host: str = "127.0.0.1"
    port: int = 0
    messages: list[Message] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)

    def to(self, address: str) -> list[Message]:
        return [
            m
            for m, (_f, rcpt) in zip(self.messages, self.envelopes, strict=True)
            if address in rcpt
        ]


@contextmanager
def smtp_server() -> Iterator[Mailbox]:
    """A real SMTP server (aiosmtpd) on a free loopback port, keeping every message."""
    from aiosmtpd.controller import Controller

    from tests.support.processes import free_port

    box = Mailbox(port=free_port())

    class Keep:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
            box.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            box.messages.append(message_from_bytes(envelope.content))
            return "250 OK"

    controller = Controller(Keep(), hostname=box.host, port=box.port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()
