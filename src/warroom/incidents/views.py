"""Derived facts about an incident (durations, SLA, next update) for every transport."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from warroom.incidents.models import Incident
from warroom.incidents.policy import IncidentPolicy
from warroom.incidents.rules import (
    Durations,
    SlaVerdict,
    State,
    Timestamps,
    durations,
    next_update_due,
    service_restored_at,
    sla_verdict,
)


@dataclass(frozen=True, slots=True)
class IncidentFacts:
    durations: Durations
    response: SlaVerdict
    rto: SlaVerdict
    next_update_due: datetime | None
    update_overdue: bool
    recovery_ends_at: datetime | None


def timestamps(incident: Incident) -> Timestamps:
    return Timestamps(
        started_at=incident.started_at,
        detected_at=incident.detected_at,
        acknowledged_at=incident.acknowledged_at,
        mitigated_at=incident.mitigated_at,
        resolved_at=incident.resolved_at,
    )


def facts(incident: Incident, policy: IncidentPolicy, now: datetime) -> IncidentFacts:
    ts = timestamps(incident)
    due = next_update_due(
        State(incident.state),
        incident.severity,
        policy.cadence_minutes,
        incident.last_update_at,
        incident.declared_at,
    )
    recovery = incident.resolved_at + policy.recovery_window if incident.resolved_at else None
    return IncidentFacts(
        durations=durations(ts),
        response=sla_verdict(incident.response_due_at, incident.acknowledged_at, now),
        rto=sla_verdict(incident.rto_due_at, service_restored_at(ts), now),
        next_update_due=due,
        update_overdue=due is not None and due < now,
        recovery_ends_at=recovery,
    )
