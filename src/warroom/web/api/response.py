"""/api/v1/incidents/{id}/roles, /status-updates and /timeline: the war-room writes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from warroom.incidents import queries, response
from warroom.incidents.schemas import (
    EventOut,
    RoleOut,
    StatusUpdateOut,
    event_out,
    role_out,
    update_out,
)
from warroom.timeline.queries import list_events, superseded_ids
from warroom.web.api import times
from warroom.web.api.times import TypedTime
from warroom.web.auth import Caller, Viewer
from warroom.web.params import Cursor, Limit, Offset, RowId
from warroom.web.state import Reader, State, Writer

router = APIRouter(prefix="/incidents/{incident_id}", tags=["war room"])


class RoleAssign(BaseModel):
    role: str
    handle: str
    at: TypedTime | None = Field(
        default=None, description="When it happened, if earlier than now (back-dated)."
    )


class StatusUpdateIn(BaseModel):
    body: str
    post: bool = False  # also post it to the incident's chat channels
    at: TypedTime | None = Field(
        default=None, description="When it happened, if earlier than now (back-dated)."
    )


class Entry(BaseModel):
    kind: str
    body: str
    occurred_at: TypedTime | None = None
    key: bool | None = None


class Correction(BaseModel):
    body: str
    occurred_at: TypedTime | None = None


class KeyMark(BaseModel):
    key: bool = Field(description="true stars the entry as a key event, false unstars it.")


class EventPage(BaseModel):
    items: list[EventOut]
    total: int
    limit: int
    offset: int
    next_offset: int | None


@router.get("/roles")
def list_roles(incident_id: str, reader: Reader, _who: Viewer) -> list[RoleOut]:
    """Every assignment, current and handed over (relieved_at set)."""
    return [role_out(r) for r in queries.get_incident(reader, incident_id).roles]


@router.post("/roles", status_code=201)
def assign_role(
    incident_id: str, body: RoleAssign, writer: Writer, state: State, caller: Caller
) -> RoleOut:
    assignment = response.assign_role(
        session=writer,
        actor=caller,
        now=state.clock.now(),
        policy=state.policy,
        incident_id=incident_id,
        role=body.role,
        handle=body.handle,
        at=times.read(body.at, state, "at"),
    )
    return role_out(assignment)


@router.get("/status-updates")
def list_status_updates(incident_id: str, reader: Reader, _who: Viewer) -> list[StatusUpdateOut]:
    incident = queries.get_incident(reader, incident_id)
    return [update_out(u) for u in queries.list_status_updates(reader, incident.id)]


@router.post("/status-updates", status_code=201)
def post_status_update(
    incident_id: str, body: StatusUpdateIn, writer: Writer, state: State, caller: Caller
) -> StatusUpdateOut:
    update = response.post_status_update(
        session=writer,
        actor=caller,
        now=state.clock.now(),
        incident_id=incident_id,
        body=body.body,
        broadcast=body.post,
        at=times.read(body.at, state, "at"),
        policy=state.policy,
    )
    return update_out(update)


@router.get("/timeline")
def list_timeline(
    incident_id: str,
    reader: Reader,
    _who: Viewer,
    kind: Annotated[list[str] | None, Query()] = None,
    after: Cursor | None = None,
    limit: Limit = 200,
    offset: Offset = 0,
) -> EventPage:
    """Events in the order they happened; corrected ones are marked `superseded`."""
    incident = queries.get_incident(reader, incident_id)
    events = list_events(reader, incident.id, kinds=kind or [])
    superseded = superseded_ids(events)
    if after is not None:
        events = [e for e in events if e.id > after]
    chunk = events[offset : offset + limit]
    more = offset + len(chunk) < len(events)
    return EventPage(
        items=[event_out(e, superseded) for e in chunk],
        total=len(events),
        limit=limit,
        offset=offset,
        next_offset=offset + len(chunk) if more else None,
    )


@router.post("/timeline", status_code=201)
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
        occurred_at=times.read(body.occurred_at, state, "occurred_at"),
        key=body.key,
    )
    return event_out(event, set())


@router.post("/timeline/{event_id}/corrections", status_code=201)
def correct_entry(
    incident_id: str,
    event_id: RowId,
    body: Correction,
    writer: Writer,
    state: State,
    caller: Caller,
) -> EventOut:
    """Supersede an entry with a corrected one; the original stays, marked corrected."""
    event = response.correct_timeline_entry(
        session=writer,
        actor=caller,
        now=state.clock.now(),
        incident_id=incident_id,
        event_id=event_id,
        body=body.body,
        occurred_at=times.read(body.occurred_at, state, "occurred_at"),
    )
    return event_out(event, set())


@router.put("/timeline/{event_id}/key")
def mark_key(
    incident_id: str,
    event_id: RowId,
    body: KeyMark,
    writer: Writer,
    state: State,
    caller: Caller,
) -> EventOut:
    """Star or unstar an entry as a key event; the postmortem draft's timeline shows key
    events. The change is recorded as a note naming the entry (`data.key_mark`)."""
    event = response.mark_key_event(
        session=writer,
        actor=caller,
        now=state.clock.now(),
        incident_id=incident_id,
        event_id=event_id,
        key=body.key,
    )
    return event_out(event, set())
