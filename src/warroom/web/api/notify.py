"""/api/v1: escalation policies, contact methods, channels, external contacts, the delivery
log, and the acknowledgement link's API form (what ntfy's action button posts)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from warroom.incidents.queries import get_incident
from warroom.notifications import acks, contacts, policies, queries
from warroom.notifications.schemas import (
    ChannelOut,
    DeliveryOut,
    ExternalOut,
    MethodOut,
    PolicyOut,
    PolicySpec,
    channel_out,
    delivery_out,
    external_out,
    method_out,
    policy_out,
)
from warroom.web.auth import Admin, Caller, Viewer, actor_of
from warroom.web.params import RowId
from warroom.web.state import Reader, State, Writer

router = APIRouter(tags=["notifications"])


@router.get("/escalation/matrix")
def escalation_matrix(
    reader: Reader, _who: Viewer, service: Annotated[str | None, Query()] = None
) -> list[PolicyOut]:
    """The policy each severity uses (for a service), with 003 §7.1's time columns."""
    return [policy_out(p, row) for p, row in policies.matrix(reader, service)]


@router.get("/escalation/policies")
def list_policies(reader: Reader, _who: Viewer) -> list[PolicyOut]:
    """Stored policies (the built-in defaults apply where none is stored)."""
    return [policy_out(policies.effective(p)) for p in policies.list_policies(reader)]


@router.put("/escalation/policies/{name}")
def save_policy(name: str, body: PolicySpec, writer: Writer, state: State, who: Admin) -> PolicyOut:
    row = policies.save_policy(
        session=writer,
        actor=actor_of(who),
        now=state.clock.now(),
        name=name,
        steps=[s.model_dump() for s in body.steps],
        service=body.service,
        severity=body.severity,
        description=body.description,
        repeat=body.repeat,
        repeat_after_minutes=body.repeat_after_minutes,
    )
    return policy_out(policies.effective(row))


@router.delete("/escalation/policies/{name}", status_code=204)
def delete_policy(name: str, writer: Writer, who: Admin) -> None:
    policies.delete_policy(session=writer, actor=actor_of(who), name=name)


@router.get("/incidents/{incident_id}/deliveries")
def delivery_log(incident_id: str, reader: Reader, _who: Viewer) -> list[DeliveryOut]:
    """Who was told what, when, by which channel, and what each attempt got back."""
    incident = get_incident(reader, incident_id)
    rows = queries.delivery_log(reader, incident.id, acknowledged_at=incident.acknowledged_at)
    return [delivery_out(r) for r in rows]


class MethodIn(BaseModel):
    kind: str
    address: str
    label: str = ""


class CodeIn(BaseModel):
    code: str


class RuleIn(BaseModel):
    method_id: int
    delay_minutes: int = Field(ge=0, le=1440)


@router.get("/people/{handle}/contact-methods")
def list_methods(handle: str, reader: Reader, _who: Viewer) -> list[MethodOut]:
    return [method_out(m) for m in contacts.list_methods(reader, handle)]


@router.post("/people/{handle}/contact-methods", status_code=201)
def add_method(
    handle: str, body: MethodIn, writer: Writer, state: State, caller: Caller
) -> MethodOut:
    """Add a method; a code is sent to it, and it is paged only once verified."""
    method = contacts.add_method(
        session=writer,
        actor=caller,
        now=state.clock.now(),
        handle=handle,
        kind=body.kind,
        address=body.address,
        label=body.label,
    )
    return method_out(method)


@router.post("/people/{handle}/contact-methods/{method_id}/verify")
def verify_method(
    handle: str, method_id: RowId, body: CodeIn, writer: Writer, state: State, caller: Caller
) -> MethodOut:
    method = contacts.verify_method(
        session=writer,
        actor=caller,
        now=state.clock.now(),
        handle=handle,
        method_id=method_id,
        code=body.code,
    )
    return method_out(method)


@router.post("/people/{handle}/contact-methods/{method_id}/test", status_code=202)
def test_method(
    handle: str, method_id: RowId, writer: Writer, state: State, caller: Caller
) -> MethodOut:
    """Queue a test message; its outcome appears in the person's delivery log."""
    method = contacts.test_method(
        session=writer, actor=caller, now=state.clock.now(), handle=handle, method_id=method_id
    )
    return method_out(method)


@router.put("/people/{handle}/notification-rules")
def set_rules(handle: str, body: list[RuleIn], writer: Writer, caller: Caller) -> list[RuleIn]:
    made = contacts.set_rules(
        session=writer,
        actor=caller,
        handle=handle,
        plan=[(r.method_id, r.delay_minutes) for r in body],
    )
    return [RuleIn(method_id=r.method_id, delay_minutes=r.delay_minutes) for r in made]


class ExternalIn(BaseModel):
    name: str
    vendor: str = ""
    phone: str = ""
    email: str = ""
    webhook_url: str = ""
    note: str = ""


@router.get("/services/{service}/external-contacts")
def list_externals(service: str, reader: Reader, _who: Viewer) -> list[ExternalOut]:
    return [external_out(e) for e in contacts.list_externals(reader, [service.lower()])]


@router.post("/services/{service}/external-contacts", status_code=201)
def save_external(service: str, body: ExternalIn, writer: Writer, caller: Caller) -> ExternalOut:
    row = contacts.save_external(session=writer, actor=caller, service=service, **body.model_dump())
    return external_out(row)


class ChannelIn(BaseModel):
    kind: str
    config: dict[str, str] = Field(default_factory=dict)
    announce: list[str] = Field(default_factory=list)


@router.get("/notify/channels")
def list_channels(reader: Reader, _who: Admin) -> list[ChannelOut]:
    return [channel_out(c) for c in contacts.list_channels(reader)]


@router.put("/notify/channels/{name}")
def save_channel(
    name: str, body: ChannelIn, writer: Writer, state: State, who: Admin
) -> ChannelOut:
    """Create or replace a shared destination; its URL and secret are never shown again."""
    row = contacts.save_channel(
        session=writer,
        actor=actor_of(who),
        now=state.clock.now(),
        name=name,
        kind=body.kind,
        config=body.config,
        announce=body.announce,
    )
    return channel_out(row)


class AckOut(BaseModel):
    incident: str
    person: str
    acknowledged: bool
    state: str


@router.post("/ack/{token}")
def acknowledge(token: str, writer: Writer, state: State) -> AckOut:
    """Use a page's signed link without signing in (single use; refused after resolve)."""
    outcome = acks.acknowledge_by_link(
        session=writer,
        now=state.clock.now(),
        policy=state.policy,
        secret_key=state.secret_key,
        token=token,
        channel="api",
    )
    return AckOut(
        incident=outcome.incident_id,
        person=outcome.person,
        acknowledged=outcome.acknowledged,
        state=outcome.state,
    )
