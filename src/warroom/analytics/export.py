"""Incidents as flat rows for BI tools (`warroom export incidents`), streamed in batches.

Times are ISO 8601 in UTC; durations in seconds as `incidents.rules.durations` defines
them; services joined with "|". Rows stream from the database a batch at a time, so an
export of every incident never holds them all in memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom.incidents.models import Incident, IncidentService
from warroom.incidents.rules import Timestamps, durations

BATCH = 1000
FIELDS = (
    "id",
    "title",
    "severity",
    "state",
    "is_drill",
    "services",
    "deploy_version",
    "started_at",
    "detected_at",
    "declared_at",
    "acknowledged_at",
    "mitigated_at",
    "resolved_at",
    "closed_at",
    "response_due_at",
    "rto_due_at",
    "ttd_s",
    "tta_s",
    "ttm_s",
    "ttr_s",
    "downtime_s",
)
_TIMES = FIELDS[7:16]


def _seconds(value: Any) -> float | None:
    return None if value is None else value.total_seconds()


def export_incidents(
    session: Session, *, since: datetime | None, until: datetime, include_drills: bool
) -> Iterator[dict[str, Any]]:
    query = select(*(getattr(Incident, f) for f in FIELDS[:5] + FIELDS[6:16])).where(
        Incident.declared_at <= until
    )
    if since is not None:
        query = query.where(Incident.declared_at >= since)
    if not include_drills:
        query = query.where(Incident.is_drill.is_(False))
    query = query.order_by(Incident.declared_at, Incident.id)
    result = session.execute(query.execution_options(yield_per=BATCH))
    for batch in result.partitions():
        ids = [row.id for row in batch]
        names: dict[str, list[str]] = {}
        for owner, name in session.execute(
            select(IncidentService.incident_id, IncidentService.name)
            .where(IncidentService.incident_id.in_(ids))
            .order_by(IncidentService.incident_id, IncidentService.position)
        ):
            names.setdefault(owner, []).append(name)
        for row in batch:
            d = durations(
                Timestamps(
                    row.started_at,
                    row.detected_at,
                    row.acknowledged_at,
                    row.mitigated_at,
                    row.resolved_at,
                )
            )
            out: dict[str, Any] = dict(row._mapping)
            out["services"] = "|".join(names.get(row.id, []))
            for field in _TIMES:
                value = out[field]
                out[field] = None if value is None else value.isoformat()
            out.update(
                ttd_s=_seconds(d.ttd),
                tta_s=_seconds(d.tta),
                ttm_s=_seconds(d.ttm),
                ttr_s=_seconds(d.ttr),
                downtime_s=_seconds(d.downtime),
            )
            yield {field: out[field] for field in FIELDS}
