"""Incident writes: declare, move through the lifecycle, change severity, close, reopen.

Each action validates with `rules`, mutates, appends to the timeline, and never
commits: the transport wraps one call in `unit_of_work`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from warroom.core.actor import Actor
from warroom.core.ids import format_incident_id, incident_scope
from warroom.db.counters import next_value
from warroom.errors import IllegalTransition, InvalidInput, NotFound
from warroom.incidents import rules
from warroom.incidents.models import Incident
from warroom.incidents.policy import IncidentPolicy
from warroom.incidents.queries import get_incident
from warroom.incidents.rules import ACTIVE, State
from warroom.jobs import kinds, queue
from warroom.oncall.queries import who_is_on_call
from warroom.oncall.rules import OnCall
from warroom.severity import rules as severity_rules
from warroom.timeline import actions as timeline
from warroom.timeline.queries import last_event_at, last_reopen_at
from warroom.timeline.rules import EventKind

_STAMP = {
    State.ACKNOWLEDGED: "acknowledged_at",
    State.INVESTIGATING: "investigating_at",
    State.MITIGATED: "mitigated_at",
    State.RESOLVED: "resolved_at",
    State.CLOSED: "closed_at",
}


def declare_incident(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    policy: IncidentPolicy,
    title: str,
    severity: str | None = None,
    user_impact: str | None = None,
    business_impact: str | None = None,
    services: Sequence[str] = (),
    detection_source: str = "monitoring",
    started_at: datetime | None = None,
    detected_at: datetime | None = None,
    summary: str = "",
    deploy_version: str | None = None,
    is_drill: bool = False,
    page_oncall: str | None = None,
) -> Incident:
    """Open an incident; severity defaults to what the impact matrix suggests.

    `page_oncall` names a schedule: whoever is its primary at detection becomes the
    On-call Engineer (paging them is escalation's job).
    """
    clean_title = rules.require_title(title)
    source = rules.parse_source(detection_source)
    users = severity_rules.parse_user_impact(user_impact) if user_impact else None
    business = severity_rules.parse_business_impact(business_impact) if business_impact else None
    level = _initial_severity(severity, users, business)
    detected = detected_at or now
    started = started_at or detected
    rules.check_times(started, detected, now)
    on_call = _on_call(session, page_oncall, detected) if page_oncall else []
    day = now.astimezone(policy.tz).date()
    incident = Incident(
        id=format_incident_id(day, next_value(session, incident_scope(day))),
        title=clean_title,
        summary=rules.clean_summary(summary),
        state=State.DETECTED.value,
        severity=level,
        user_impact=users.value if users else None,
        business_impact=business.value if business else None,
        detection_source=source.value,
        services=rules.clean_services(services),
        deploy_version=deploy_version,
        is_drill=is_drill,
        declared_by=str(actor),
        started_at=started,
        detected_at=detected,
        declared_at=now,
        updated_at=now,
    )
    _set_deadlines(incident, policy)
    session.add(incident)
    session.flush()
    timeline.record(
        session,
        incident_id=incident.id,
        actor=actor,
        kind=EventKind.STATUS_CHANGE,
        now=now,
        occurred_at=detected,  # a past incident's timeline starts when it was detected
        body=f"Declared {level}: {clean_title}",
        data={"to": State.DETECTED.value, "severity": level, "source": source.value},
        key=True,
    )
    if page_oncall:
        _assign_on_call(
            session, incident, page_oncall, on_call, actor=actor, now=now, policy=policy
        )
    _start_paging(session, incident, now)
    return incident


def _on_call(session: Session, schedule: str, at: datetime) -> list[OnCall]:
    """Who the declaration pages; an unknown schedule is bad input to the declaration."""
    try:
        return who_is_on_call(session, schedule, at)
    except NotFound as missing:
        raise InvalidInput(missing.message, hint=missing.hint) from None


def _assign_on_call(
    session: Session,
    incident: Incident,
    schedule: str,
    on_call: list[OnCall],
    *,
    actor: Actor,
    now: datetime,
    policy: IncidentPolicy,
) -> None:
    """Make the schedule's primary at detection the On-call Engineer, or say nobody was on."""
    from warroom.incidents.response import assign_role

    primary = next((o for o in on_call if o.role == "primary"), on_call[0] if on_call else None)
    if primary is None:
        timeline.record(
            session,
            incident_id=incident.id,
            actor=actor,
            kind=EventKind.NOTE,
            now=now,
            body=f"Nobody was on call in {schedule.strip().lower()} at detection.",
            data={"schedule": schedule.strip().lower()},
        )
        return
    assign_role(
        session=session,
        actor=actor,
        now=now,
        policy=policy,
        incident_id=incident.id,
        role="oncall_engineer",
        handle=primary.person,
    )


def _start_paging(session: Session, incident: Incident, now: datetime) -> None:
    """Enqueue paging with the change that needs it: nobody is paged for a rolled-back one."""
    queue.enqueue(
        session,
        kinds.PAGE,
        {"incident": incident.id, "severity": incident.severity},
        now=now,
        dedupe_key=f"page:{incident.id}:{incident.severity}",
    )


def _stop_paging(session: Session, incident: Incident, to: State, now: datetime) -> int:
    """Cancel pending pages when someone acknowledges; everything pending when it resolves."""
    cancelled = queue.cancel(session, scope=kinds.page_scope(incident.id), now=now)
    if to in (State.RESOLVED, State.CLOSED):
        cancelled += queue.cancel(session, scope=kinds.remind_scope(incident.id), now=now)
    return cancelled


def _initial_severity(
    severity: str | None,
    users: severity_rules.UserImpact | None,
    business: severity_rules.BusinessImpact | None,
) -> str:
    if severity:
        return severity_rules.parse_level(severity)
    if users and business:
        return severity_rules.suggest(users, business)
    raise InvalidInput(
        "give a severity or both impacts so one can be suggested",
        hint="Add --severity P2, or --users many --business revenue "
        "(see `warroom severity matrix`).",
    )


def _set_deadlines(incident: Incident, policy: IncidentPolicy) -> None:
    sev = policy.severity
    incident.response_due_at = severity_rules.deadline(
        incident.detected_at, sev.response_target(incident.severity), sev, policy.tz
    )
    incident.rto_due_at = severity_rules.deadline(
        incident.detected_at, sev.rto_target(incident.severity), sev, policy.tz
    )


def transition_incident(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    policy: IncidentPolicy,
    incident_id: str,
    to: State,
    note: str = "",
    force_reason: str | None = None,
    at: datetime | None = None,
) -> Incident:
    """Move an incident forward (acknowledge, investigate, mitigate, resolve, close).

    `at` back-dates the change: the states entered are stamped with it, and the
    timeline event happened then while it is recorded now.
    """
    note = rules.clean_note(note)
    force_reason = None if force_reason is None else rules.clean_note(force_reason, "reason")
    incident = get_incident(session, incident_id, lock=True)
    current = State(incident.state)
    entered = rules.plan_transition(current, to)
    when = _when(session, incident, at, now, policy)
    if to is State.CLOSED:
        _check_recovery(incident, when, policy, force_reason)
    for state in entered:
        if getattr(incident, _STAMP[state]) is None or state is to:
            setattr(incident, _STAMP[state], when)
    incident.state = to.value
    incident.updated_at = now
    data: dict[str, object] = {"from": current.value, "to": to.value}
    body = f"{current.value} → {to.value}"
    if len(entered) > 1:
        implied = [s.value for s in entered[:-1]]
        data["implied"] = implied
        body += f" (implies {', '.join(implied)})"
    if force_reason:
        incident.close_override = force_reason
        data["override"] = force_reason
    cancelled = _stop_paging(session, incident, to, now)
    if cancelled:
        data["cancelled_notifications"] = cancelled
    if to is State.RESOLVED:
        queue.enqueue(
            session, kinds.INCIDENT_EVENT, {"incident": incident.id, "event": "resolved"}, now=now
        )
    timeline.record(
        session,
        incident_id=incident.id,
        actor=actor,
        kind=EventKind.STATUS_CHANGE,
        now=now,
        occurred_at=when,
        body=note or body,
        data=data,
        key=True,
    )
    return incident


def _when(
    session: Session, incident: Incident, at: datetime | None, now: datetime, policy: IncidentPolicy
) -> datetime:
    """When a state change happened: now, or `at` if it keeps the lifecycle in order."""
    if at is None:
        return now
    floor, what = incident.detected_at, "the detection"
    stamps = [
        (getattr(incident, column), f"the incident was {state.value}")
        for state, column in _STAMP.items()
    ]
    stamps.append((last_reopen_at(session, incident.id), "the reopening"))
    for stamp, name in stamps:
        if stamp is not None and stamp >= floor:  # on a tie the later state names it
            floor, what = stamp, name
    return rules.effective_time(at, now, floor=floor, floor_what=what, tz=policy.tz)


def _check_recovery(
    incident: Incident, now: datetime, policy: IncidentPolicy, force_reason: str | None
) -> None:
    remaining = rules.recovery_remaining(incident.resolved_at, now, policy.recovery_window)
    if not remaining or force_reason is not None:
        if force_reason is not None and not force_reason.strip():
            raise InvalidInput("a forced close needs a reason", hint='--force "reason".')
        return
    minutes = -(-int(remaining.total_seconds()) // 60)  # round up: never promise too early
    raise IllegalTransition(
        f"the recovery observation window has {minutes} min left "
        f"({int(policy.recovery_window.total_seconds() // 60)} min after resolve)",
        hint='Wait until it ends, or close with --force "reason" to record an override.',
    )


def reopen_incident(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    incident_id: str,
    reason: str,
    at: datetime | None = None,
    policy: IncidentPolicy | None = None,
) -> Incident:
    """Reopen a resolved or closed incident: back to investigating, with a reason."""
    reason = rules.clean_note(reason, "reason")
    if not reason:
        raise InvalidInput("reopening needs a reason", hint='--reason "errors came back".')
    incident = get_incident(session, incident_id, lock=True)
    current = State(incident.state)
    rules.ensure_reopenable(current)
    when = _when(session, incident, at, now, policy or IncidentPolicy())
    incident.state = State.INVESTIGATING.value
    incident.resolved_at = None
    incident.closed_at = None
    incident.close_override = None
    incident.reopen_count += 1
    incident.updated_at = now
    timeline.record(
        session,
        incident_id=incident.id,
        actor=actor,
        kind=EventKind.STATUS_CHANGE,
        now=now,
        occurred_at=when,
        body=reason.strip(),
        data={"from": current.value, "to": State.INVESTIGATING.value, "reopen": True},
        key=True,
    )
    return incident


def change_severity(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    policy: IncidentPolicy,
    incident_id: str,
    to: str,
    reason: str,
    at: datetime | None = None,
) -> Incident:
    """Change severity; response and RTO deadlines are recomputed from detection."""
    incident = get_incident(session, incident_id, lock=True)
    level = severity_rules.parse_level(to)
    floor, what = incident.detected_at, "the detection"
    previous_change = last_event_at(session, incident.id, EventKind.SEVERITY_CHANGE)
    if previous_change is not None and previous_change > floor:
        floor, what = previous_change, "the previous severity change"
    when = rules.effective_time(at, now, floor=floor, floor_what=what, tz=policy.tz)
    if level == incident.severity:
        raise IllegalTransition(f"the incident is already {level}", hint="Nothing to change.")
    reason = rules.clean_note(reason, "reason")
    if not reason:
        raise InvalidInput("a severity change needs a reason", hint='--reason "all regions now".')
    previous, incident.severity = incident.severity, level
    incident.updated_at = now
    _set_deadlines(incident, policy)
    timeline.record(
        session,
        incident_id=incident.id,
        actor=actor,
        kind=EventKind.SEVERITY_CHANGE,
        now=now,
        occurred_at=when,
        body=reason.strip(),
        data={"from": previous, "to": level},
    )
    if severity_rules.is_higher(level, previous) and State(incident.state) in ACTIVE:
        _start_paging(session, incident, now)  # a higher severity re-evaluates paging
    return incident
