"""Append to the timeline: the only write this package offers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from warroom.core.actor import Actor
from warroom.errors import InvalidInput, NotFound
from warroom.timeline.models import TimelineEvent
from warroom.timeline.rules import KEY_KINDS, EventKind, require_body


def record(
    session: Session,
    *,
    incident_id: str,
    actor: Actor,
    kind: EventKind,
    now: datetime,
    body: str = "",
    occurred_at: datetime | None = None,
    data: dict[str, Any] | None = None,
    key: bool | None = None,
) -> TimelineEvent:
    """Append one event; `occurred_at` may be earlier than `now` (back-filled facts)."""
    event = TimelineEvent(
        incident_id=incident_id,
        seq=_next_seq(session, incident_id),
        kind=kind.value,
        occurred_at=occurred_at or now,
        recorded_at=now,
        actor=str(actor),
        body=body,
        data=data or {},
        key=kind in KEY_KINDS if key is None else key,
    )
    session.add(event)
    session.flush()
    return event


def record_alerts(
    session: Session,
    *,
    incident_id: str,
    actor: Actor,
    now: datetime,
    entries: list[tuple[datetime, str, dict[str, Any]]],
) -> list[TimelineEvent]:
    """Append several alert entries (occurred_at, body, data) with one sequence read and one
    flush: what `record` would do one by one, in the same order (the hot path of a delivery
    that opens an incident: each `record` costs a query and a flush)."""
    first = _next_seq(session, incident_id)
    events = [
        TimelineEvent(
            incident_id=incident_id,
            seq=first + offset,
            kind=EventKind.ALERT.value,
            occurred_at=occurred_at,
            recorded_at=now,
            actor=str(actor),
            body=body,
            data=data,
            key=EventKind.ALERT in KEY_KINDS,
        )
        for offset, (occurred_at, body, data) in enumerate(entries)
    ]
    session.add_all(events)
    session.flush()
    return events


def correct(
    session: Session,
    *,
    incident_id: str,
    actor: Actor,
    event_id: int,
    now: datetime,
    body: str,
    occurred_at: datetime | None = None,
) -> TimelineEvent:
    """Supersede an earlier event with a corrected one; the original stays as it was."""
    original = session.get(TimelineEvent, event_id)
    if original is None or original.incident_id != incident_id:
        raise NotFound(
            f"timeline event {event_id} not found on {incident_id}",
            hint="`warroom timeline list INCIDENT` shows event numbers.",
        )
    if original.kind != EventKind.NOTE and original.kind not in _CORRECTABLE:
        raise InvalidInput(
            f"event {event_id} ({original.kind}) records a state change and cannot be corrected",
            hint="Add a note explaining the discrepancy instead.",
        )
    event = record(
        session,
        incident_id=incident_id,
        actor=actor,
        kind=EventKind(original.kind),
        now=now,
        body=require_body(body),
        occurred_at=occurred_at or original.occurred_at,
        data={**original.data, "correction_of": original.id},
        key=original.key,
    )
    event.supersedes_id = original.id
    session.flush()
    return event


def mark_key(
    session: Session,
    *,
    incident_id: str,
    actor: Actor,
    event_id: int,
    now: datetime,
    key: bool,
) -> tuple[TimelineEvent, TimelineEvent | None]:
    """Star (or unstar) an entry as a key event: the postmortem draft's timeline shows it.

    The star is the entry's `key` attribute, the one thing about an entry that may change
    after it was written; who changed it and when is recorded as a note on the timeline
    (`data`: `key_mark` = the entry's id, `key` = the new value). Asking for the value it
    already has changes nothing and records nothing (returns no note).
    """
    target = session.get(TimelineEvent, event_id)
    if target is None or target.incident_id != incident_id:
        raise NotFound(
            f"timeline event {event_id} not found on {incident_id}",
            hint="`warroom timeline list INCIDENT` shows event numbers.",
        )
    if target.data.get("key_mark") is not None:
        raise InvalidInput(
            f"event {event_id} records a key-event mark and cannot be one itself",
            hint="Mark the entry it names instead.",
        )
    newer = session.scalar(
        select(TimelineEvent.id).where(TimelineEvent.supersedes_id == target.id).limit(1)
    )
    if newer is not None:
        raise InvalidInput(
            f"event {event_id} was corrected by #{newer}",
            hint=f"Mark the correction #{newer} instead.",
        )
    if target.key == key:
        return target, None
    target.key = key
    verb = "Marked" if key else "Unmarked"
    note = record(
        session,
        incident_id=incident_id,
        actor=actor,
        kind=EventKind.NOTE,
        now=now,
        body=f"{verb} #{target.id} as a key event",
        data={"key_mark": target.id, "key": key},
        key=False,
    )
    return target, note


_CORRECTABLE = frozenset(
    k.value
    for k in (
        EventKind.ACTION,
        EventKind.DECISION,
        EventKind.COMMUNICATION,
        EventKind.DEPLOY,
        EventKind.EVIDENCE,
        EventKind.RUNBOOK_STEP,
        EventKind.ALERT,
    )
)


def _next_seq(session: Session, incident_id: str) -> int:
    # The incident row is locked by the caller's transaction (see incidents.queries.lock),
    # so max+1 cannot race with another writer on the same incident.
    current = session.scalar(
        select(func.max(TimelineEvent.seq)).where(TimelineEvent.incident_id == incident_id)
    )
    return int(current or 0) + 1
