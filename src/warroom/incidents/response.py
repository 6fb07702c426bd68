"""War-room actions: roles, status updates and manual timeline entries (003 §4)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from warroom.core.actor import Actor
from warroom.errors import InvalidInput
from warroom.incidents import rules
from warroom.incidents.models import Incident, RoleAssignment, StatusUpdate
from warroom.incidents.policy import IncidentPolicy
from warroom.incidents.queries import get_incident
from warroom.incidents.rules import State
from warroom.jobs import kinds, queue
from warroom.people.actions import normalize_handle
from warroom.timeline import actions as timeline
from warroom.timeline.models import TimelineEvent
from warroom.timeline.rules import EventKind, parse_manual_kind, require_body

ROLE_ALIASES = {
    "ic": "incident_commander",
    "commander": "incident_commander",
    "comms": "communication_lead",
    "cl": "communication_lead",
    "tl": "tech_lead",
    "oncall": "oncall_engineer",
    "on-call": "oncall_engineer",
    "ops": "ops_engineer",
}


def parse_role(value: str, policy: IncidentPolicy) -> str:
    raw = value.strip().lower().replace("-", "_").replace(" ", "_")
    role = ROLE_ALIASES.get(raw, raw)
    if role not in policy.roles:
        raise InvalidInput(
            f"unknown role '{value}'",
            hint=f"Use one of: {', '.join(policy.roles)} (or ic, comms, tl, oncall, ops).",
        )
    return role


def assign_role(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    policy: IncidentPolicy,
    incident_id: str,
    role: str,
    handle: str,
    at: datetime | None = None,
) -> RoleAssignment:
    """Give a role to a person; the current holder, if any, hands it over.

    `at` back-dates the assignment: not before the incident started, nor before the
    current holder took the role.
    """
    incident = get_incident(session, incident_id, lock=True)
    rules.ensure_active(State(incident.state), "assign roles")
    role_key, person = parse_role(role, policy), normalize_handle(handle)
    current = current_holder(incident, role_key)
    if current is not None and current.handle == person:
        raise InvalidInput(f"{person} already holds {role_key}", hint="Nothing to change.")
    floor, what = incident.started_at, "the incident started"
    if current is not None and current.assigned_at > floor:
        floor, what = current.assigned_at, f"{current.handle} took {role_key}"
    when = rules.effective_time(at, now, floor=floor, floor_what=what, tz=policy.tz)
    if current is not None:
        current.relieved_at = when
    assignment = RoleAssignment(
        incident_id=incident.id,
        role=role_key,
        handle=person,
        assigned_at=when,
        assigned_by=str(actor),
    )
    incident.roles.append(assignment)
    incident.updated_at = now
    previous = current.handle if current else None
    body = f"{role_key}: {previous} → {person}" if previous else f"{role_key}: {person}"
    timeline.record(
        session,
        incident_id=incident.id,
        actor=actor,
        kind=EventKind.ROLE_CHANGE,
        now=now,
        occurred_at=when,
        body=body,
        data={"role": role_key, "from": previous, "to": person},
    )
    return assignment


def current_holder(incident: Incident, role: str) -> RoleAssignment | None:
    for assignment in reversed(incident.roles):
        if assignment.role == role and assignment.relieved_at is None:
            return assignment
    return None


def post_status_update(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    incident_id: str,
    body: str,
    broadcast: bool = False,
    at: datetime | None = None,
    policy: IncidentPolicy | None = None,
) -> StatusUpdate:
    """Record a stakeholder update; it resets the cadence clock (003 §4.3).

    `broadcast` also posts it to the incident's chat channels (a job, after commit).
    `at` back-dates it (not before detection, not in the future).
    """
    incident = get_incident(session, incident_id, lock=True)
    text = require_body(body)
    tz = (policy or IncidentPolicy()).tz
    when = rules.effective_time(
        at, now, floor=incident.detected_at, floor_what="the detection", tz=tz
    )
    update = StatusUpdate(
        incident_id=incident.id,
        posted_at=when,
        author=str(actor),
        body=text,
        state=incident.state,
        severity=incident.severity,
    )
    session.add(update)
    last = incident.last_update_at
    incident.last_update_at = when if last is None or when > last else last
    incident.updated_at = now
    timeline.record(
        session,
        incident_id=incident.id,
        actor=actor,
        kind=EventKind.COMMUNICATION,
        now=now,
        occurred_at=when,
        body=text,
        data={"status_update": True, "state": incident.state, "broadcast": broadcast},
    )
    if broadcast:
        session.flush()
        queue.enqueue(
            session,
            kinds.INCIDENT_EVENT,
            {"incident": incident.id, "event": "update", "update": update.id},
            now=now,
        )
    return update


def add_timeline_entry(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    incident_id: str,
    kind: str,
    body: str,
    occurred_at: datetime | None = None,
    key: bool | None = None,
) -> TimelineEvent:
    """Append a note, action, decision, deploy, ... written by a person."""
    incident = get_incident(session, incident_id, lock=True)
    event_kind = parse_manual_kind(kind)
    if occurred_at is not None and occurred_at > now:
        raise InvalidInput("an event cannot happen in the future", hint="Check --at.")
    incident.updated_at = now
    return timeline.record(
        session,
        incident_id=incident.id,
        actor=actor,
        kind=event_kind,
        now=now,
        body=require_body(body),
        occurred_at=occurred_at,
        key=key,
    )


def correct_timeline_entry(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    incident_id: str,
    event_id: int,
    body: str,
    occurred_at: datetime | None = None,
) -> TimelineEvent:
    """Supersede an earlier entry; the original stays visible, marked as corrected."""
    incident = get_incident(session, incident_id, lock=True)
    incident.updated_at = now
    return timeline.correct(
        session,
        incident_id=incident.id,
        actor=actor,
        event_id=event_id,
        now=now,
        body=body,
        occurred_at=occurred_at,
    )


def mark_key_event(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    incident_id: str,
    event_id: int,
    key: bool,
) -> TimelineEvent:
    """Star or unstar a timeline entry as a key event (it feeds the postmortem timeline)."""
    incident = get_incident(session, incident_id, lock=True)
    target, note = timeline.mark_key(
        session, incident_id=incident.id, actor=actor, event_id=event_id, now=now, key=key
    )
    if note is not None:
        incident.updated_at = now
    return target


def amend_facts(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    incident_id: str,
    services: list[str] | None = None,
    deploy_version: str | None = None,
    summary: str | None = None,
    started_at: datetime | None = None,
) -> Incident:
    """Record newly learnt facts (affected services, deploy, start time) with a timeline note."""
    incident = get_incident(session, incident_id, lock=True)
    changes: dict[str, object] = {}
    if services is not None:
        incident.services = rules.clean_services(services)
        changes["services"] = list(incident.services)
    if deploy_version is not None:
        incident.deploy_version, changes["deploy_version"] = deploy_version, deploy_version
    if summary is not None:
        clean = rules.clean_summary(summary)
        incident.summary, changes["summary"] = clean, clean
    if started_at is not None:
        rules.check_times(started_at, incident.detected_at, incident.declared_at)
        incident.started_at, changes["started_at"] = started_at, started_at.isoformat()
    if not changes:
        raise InvalidInput(
            "nothing to change", hint="Pass --service, --deploy, --summary or --started-at."
        )
    incident.updated_at = now
    timeline.record(
        session,
        incident_id=incident.id,
        actor=actor,
        kind=EventKind.NOTE,
        now=now,
        body="Facts updated: " + ", ".join(sorted(changes)),
        data={"facts": changes},
    )
    return incident
