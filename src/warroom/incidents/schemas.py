"""Stable JSON shapes for incidents, shared by `--json` output and the REST API.

Documented in docs/json.md; times are ISO 8601 in UTC, durations in seconds.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import BaseModel

from warroom.incidents.models import Incident, RoleAssignment, StatusUpdate
from warroom.incidents.policy import IncidentPolicy
from warroom.incidents.views import facts
from warroom.timeline.models import TimelineEvent


class IncidentSummary(BaseModel):
    id: str
    title: str
    state: str
    severity: str
    severity_label: str
    services: list[str]
    detection_source: str
    is_drill: bool
    declared_at: datetime
    response_due_at: datetime | None
    rto_due_at: datetime | None


class Durations(BaseModel):
    ttd: float | None
    tta: float | None
    ttm: float | None
    ttr: float | None
    downtime: float | None


class Sla(BaseModel):
    response: str
    response_due_at: datetime | None
    rto: str
    rto_due_at: datetime | None


class RoleOut(BaseModel):
    role: str
    handle: str
    assigned_at: datetime
    assigned_by: str
    relieved_at: datetime | None


class EventOut(BaseModel):
    id: int
    seq: int
    kind: str
    occurred_at: datetime
    recorded_at: datetime
    actor: str
    body: str
    data: dict[str, object]
    key: bool
    supersedes: int | None
    superseded: bool


class StatusUpdateOut(BaseModel):
    posted_at: datetime
    author: str
    body: str
    state: str
    severity: str


class IncidentDetail(IncidentSummary):
    summary: str
    user_impact: str | None
    business_impact: str | None
    deploy_version: str | None
    declared_by: str
    started_at: datetime
    detected_at: datetime
    acknowledged_at: datetime | None
    investigating_at: datetime | None
    mitigated_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    close_override: str | None
    reopen_count: int
    durations: Durations
    sla: Sla
    next_update_due: datetime | None
    update_overdue: bool
    recovery_ends_at: datetime | None
    roles: list[RoleOut]
    timeline: list[EventOut]


def _seconds(value: timedelta | None) -> float | None:
    return None if value is None else value.total_seconds()


def summary(incident: Incident, policy: IncidentPolicy) -> IncidentSummary:
    return IncidentSummary(
        id=incident.id,
        title=incident.title,
        state=incident.state,
        severity=incident.severity,
        severity_label=policy.severity.label(incident.severity),
        services=list(incident.services),
        detection_source=incident.detection_source,
        is_drill=incident.is_drill,
        declared_at=incident.declared_at,
        response_due_at=incident.response_due_at,
        rto_due_at=incident.rto_due_at,
    )


def event_out(event: TimelineEvent, superseded: set[int]) -> EventOut:
    return EventOut(
        id=event.id,
        seq=event.seq,
        kind=event.kind,
        occurred_at=event.occurred_at,
        recorded_at=event.recorded_at,
        actor=event.actor,
        body=event.body,
        data=dict(event.data),
        key=event.key,
        supersedes=event.supersedes_id,
        superseded=event.id in superseded,
    )


def role_out(role: RoleAssignment) -> RoleOut:
    return RoleOut(
        role=role.role,
        handle=role.handle,
        assigned_at=role.assigned_at,
        assigned_by=role.assigned_by,
        relieved_at=role.relieved_at,
    )


def update_out(update: StatusUpdate) -> StatusUpdateOut:
    return StatusUpdateOut(
        posted_at=update.posted_at,
        author=update.author,
        body=update.body,
        state=update.state,
        severity=update.severity,
    )


def detail(
    incident: Incident, events: list[TimelineEvent], policy: IncidentPolicy, now: datetime
) -> IncidentDetail:
    known = facts(incident, policy, now)
    superseded = {e.supersedes_id for e in events if e.supersedes_id is not None}
    d = known.durations
    return IncidentDetail(
        **summary(incident, policy).model_dump(),
        summary=incident.summary,
        user_impact=incident.user_impact,
        business_impact=incident.business_impact,
        deploy_version=incident.deploy_version,
        declared_by=incident.declared_by,
        started_at=incident.started_at,
        detected_at=incident.detected_at,
        acknowledged_at=incident.acknowledged_at,
        investigating_at=incident.investigating_at,
        mitigated_at=incident.mitigated_at,
        resolved_at=incident.resolved_at,
        closed_at=incident.closed_at,
        close_override=incident.close_override,
        reopen_count=incident.reopen_count,
        durations=Durations(
            ttd=_seconds(d.ttd),
            tta=_seconds(d.tta),
            ttm=_seconds(d.ttm),
            ttr=_seconds(d.ttr),
            downtime=_seconds(d.downtime),
        ),
        sla=Sla(
            response=known.response.value,
            response_due_at=incident.response_due_at,
            rto=known.rto.value,
            rto_due_at=incident.rto_due_at,
        ),
        next_update_due=known.next_update_due,
        update_overdue=known.update_overdue,
        recovery_ends_at=known.recovery_ends_at,
        roles=[role_out(r) for r in incident.roles],
        timeline=[event_out(e, superseded) for e in events],
    )
