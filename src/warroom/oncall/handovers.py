"""Record a hand-over: the write the `oncall.handover` job makes (see warroom.handover)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from warroom.core.actor import Actor
from warroom.oncall import queries
from warroom.oncall.actions import log_change
from warroom.oncall.models import Handover, Schedule


def record_handover(
    *,
    session: Session,
    now: datetime,
    schedule: Schedule,
    role: str,
    at: datetime,
    outgoing: Sequence[str],
    incoming: Sequence[str],
    summary: dict[str, Any],
) -> Handover:
    """Store one hand-over with what was open; the notes left for it are handed over with it."""
    notes = queries.pending_notes(session, schedule, at)
    handover = Handover(
        schedule_name=schedule.name,
        role=role,
        at=at,
        outgoing=list(outgoing),
        incoming=list(incoming),
        summary={
            **summary,
            "notes": [
                {"author": n.author, "body": n.body, "created_at": n.created_at.isoformat()}
                for n in notes
            ],
        },
        created_at=now,
    )
    session.add(handover)
    session.flush()
    for note in notes:
        note.handover_id = handover.id
    log_change(
        session,
        schedule,
        Actor(handle="oncall", kind="system"),
        now,
        action="handover",
        detail={"at": at.isoformat(), "from": list(outgoing), "to": list(incoming)},
    )
    return handover
