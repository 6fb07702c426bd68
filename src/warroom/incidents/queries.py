"""Reads over incidents: one function per question, shared by CLI, API and web."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Text, cast, func, select
from sqlalchemy.orm import Session

from warroom.core.ids import normalize_incident_id
from warroom.core.pagination import Page, PageRequest
from warroom.errors import NotFound
from warroom.incidents.models import Incident, StatusUpdate
from warroom.incidents.policy import IncidentPolicy
from warroom.incidents.rules import ACTIVE, State, next_update_due


def find_incident(session: Session, incident_id: str) -> Incident | None:
    return session.get(Incident, normalize_incident_id(incident_id))


def get_incident(session: Session, incident_id: str, *, lock: bool = False) -> Incident:
    """Return the incident or raise NotFound; `lock` serialises writers on PostgreSQL."""
    key = normalize_incident_id(incident_id)
    query = select(Incident).where(Incident.id == key)
    if lock:
        query = query.with_for_update()
    incident = session.scalars(query).one_or_none()
    if incident is None:
        raise NotFound(
            f"incident {key} not found", hint="`warroom incident list` shows existing incidents."
        )
    return incident


def list_incidents(
    session: Session,
    *,
    states: Sequence[str] = (),
    severities: Sequence[str] = (),
    service: str | None = None,
    include_drills: bool = True,
    page: PageRequest | None = None,
) -> Page[Incident]:
    """Newest first, filtered; `total` counts every match, not only this page."""
    page = page or PageRequest()
    query = select(Incident)
    if states:
        query = query.where(Incident.state.in_(states))
    if severities:
        query = query.where(Incident.severity.in_(severities))
    if not include_drills:
        query = query.where(Incident.is_drill.is_(False))
    if service:
        # Portable JSON-array membership without dialect SQL: match the quoted element.
        needle = f'%"{service.strip().lower()}"%'
        query = query.where(func.lower(cast(Incident.services, Text)).like(needle))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(Incident.declared_at.desc(), Incident.id.desc())
        .limit(page.limit)
        .offset(page.offset)
    )
    return Page(items=list(rows), total=total, limit=page.limit, offset=page.offset)


def list_active(session: Session) -> list[Incident]:
    return list(
        session.scalars(
            select(Incident)
            .where(Incident.state.in_([s.value for s in ACTIVE]))
            .order_by(Incident.severity, Incident.declared_at)
        )
    )


def list_updates_due(
    session: Session, policy: IncidentPolicy, now: datetime
) -> list[tuple[Incident, datetime]]:
    """Active incidents whose next status update is overdue, most overdue first."""
    due: list[tuple[Incident, datetime]] = []
    for incident in list_active(session):
        when = next_update_due(
            State(incident.state),
            incident.severity,
            policy.cadence_minutes,
            incident.last_update_at,
            incident.declared_at,
        )
        if when is not None and when < now:
            due.append((incident, when))
    return sorted(due, key=lambda pair: pair[1])


def list_status_updates(session: Session, incident_id: str) -> list[StatusUpdate]:
    return list(
        session.scalars(
            select(StatusUpdate)
            .where(StatusUpdate.incident_id == incident_id)
            .order_by(StatusUpdate.posted_at, StatusUpdate.id)
        )
    )
