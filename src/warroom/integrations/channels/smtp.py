"""E-mail over SMTP (stdlib smtplib): plain, STARTTLS or implicit TLS, with a Message-ID
derived from the idempotency key so a receiver can drop a duplicate."""

from __future__ import annotations

import hashlib
import smtplib
import ssl
import time
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import formatdate

from warroom.notifications.ports import Destination, Message, SendResult

Factory = Callable[[], smtplib.SMTP]


class SmtpChannel:
    def __init__(
        self,
        *,
        host: str,
        port: int = 25,
        security: str = "none",
        username: str | None = None,
        password: str | None = None,
        sender: str = "warroom@localhost",
        timeout: float = 10.0,
        context: ssl.SSLContext | None = None,
    ) -> None:
        self.host, self.port, self.security = host, port, security
        self.username, self.password, self.sender = username, password, sender
        self.timeout = timeout
        self.context = context or ssl.create_default_context()

    def connect(self) -> smtplib.SMTP:
        if self.security == "tls":
            return smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=self.context
            )
        client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        if self.security == "starttls":
            client.starttls(context=self.context)
        return client

    def send(self, message: Message, destination: Destination) -> SendResult:
        started = time.perf_counter()
        mail = build(message, self.sender, destination.address)
        try:
            with self.connect() as client:
                if self.username and self.password:
                    client.login(self.username, self.password)
                client.send_message(mail)
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            return _smtp_error(code, text, started)
        except smtplib.SMTPResponseException as exc:
            return _smtp_error(exc.smtp_code, exc.smtp_error, started)
        except (TimeoutError, OSError, smtplib.SMTPException) as exc:
            return SendResult(
                "retry", error=f"{type(exc).__name__}: {exc}", latency_ms=_ms(started)
            )
        return SendResult("ok", code=250, latency_ms=_ms(started))


def build(message: Message, sender: str, to: str) -> EmailMessage:
    mail = EmailMessage()
    mail["Subject"] = message.subject
    mail["From"] = sender
    mail["To"] = to
    mail["Date"] = formatdate(usegmt=True)
    digest = hashlib.sha256(message.key.encode()).hexdigest()[:32]
    mail["Message-ID"] = f"<{digest}@warroom>"
    mail["Auto-Submitted"] = "auto-generated"
    if message.incident_id:
        mail["X-Warroom-Incident"] = message.incident_id
    if message.severity:
        mail["X-Warroom-Severity"] = message.severity
        if message.severity == "P1":
            mail["X-Priority"] = "1"
    mail.set_content(message.text)
    return mail


def _smtp_error(code: int, text: bytes | str, started: float) -> SendResult:
    detail = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
    if 400 <= code < 500:
        return SendResult(
            "retry", code=code, error=f"SMTP {code}: {detail}", latency_ms=_ms(started)
        )
    return SendResult("failed", code=code, error=f"SMTP {code}: {detail}", latency_ms=_ms(started))


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000
