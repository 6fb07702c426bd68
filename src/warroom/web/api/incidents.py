"""/api/v1/incidents: the same actions and queries the CLI uses; routes only parse."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from warroom.core.pagination import PageRequest
from warroom.incidents import actions, queries, response
from warroom.incidents.rules import State as IncidentState
from warroom.incidents.schemas import EventOut, IncidentDetail, IncidentSummary, detail, summary
from warroom.timeline.queries import list_events
from warroom.web.state import Caller, Reader, State, Writer

router = APIRouter(prefix="/incidents", tags=["incidents"])


class IncidentPage(BaseModel):
    items: list[IncidentSummary]
    total: int
    limit: int
    offset: int


class Declare(BaseModel):
    title: str
    severity: str | None = None
    user_impact: str | None = None
    business_impact: str | None = None
    services: list[str] = Field(default_factory=list)
    detection_source: str = "monitoring"
    started_at: datetime | None = None
    detected_at: datetime | None = None
    summary: str = ""
    deploy_version: str | None = None
    is_drill: bool = False


class Transition(BaseModel):
    to: IncidentState
    note: str = ""
    force_reason: str | None = None


class Entry(BaseModel):
    kind: str
    body: str
    occurred_at: datetime | None = None


@router.get("")
def list_incidents(
    reader: Reader,
    state: State,
    states: Annotated[list[str] | None, Query(alias="state")] = None,
    severity: Annotated[list[str] | None, Query()] = None,
    service: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> IncidentPage:
    page = queries.list_incidents(
        reader,
        states=states or [],
        severities=severity or [],
        service=service,
        page=PageRequest(limit=limit, offset=offset),
    )
    return IncidentPage(
        items=[summary(i, state.policy) for i in page.items],
        total=page.total,
        limit=page.limit,
        offset=page.offset,
    )


@router.post("", status_code=201)
def declare(body: Declare, writer: Writer, state: State, caller: Caller) -> IncidentSummary:
    incident = actions.declare_incident(
        session=writer,
        actor=caller,
        now=state.clock.now(),
        policy=state.policy,
        **body.model_dump(),
    )
    return summary(incident, state.policy)


@router.get("/{incident_id}")
def show(incident_id: str, reader: Reader, state: State) -> IncidentDetail:
    incident = queries.get_incident(reader, incident_id)
    return detail(incident, list_events(reader, incident.id), state.policy, state.clock.now())


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
    )
    return summary(incident, state.policy)


@router.post("/{incident_id}/timeline", status_code=201)
def add_entry(
    incident_id: str, body: Entry, writer: Writer, state: State, caller: Caller
) -> EventOut:
    event = response.add_timeline_entry(
        session=writer,
        actor=caller,
        now=state.clock.now(),
        incident_id=incident_id,
        kind=body.kind,
        body=body.body,
        occurred_at=body.occurred_at,
    )
    return EventOut(
        id=event.id,
        seq=event.seq,
        kind=event.kind,
        occurred_at=event.occurred_at,
        recorded_at=event.recorded_at,
        actor=event.actor,
        body=event.body,
        data=dict(event.data),
        key=event.key,
        supersedes=event.supersedes_id,
        superseded=False,
    )
