"""Pydantic shapes for the API, `--json` and policy files (`warroom escalation apply`)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from warroom.notifications.models import ANY, Channel, ContactMethod, ExternalContact
from warroom.notifications.policies import Effective
from warroom.notifications.queries import LogRow


class StepSpec(BaseModel):
    at: int = Field(ge=0, description="Minutes after paging starts.")
    targets: list[str] = Field(
        description="oncall:primary, oncall:SCHEDULE:secondary, person:HANDLE, role:ROLE, "
        "team:NAME, channel:NAME, external:NAME or external:*"
    )
    note: str = ""


class PolicySpec(BaseModel):
    """A policy as written in a file or sent to the API."""

    name: str = ""  # the URL names it in the API
    service: str = ANY
    severity: str = ANY
    description: str = ""
    steps: list[StepSpec] = Field(default_factory=list)
    repeat: int = Field(default=0, ge=0, le=10)
    repeat_after_minutes: int = Field(default=30, ge=1)


class PolicyFile(BaseModel):
    """`warroom escalation apply FILE`: policies and the teams their steps name."""

    policies: list[PolicySpec] = Field(default_factory=list)
    teams: dict[str, list[str]] = Field(default_factory=dict)


class PolicyOut(PolicySpec):
    builtin: bool
    matrix: list[list[str]] = Field(default_factory=list)


def policy_out(policy: Effective, matrix: list[list[str]] | None = None) -> PolicyOut:
    return PolicyOut(
        name=policy.name,
        service=policy.service,
        severity=policy.severity,
        description=policy.description,
        steps=[StepSpec(**s) for s in policy.steps],
        repeat=policy.repeat,
        repeat_after_minutes=policy.repeat_after_minutes,
        builtin=policy.builtin,
        matrix=matrix or [],
    )


class AttemptOut(BaseModel):
    number: int
    status: str
    response_code: int | None
    latency_ms: float | None
    error: str | None
    started_at: datetime
    finished_at: datetime | None


class DeliveryOut(BaseModel):
    id: int
    purpose: str
    step: int | None
    repeat: int | None
    target: str
    person: str | None
    channel: str
    destination: str
    state: str
    attempts: list[AttemptOut]
    due_at: datetime
    sent_at: datetime | None
    last_error: str | None


def delivery_out(row: LogRow) -> DeliveryOut:
    d = row.delivery
    return DeliveryOut(
        id=d.id,
        purpose=d.purpose,
        step=None if d.step is None else d.step + 1,
        repeat=d.repeat,
        target=d.target,
        person=d.person,
        channel=d.channel,
        destination=mask(d.channel, d.destination),
        state=row.shown_state,
        attempts=[
            AttemptOut(
                number=a.number,
                status=a.status,
                response_code=a.response_code,
                latency_ms=a.latency_ms,
                error=a.error,
                started_at=a.started_at,
                finished_at=a.finished_at,
            )
            for a in row.attempts
        ],
        due_at=d.due_at,
        sent_at=d.sent_at,
        last_error=d.last_error,
    )


def mask(kind: str, address: str) -> str:
    """Shared destinations are URLs with secrets in them: show only their host."""
    if address.startswith(("http://", "https://")):
        return address.split("/", 3)[2] + "/…"
    if kind in ("pagerduty", "opsgenie"):
        return address[:4] + "…"
    return address


class MethodOut(BaseModel):
    id: int
    kind: str
    address: str
    label: str
    verified: bool
    verified_at: datetime | None


def method_out(method: ContactMethod) -> MethodOut:
    return MethodOut(
        id=method.id,
        kind=method.kind,
        address=method.address,
        label=method.label,
        verified=method.verified_at is not None,
        verified_at=method.verified_at,
    )


class ExternalOut(BaseModel):
    id: int
    service: str
    name: str
    vendor: str
    phone: str
    email: str
    webhook: bool
    note: str


def external_out(row: ExternalContact) -> ExternalOut:
    return ExternalOut(
        id=row.id,
        service=row.service,
        name=row.name,
        vendor=row.vendor,
        phone=row.phone,
        email=row.email,
        webhook=bool(row.webhook_url),
        note=row.note,
    )


class ChannelOut(BaseModel):
    name: str
    kind: str
    announce: list[str]
    settings: list[str]  # which keys are set; values (URLs, secrets) are not shown


def channel_out(row: Channel) -> ChannelOut:
    return ChannelOut(
        name=row.name, kind=row.kind, announce=list(row.announce), settings=sorted(row.config)
    )
