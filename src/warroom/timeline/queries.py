"""Read the timeline, in the order things happened."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from warroom.timeline.models import TimelineEvent


def list_events(
    session: Session,
    incident_id: str,
    *,
    kinds: Sequence[str] = (),
    include_superseded: bool = True,
    after_id: int | None = None,
) -> list[TimelineEvent]:
    """Events of one incident by occurrence time, then by the order they were written."""
    query = select(TimelineEvent).where(TimelineEvent.incident_id == incident_id)
    if kinds:
        query = query.where(TimelineEvent.kind.in_(kinds))
    if after_id is not None:
        query = query.where(TimelineEvent.id > after_id)
    events = list(session.scalars(query.order_by(TimelineEvent.occurred_at, TimelineEvent.seq)))
    if include_superseded:
        return events
    superseded = {e.supersedes_id for e in events if e.supersedes_id is not None}
    return [e for e in events if e.id not in superseded]


def superseded_ids(events: Sequence[TimelineEvent]) -> set[int]:
    return {e.supersedes_id for e in events if e.supersedes_id is not None}


def last_event_id(session: Session, incident_id: str) -> int:
    """The largest event id of one incident (0 when it has none)."""
    query = select(func.max(TimelineEvent.id)).where(TimelineEvent.incident_id == incident_id)
    return int(session.scalar(query) or 0)


def last_event_at(session: Session, incident_id: str, kind: str) -> datetime | None:
    """When the latest event of one kind happened (None when there is none)."""
    query = select(func.max(TimelineEvent.occurred_at)).where(
        TimelineEvent.incident_id == incident_id, TimelineEvent.kind == kind
    )
    return session.scalar(query)


def last_reopen_at(session: Session, incident_id: str) -> datetime | None:
    """When the incident was last reopened (a status change marked `reopen`)."""
    events = list_events(session, incident_id, kinds=["status_change"])
    reopens = [e.occurred_at for e in events if e.data.get("reopen")]
    return max(reopens) if reopens else None
