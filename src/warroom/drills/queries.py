"""Read drills; the paging engine asks who may be paged for a drill incident."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom.drills.models import Drill, Improvement
from warroom.errors import NotFound


def get_drill(session: Session, name: str) -> Drill:
    drill = session.scalar(select(Drill).where(Drill.name == name))
    if drill is None:
        raise NotFound(
            f"drill {name} not found",
            hint="`warroom drill list` shows the drills.",
            code="drill_not_found",
        )
    return drill


def list_drills(session: Session) -> list[Drill]:
    return list(session.scalars(select(Drill).order_by(Drill.planned_for, Drill.id)))


def for_incident(session: Session, incident_id: str) -> Drill | None:
    return session.scalar(select(Drill).where(Drill.incident_id == incident_id))


def participants(session: Session, incident_id: str) -> frozenset[str]:
    """Who a drill incident may page: its drill's participants (nobody without a drill)."""
    drill = for_incident(session, incident_id)
    return frozenset(drill.participants) if drill else frozenset()


def improvements(session: Session, drill_id: int | None = None) -> list[Improvement]:
    query = select(Improvement).order_by(Improvement.id)
    if drill_id is not None:
        query = query.where(Improvement.drill_id == drill_id)
    return list(session.scalars(query))
