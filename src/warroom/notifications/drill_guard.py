"""Drills never page people outside the drill (003 §8, issue 16).

A drill incident's deliveries to anyone who is not one of its drill's participants, and
to shared channels, are written to the delivery log as `suppressed` with the reason and
never sent: the log shows who a real incident would have paged. A drill incident
declared by hand (`incident declare --drill`) has no participants, so it pages nobody.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom.drills import queries as drills
from warroom.incidents.models import Incident
from warroom.notifications.models import ContactMethod
from warroom.notifications.targets import Send

SUPPRESSED = "suppressed"


def suppression(session: Session, incident_id: str | None, send: Send) -> str | None:
    """Why this delivery must not go out, or None when it may."""
    if incident_id is None:
        return None
    incident = session.get(Incident, incident_id)
    if incident is None or not incident.is_drill:
        return None
    allowed = drills.participants(session, incident_id)
    if send.person is None:
        return f"drill: shared channel {send.name or send.address} is not told about drills"
    if send.person not in allowed:
        return f"drill: {send.person} is not a participant of this drill"
    return None


def unreachable(session: Session, handles: Sequence[str]) -> list[str]:
    """Participants without a verified contact method (a drill refuses to start then)."""
    verified = set(
        session.scalars(
            select(ContactMethod.person).where(
                ContactMethod.person.in_(list(handles)), ContactMethod.verified_at.is_not(None)
            )
        )
    )
    return sorted(h for h in handles if h not in verified)
