"""Build incidents through the real actions, as an on-call team would have."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from warroom.clock import FixedClock
from warroom.core.actor import Actor
from warroom.incidents import actions, response
from warroom.incidents.models import Incident
from warroom.incidents.policy import IncidentPolicy
from warroom.incidents.rules import State
from warroom.postmortems.policy import PostmortemPolicy


def policies(tz: str = "Asia/Seoul") -> tuple[IncidentPolicy, PostmortemPolicy]:
    from zoneinfo import ZoneInfo

    return IncidentPolicy(tz=ZoneInfo(tz)), PostmortemPolicy(tz=ZoneInfo(tz))


def resolved_incident(
    session: Session, clock: FixedClock, actor: Actor, policy: IncidentPolicy
) -> Incident:
    """Checkout API 5xx: P2, detected 05:00 UTC, acked +10m, mitigated +40m, resolved +55m."""
    incident = actions.declare_incident(
        session=session,
        actor=actor,
        now=clock.now(),
        policy=policy,
        title="Checkout API 5xx",
        severity="P2",
        user_impact="many",
        services=["checkout-api", "payments"],
        started_at=clock.now() - timedelta(minutes=7),
        summary="Checkout returned 5xx after the v2.3.4 deploy.",
        deploy_version="v2.3.4",
    )
    response.assign_role(
        session=session,
        actor=actor,
        now=clock.now(),
        policy=policy,
        incident_id=incident.id,
        role="ic",
        handle="bob",
    )
    for minutes, state in ((10, State.ACKNOWLEDGED), (15, State.INVESTIGATING)):
        clock.set(incident.declared_at + timedelta(minutes=minutes))
        actions.transition_incident(
            session=session,
            actor=actor,
            now=clock.now(),
            policy=policy,
            incident_id=incident.id,
            to=state,
        )
    clock.set(incident.declared_at + timedelta(minutes=20))
    response.add_timeline_entry(
        session=session,
        actor=actor,
        now=clock.now(),
        incident_id=incident.id,
        kind="decision",
        body="Roll back to v2.3.3",
    )
    response.post_status_update(
        session=session,
        actor=actor,
        now=clock.now(),
        incident_id=incident.id,
        body="Rolling back checkout; payments degraded.",
    )
    for minutes, state in ((40, State.MITIGATED), (55, State.RESOLVED)):
        clock.set(incident.declared_at + timedelta(minutes=minutes))
        actions.transition_incident(
            session=session,
            actor=actor,
            now=clock.now(),
            policy=policy,
            incident_id=incident.id,
            to=state,
        )
    return incident
