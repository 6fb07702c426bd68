"""The ports the engine talks through: who is on call, and how a message leaves.

Both are Protocols injected where the worker is built (`warroom.worker`), so tests use
fakes and the engine never imports an HTTP client or an SMTP library.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol

from sqlalchemy.orm import Session


@dataclass(frozen=True, slots=True)
class OnCallShift:
    """Mirrors `warroom.oncall.queries.OnCall` (issue 11): who holds a schedule's role."""

    schedule: str
    role: str  # "primary", "secondary", …
    person: str  # a people handle
    start: datetime
    end: datetime


class OnCallDirectory(Protocol):
    def who_is_on_call(
        self, session: Session, schedule: str, at: datetime
    ) -> Sequence[OnCallShift]:
        """Everyone on call for `schedule` at `at`; raises NotFound for an unknown schedule."""
        ...

    def schedule_for_service(self, session: Session, service: str) -> str | None:
        """The schedule that answers for `service`, if one is attached."""
        ...


@dataclass(frozen=True, slots=True)
class Message:
    """One rendered message; channels pick the parts their format needs."""

    key: str  # idempotency key: webhook-id, Message-ID, the receivers' dedup
    purpose: str  # page, announce, update, resolved, reminder, verify, test
    subject: str
    text: str
    lang: str = "en"
    incident_id: str | None = None
    severity: str | None = None
    title: str = ""
    url: str | None = None  # the incident room
    ack_url: str | None = None
    facts: tuple[tuple[str, str], ...] = ()
    slack: dict[str, Any] | None = None  # Block Kit payload, when the texts have one
    labels: Mapping[str, str] = field(default_factory=dict)  # translated button texts


@dataclass(frozen=True, slots=True)
class Destination:
    kind: str  # email, sms, voice, slack, ntfy, slack_webhook, teams, webhook, pagerduty, …
    address: str
    config: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SendResult:
    """ok: delivered; retry: try again later (timeout, 5xx, 429); failed: do not retry."""

    status: Literal["ok", "retry", "failed"]
    code: int | None = None
    error: str | None = None
    retry_after: float | None = None  # seconds, from Retry-After
    latency_ms: float = 0.0


class Transport(Protocol):
    def send(self, message: Message, destination: Destination) -> SendResult: ...


Transports = Mapping[str, Transport]  # by destination kind
