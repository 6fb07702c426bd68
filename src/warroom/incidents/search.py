"""Find incidents by words in their title, summary or timeline (case-insensitive, exact words).

A plain substring match, portable to both databases; every word must appear somewhere in
the incident. Full-text ranking is the analytics package's search; this is the simple
lookup clients (MCP tools) need today.
"""

from __future__ import annotations

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from warroom.incidents.models import Incident
from warroom.timeline.models import TimelineEvent


def _like(word: str) -> str:
    escaped = word.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_incidents(session: Session, text: str, *, limit: int = 10) -> list[Incident]:
    """Newest first; every word must occur in the title, the summary or a timeline entry."""
    words = [w for w in text.split() if w][:8]
    if not words:
        return []
    query = select(Incident).order_by(Incident.started_at.desc(), Incident.id.desc())
    for word in words:
        pattern = _like(word)
        in_timeline = exists().where(
            TimelineEvent.incident_id == Incident.id,
            func.lower(TimelineEvent.body).like(pattern, escape="\\"),
        )
        query = query.where(
            or_(
                func.lower(Incident.title).like(pattern, escape="\\"),
                func.lower(Incident.summary).like(pattern, escape="\\"),
                in_timeline,
            )
        )
    return list(session.scalars(query.limit(limit)))
