"""Reads over incidents: one function per question, shared by CLI, API and web."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, select, union_all
from sqlalchemy.orm import Session

from warroom.core.ids import normalize_incident_id
from warroom.core.pagination import Page, PageRequest
from warroom.errors import NotFound
from warroom.incidents.models import Incident, IncidentService, StatusUpdate
from warroom.incidents.policy import IncidentPolicy
from warroom.incidents.rules import ACTIVE, State, next_update_due, service_name
from warroom.severity.rules import LEVELS


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
    title: str | None = None,
    declared_from: datetime | None = None,
    declared_before: datetime | None = None,
) -> Page[Incident]:
    """Newest first, filtered; `total` counts every match, not only this page.

    `title` matches words anywhere in the title (case-insensitive); the declared range
    is half open, [declared_from, declared_before).
    """
    page = page or PageRequest()
    conditions: list[ColumnElement[bool]] = []
    if not include_drills:
        conditions.append(Incident.is_drill.is_(False))
    for word in (title or "").split()[:8]:
        pattern = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(Incident.title.ilike(f"%{pattern}%", escape="\\"))
    if declared_from is not None:
        conditions.append(Incident.declared_at >= declared_from)
    if declared_before is not None:
        conditions.append(Incident.declared_at < declared_before)
    filtered = [Incident.state.in_(states)] if states else []
    filtered += [Incident.severity.in_(severities)] if severities else []
    if service and service.strip():
        name = service_name(service)
        total = _count_affecting(session, name, conditions, filtered)
        conditions.append(_affecting(name, dense=total > DENSE_SERVICE))
    else:
        count = select(func.count()).select_from(Incident).where(*conditions, *filtered)
        total = session.scalar(count) or 0
    if states or severities:
        ids = _newest_ids(session, states, severities, conditions, page)
    else:
        ids = list(
            session.scalars(
                select(Incident.id)
                .where(*conditions)
                .order_by(*NEWEST)
                .limit(page.limit)
                .offset(page.offset)
            )
        )
    found = {i.id: i for i in session.scalars(select(Incident).where(Incident.id.in_(ids)))}
    return Page(items=[found[i] for i in ids], total=total, limit=page.limit, offset=page.offset)


NEWEST = (Incident.declared_at.desc(), Incident.id.desc())


# Above this many matches, walking incidents newest first and checking each one finds a
# page sooner than collecting every match and sorting it (SQLite cannot tell which).
DENSE_SERVICE = 1000


def _count_affecting(
    session: Session,
    name: str,
    where: Sequence[ColumnElement[bool]],
    narrowing: Sequence[ColumnElement[bool]],
) -> int:
    """Count incidents affecting exactly `name`.

    From the name index; with a state or severity filter, from that index instead,
    checking each incident's services (the smaller side, as a rule).
    """
    if narrowing:
        query = select(func.count()).select_from(Incident)
        return session.scalar(query.where(*where, *narrowing, _affecting(name, dense=True))) or 0
    query = select(func.count()).select_from(IncidentService).where(IncidentService.name == name)
    if where:
        query = query.join(Incident, Incident.id == IncidentService.incident_id).where(*where)
    return session.scalar(query) or 0


def _affecting(name: str, *, dense: bool) -> ColumnElement[bool]:
    """Incidents affecting exactly this service: a correlated EXISTS when matches are
    common (the newest-first walk stops after a page), an IN list when they are few."""
    if dense:
        return Incident.service_rows.any(IncidentService.name == name)
    return Incident.id.in_(select(IncidentService.incident_id).where(IncidentService.name == name))


def _newest_ids(
    session: Session,
    states: Sequence[str],
    severities: Sequence[str],
    conditions: list[ColumnElement[bool]],
    page: PageRequest,
) -> list[str]:
    """Page through several (state, severity) pairs without sorting every match.

    Each pair walks the (state, severity, declared_at) index newest first and stops
    after `offset + limit` rows; the union is then ordered once. Both SQLite and
    PostgreSQL otherwise sort every row matching an IN list before taking a page.
    """
    depth = page.offset + page.limit
    parts = [
        select(Incident.id, Incident.declared_at)
        .where(Incident.state == state, Incident.severity == level, *conditions)
        .order_by(*NEWEST)
        .limit(depth)
        .subquery()
        .select()
        for state in states or [s.value for s in State]
        for level in severities or list(LEVELS)
    ]
    merged = union_all(*parts).subquery()
    query = (
        select(merged.c.id)
        .order_by(merged.c.declared_at.desc(), merged.c.id.desc())
        .limit(page.limit)
        .offset(page.offset)
    )
    return list(session.scalars(query))


def list_active(session: Session) -> list[Incident]:
    return list(
        session.scalars(
            select(Incident)
            .where(Incident.state.in_([s.value for s in ACTIVE]))
            .order_by(Incident.severity, Incident.declared_at)
        )
    )


def list_recently_finished(session: Session, *, limit: int = 5) -> list[Incident]:
    """Resolved or closed incidents, newest declared first (no count: the dashboard's strip).

    Filtering on `resolved_at` lets both databases walk the declared_at index backwards
    and stop after `limit` rows, instead of sorting every finished incident.
    """
    return list(
        session.scalars(
            select(Incident)
            .where(Incident.resolved_at.is_not(None))
            .order_by(Incident.declared_at.desc(), Incident.id.desc())
            .limit(limit)
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


def list_overdue_updates(
    session: Session, policy: IncidentPolicy, now: datetime, *, limit: int = 20
) -> Page[tuple[Incident, datetime]]:
    """Like `list_updates_due`, but filtered in SQL and paged: for thousands of active incidents.

    An update is overdue when (last update, else declaration) + the level's cadence is
    past; levels without a cadence never are. Most overdue first.
    """
    active = [s.value for s in ACTIVE]
    last = func.coalesce(Incident.last_update_at, Incident.declared_at)
    late = [
        and_(Incident.severity == level, last < now - timedelta(minutes=minutes))
        for level, minutes in policy.cadence_minutes.items()
    ]
    if not late:
        return Page(items=[], total=0, limit=limit, offset=0)
    where = (Incident.state.in_(active), or_(*late))
    total = session.scalar(select(func.count()).select_from(Incident).where(*where)) or 0
    rows = session.scalars(select(Incident).where(*where).order_by(last).limit(limit))
    due = [(i, (i.last_update_at or i.declared_at) + _cadence(policy, i.severity)) for i in rows]
    return Page(items=sorted(due, key=lambda pair: pair[1]), total=total, limit=limit, offset=0)


def _cadence(policy: IncidentPolicy, level: str) -> timedelta:
    return timedelta(minutes=policy.cadence_minutes[level])


def list_status_updates(session: Session, incident_id: str) -> list[StatusUpdate]:
    return list(
        session.scalars(
            select(StatusUpdate)
            .where(StatusUpdate.incident_id == incident_id)
            .order_by(StatusUpdate.posted_at, StatusUpdate.id)
        )
    )
