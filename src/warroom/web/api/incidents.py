"""/api/v1/incidents: the same actions and queries the CLI uses; routes only parse."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query
from pydantic import BaseModel, Field

from warroom.core.pagination import PageRequest
from warroom.incidents import actions, queries, response, transfer
from warroom.incidents.rules import ACTIVE
from warroom.incidents.rules import State as IncidentState
from warroom.incidents.schemas import IncidentDetail, IncidentSummary, detail, summary
from warroom.severity.rules import parse_level
from warroom.timeline.queries import list_events
from warroom.web.api import times
from warroom.web.api.times import TypedTime
from warroom.web.auth import Caller, Viewer
from warroom.web.params import Limit, Offset
from warroom.web.state import Reader, State, Writer

router = APIRouter(prefix="/incidents", tags=["incidents"])


class IncidentPage(BaseModel):
    items: list[IncidentSummary]
    total: int
    limit: int
    offset: int
    next_offset: int | None = Field(description="Offset of the next page; null on the last.")


class Declare(BaseModel):
    title: str
    severity: str | None = None
    user_impact: str | None = None
    business_impact: str | None = None
    services: list[str] = Field(default_factory=list)
    detection_source: str = "monitoring"
    started_at: TypedTime | None = None
    detected_at: TypedTime | None = None
    summary: str = ""
    deploy_version: str | None = None
    is_drill: bool = False
    page_oncall: str | None = Field(
        default=None, description="Schedule whose primary at detection becomes On-call Engineer."
    )


class Transition(BaseModel):
    to: IncidentState
    note: str = ""
    force_reason: str | None = None
    at: TypedTime | None = Field(
        default=None, description="When it happened, if earlier than now (back-dated)."
    )


class Reopen(BaseModel):
    reason: str
    at: TypedTime | None = Field(
        default=None, description="When it happened, if earlier than now (back-dated)."
    )


class SeverityChange(BaseModel):
    to: str
    reason: str
    at: TypedTime | None = Field(
        default=None, description="When it happened, if earlier than now (back-dated)."
    )


class Facts(BaseModel):
    services: list[str] | None = None
    deploy_version: str | None = None
    summary: str | None = None
    started_at: TypedTime | None = None


class UpdateDue(BaseModel):
    incident: IncidentSummary
    due_at: datetime
    overdue_seconds: float


class UpdatesDue(BaseModel):
    items: list[UpdateDue]
    total: int
    limit: int


@router.get("")
def list_incidents(
    reader: Reader,
    state: State,
    _who: Viewer,
    states: Annotated[list[str] | None, Query(alias="state")] = None,
    severity: Annotated[list[str] | None, Query()] = None,
    service: str | None = None,
    active: bool = False,
    drills: bool = True,
    limit: Limit = 50,
    offset: Offset = 0,
) -> IncidentPage:
    """List incidents newest first; `total` counts every match."""
    wanted = [s.value for s in ACTIVE] if active else [s.strip().lower() for s in states or []]
    page = queries.list_incidents(
        reader,
        states=wanted,
        severities=[parse_level(s) for s in severity or []],
        service=service,
        include_drills=drills,
        page=PageRequest(limit=limit, offset=offset),
    )
    return IncidentPage(
        items=[summary(i, state.policy) for i in page.items],
        total=page.total,
        limit=page.limit,
        offset=page.offset,
        next_offset=page.offset + len(page.items) if page.has_more else None,
    )


@router.post("", status_code=201)
def declare(body: Declare, writer: Writer, state: State, caller: Caller) -> IncidentSummary:
    fields = body.model_dump()
    fields["started_at"] = times.read(body.started_at, state, "started_at")
    fields["detected_at"] = times.read(body.detected_at, state, "detected_at")
    incident = actions.declare_incident(
        session=writer, actor=caller, now=state.clock.now(), policy=state.policy, **fields
    )
    return summary(incident, state.policy)


@router.post("/import", status_code=201)
def import_file(
    body: Annotated[
        dict[str, Any],
        Body(description="An incident file as JSON (docs/incident-file.schema.json)."),
    ],
    writer: Writer,
    state: State,
    caller: Caller,
) -> IncidentSummary:
    """Record a whole past incident in one transaction (docs/past-incidents.md)."""
    incident = transfer.import_incident(
        session=writer, actor=caller, now=state.clock.now(), policy=state.policy, data=body
    )
    return summary(incident, state.policy)


@router.get("/updates-due")
def updates_due(reader: Reader, state: State, _who: Viewer, limit: Limit = 100) -> UpdatesDue:
    """Active incidents whose stakeholder update is overdue (003 §4.3), most overdue first."""
    now = state.clock.now()
    page = queries.list_overdue_updates(reader, state.policy, now, limit=limit)
    items = [
        UpdateDue(
            incident=summary(incident, state.policy),
            due_at=due,
            overdue_seconds=(now - due).total_seconds(),
        )
        for incident, due in page.items
    ]
    return UpdatesDue(items=items, total=page.total, limit=limit)


@router.get("/{incident_id}")
def show(incident_id: str, reader: Reader, state: State, _who: Viewer) -> IncidentDetail:
    incident = queries.get_incident(reader, incident_id)
    return detail(incident, list_events(reader, incident.id), state.policy, state.clock.now())


@router.patch("/{incident_id}")
def amend(
    incident_id: str, body: Facts, writer: Writer, state: State, caller: Caller
) -> IncidentSummary:
    """Record newly learnt facts (services, deploy, summary, start time)."""
    fields = body.model_dump(exclude_unset=True)
    if "started_at" in fields:
        fields["started_at"] = times.read(body.started_at, state, "started_at")
    incident = response.amend_facts(
        session=writer, actor=caller, now=state.clock.now(), incident_id=incident_id, **fields
    )
    return summary(incident, state.policy)


@router.post("/{incident_id}/transitions")
def transition(
    incident_id: str, body: Transition, writer: Writer, state: State, caller: Caller
) -> IncidentSummary:
    incident = actions.transition_incident(
        session=writer,
        actor=caller,
        now=state.clock.now(),
        policy=state.policy,
        incident_id=incident_id,
        to=body.to,
        note=body.note,
        force_reason=body.force_reason,
        at=times.read(body.at, state, "at"),
    )
    return summary(incident, state.policy)


@router.post("/{incident_id}/reopen")
def reopen(
    incident_id: str, body: Reopen, writer: Writer, state: State, caller: Caller
) -> IncidentSummary:
    incident = actions.reopen_incident(
        session=writer,
        actor=caller,
        now=state.clock.now(),
        incident_id=incident_id,
        reason=body.reason,
        at=times.read(body.at, state, "at"),
        policy=state.policy,
    )
    return summary(incident, state.policy)


@router.post("/{incident_id}/severity")
def change_severity(
    incident_id: str, body: SeverityChange, writer: Writer, state: State, caller: Caller
) -> IncidentSummary:
    incident = actions.change_severity(
        session=writer,
        actor=caller,
        now=state.clock.now(),
        policy=state.policy,
        incident_id=incident_id,
        to=body.to,
        reason=body.reason,
        at=times.read(body.at, state, "at"),
    )
    return summary(incident, state.policy)
