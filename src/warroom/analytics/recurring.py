"""Recurring incidents: the same service hit again by a similar incident within a window.

Within the period (`--since`), incidents that share an affected service, were declared
at most `window` apart and have similar titles (character-trigram Jaccard ≥ 0.25, as
for related incidents) form a chain; chains of two or more are reported per service,
the longest first. Only services with two or more incidents in the period are read
(one grouped SQL statement picks them). Not yet used, because warroom does not store
them per incident: root-cause categories and top log pattern ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from warroom.analytics.related import SIMILAR_TITLE, title_similarity
from warroom.incidents.models import Incident, IncidentService


@dataclass(frozen=True, slots=True)
class Recurrence:
    service: str
    incident_ids: list[str]
    titles: list[str]
    first: datetime
    last: datetime


def recurring_incidents(
    session: Session,
    *,
    since: datetime | None,
    until: datetime,
    window: timedelta,
    include_drills: bool = False,
) -> list[Recurrence]:
    scope = [Incident.declared_at <= until]
    if since is not None:
        scope.append(Incident.declared_at >= since)
    if not include_drills:
        scope.append(Incident.is_drill.is_(False))
    busy = (
        select(IncidentService.name)
        .join(Incident, Incident.id == IncidentService.incident_id)
        .where(*scope)
        .group_by(IncidentService.name)
        .having(func.count() >= 2)
    )
    rows = session.execute(
        select(IncidentService.name, Incident.id, Incident.title, Incident.declared_at)
        .join(Incident, Incident.id == IncidentService.incident_id)
        .where(*scope, IncidentService.name.in_(busy))
        .order_by(IncidentService.name, Incident.declared_at, Incident.id)
    ).all()
    out: list[Recurrence] = []
    chain: list[tuple[str, str, datetime]] = []
    service = None

    def close() -> None:
        if service is not None and len(chain) >= 2:
            out.append(
                Recurrence(
                    service=service,
                    incident_ids=[c[0] for c in chain],
                    titles=[c[1] for c in chain],
                    first=chain[0][2],
                    last=chain[-1][2],
                )
            )

    for name, incident_id, title, declared in rows:
        joins = (
            name == service
            and chain
            and declared - chain[-1][2] <= window
            and any(title_similarity(title, t) >= SIMILAR_TITLE for _i, t, _d in chain)
        )
        if not joins:
            close()
            chain = []
            service = name
        chain.append((incident_id, title, declared))
    close()
    out.sort(key=lambda r: (-len(r.incident_ids), r.service))
    return out
