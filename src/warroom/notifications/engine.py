"""The escalation engine: job handlers that page, step by step, until someone acknowledges.

`start_paging` snapshots the incident's policy and enqueues one job per step and repeat
at its due time (scoped to the incident, so an acknowledgement cancels them in its own
transaction). `run_step` resolves the step's targets as of its due time and writes one
delivery per destination, keyed (incident, run, step, repeat, target, channel): a job
that runs twice finds the rows it wrote and sends nothing new. Sending happens in
`dispatch`, outside any transaction.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from warroom.db import dialect
from warroom.drills import actions as drills
from warroom.incidents.models import Incident
from warroom.incidents.queries import get_incident
from warroom.incidents.response import current_holder
from warroom.incidents.rules import ACTIVE, State, next_update_due
from warroom.jobs import kinds, queue
from warroom.notifications import drill_guard, policies, rules, targets
from warroom.notifications.context import ESCALATION, Notifier
from warroom.notifications.models import Channel, Delivery, EscalationRun
from warroom.runbooks import actions as runbooks
from warroom.timeline import actions as timeline
from warroom.timeline.rules import EventKind


def start_paging(session: Session, n: Notifier, *, incident_id: str) -> EscalationRun | None:
    """Announce the incident, then page on a snapshot of its policy (unless acknowledged)."""
    incident = get_incident(session, incident_id, lock=True)
    now = n.clock.now()
    if State(incident.state) in ACTIVE:
        # a drill's synthetic alert opened it: tie it to its drill before anyone is paged
        drills.link(session, incident.id, actor=ESCALATION, now=now, lang=n.lang)
        # the runbooks that match its alerts or services, linked from the pages below
        runbooks.auto_attach(
            session, incident_id=incident.id, actor=ESCALATION, now=now, lang=n.lang
        )
        announce(session, n, incident, "declared", now=now)
        _ensure_reminder(session, n, incident, now)
    if incident.state != State.DETECTED.value:
        return None
    queue.cancel(session, scope=kinds.page_scope(incident.id), now=now)  # a severity change
    session.execute(
        update(EscalationRun)
        .where(EscalationRun.incident_id == incident.id, EscalationRun.state == "active")
        .values(state="superseded")
    )
    policy = policies.choose(session, incident.services, incident.severity)
    run = EscalationRun(
        incident_id=incident.id,
        severity=incident.severity,
        policy=policy.snapshot(),
        state="active",
        started_at=now,
    )
    session.add(run)
    session.flush()
    steps = rules.parse_steps(policy.steps)
    if not steps:
        _note(
            session,
            incident,
            now,
            f"No page for {incident.severity} under policy {policy.name}: {policy.description}",
            {"policy": policy.name},
        )
        return run
    cycle = rules.cycle_minutes(steps, policy.repeat_after_minutes)
    for repeat in range(policy.repeat + 1):
        for index, step in enumerate(steps):
            queue.enqueue(
                session,
                kinds.STEP,
                {"run": run.id, "step": index, "repeat": repeat},
                now=now,
                run_at=rules.step_due(now, step, repeat, cycle),
                dedupe_key=f"step:{run.id}:{index}:{repeat}",
                scope=kinds.page_scope(incident.id),
            )
    return run


INLINE_GRACE = timedelta(seconds=20)


def run_step(
    session: Session, n: Notifier, *, run_id: int, step: int, repeat: int, inline: bool = False
) -> list[int]:
    """Page a step's targets; return the deliveries it created that are due now.

    With `inline` the caller hands those over itself right after this commits; their
    send jobs wait `INLINE_GRACE` as the fallback should the caller die first.
    """
    run = session.get(EscalationRun, run_id)
    if run is None or run.state != "active":
        return []
    incident = get_incident(session, run.incident_id)
    if incident.state != State.DETECTED.value:
        return []
    spec = rules.parse_steps(run.policy["steps"])[step]
    cycle = rules.cycle_minutes(
        rules.parse_steps(run.policy["steps"]), int(run.policy["repeat_after_minutes"])
    )
    due = rules.step_due(run.started_at, spec, repeat, cycle)
    found = targets.resolve(session, incident, spec.targets, at=due, directory=n.directory)
    now = n.clock.now()
    created: list[int] = []
    for send in found.sends:
        key = rules.delivery_key(
            incident.id,
            run.id,
            step,
            repeat,
            send.target,
            send.person or send.name,
            send.method_id or send.channel,
        )
        context = {"step": step, "repeat": repeat, "at": spec.at_minutes, "why": send.why}
        at = due + timedelta(minutes=send.delay_minutes)
        handed_here = inline and at <= now
        new = queue_delivery(
            session,
            now=now,
            key=key,
            incident_id=incident.id,
            purpose="page",
            send=send,
            due=at,
            context=context,
            run=run,
            step=step,
            repeat=repeat,
            scope=kinds.page_scope(incident.id),
            fallback=INLINE_GRACE if handed_here else timedelta(0),
        )
        if new is not None and handed_here:
            created.append(new)
    _record_step(session, incident, n.clock.now(), step=step, repeat=repeat, spec=spec, found=found)
    return created


def queue_delivery(
    session: Session,
    *,
    now: datetime,
    key: str,
    incident_id: str | None,
    purpose: str,
    send: targets.Send,
    due: datetime,
    context: dict[str, Any],
    run: EscalationRun | None = None,
    step: int | None = None,
    repeat: int | None = None,
    scope: str | None = None,
    fallback: timedelta = timedelta(0),
) -> int | None:
    """Write the delivery unless its key exists, and enqueue its send; its id if new.

    A drill's delivery to someone outside the drill is written as suppressed, not sent.
    """
    withheld = drill_guard.suppression(session, incident_id, send)
    row = dialect.insert_entity_unless_conflict(
        session,
        Delivery,
        {
            "key": key,
            "incident_id": incident_id,
            "purpose": purpose,
            "run_id": run.id if run else None,
            "step": step,
            "repeat": repeat,
            "target": send.target,
            "person": send.person,
            "channel": send.channel,
            "destination": send.address,
            "config": dict(send.config),
            "context": context,
            "state": drill_guard.SUPPRESSED if withheld else "pending",
            "last_error": withheld,
            "attempts": 0,
            "due_at": due,
            "created_at": now,
        },
        index_elements=["key"],
    )
    if row is None or withheld:
        return None
    queue.enqueue(
        session,
        kinds.SEND,
        {"delivery": row.id},
        now=now,
        run_at=due + fallback,
        dedupe_key=f"send:{row.id}",
        scope=scope,
        max_attempts=20,  # the delivery counts its own attempts (notify.max_attempts)
    )
    return int(row.id)


def _new(delivery_id: int | None) -> int:
    return 0 if delivery_id is None else 1


def announce(
    session: Session,
    n: Notifier,
    incident: Incident,
    event: str,
    *,
    now: datetime,
    update_id: int | None = None,
) -> int:
    """Post the announcement, an update or the resolution to the channels that want it."""
    created = 0
    channels = session.scalars(select(Channel).order_by(Channel.name)).all()
    for channel in channels:
        if incident.severity not in channel.announce:
            continue
        send = targets.Send(
            target=f"channel:{channel.name}",
            why=event,
            channel=channel.kind,
            address=str(channel.config.get("address", channel.name)),
            config=dict(channel.config),
            name=channel.name,
        )
        key = rules.delivery_key(incident.id, "announce", event, update_id or 0, channel.name)
        created += _new(
            queue_delivery(
                session,
                now=n.clock.now(),
                key=key,
                incident_id=incident.id,
                purpose=event,
                send=send,
                due=now,
                context={"event": event, "update": update_id},
            )
        )
    return created


def incident_event(
    session: Session, n: Notifier, *, incident_id: str, event: str, update_id: int | None
) -> int:
    """Job handler for `notify.event`: a resolution notice or a status update to post."""
    incident = get_incident(session, incident_id)
    return announce(session, n, incident, event, now=n.clock.now(), update_id=update_id)


def _ensure_reminder(session: Session, n: Notifier, incident: Incident, now: datetime) -> None:
    due = _update_due(n, incident)
    if due is None:
        return
    queue.enqueue(
        session,
        kinds.REMIND,
        {"incident": incident.id},
        now=now,
        run_at=due,
        dedupe_key=f"remind:{incident.id}:{due.isoformat()}",
        scope=kinds.remind_scope(incident.id),
    )


def _update_due(n: Notifier, incident: Incident) -> datetime | None:
    return next_update_due(
        State(incident.state),
        incident.severity,
        n.incident_policy.cadence_minutes,
        incident.last_update_at,
        incident.declared_at,
    )


def remind(session: Session, n: Notifier, *, incident_id: str) -> int:
    """Job handler: remind the Communication Lead (else the IC) of an overdue update."""
    incident = get_incident(session, incident_id)
    now = n.clock.now()
    due = _update_due(n, incident)
    if due is None:
        return 0  # resolved, or a severity without a cadence
    if due > now:
        _ensure_reminder(session, n, incident, now)  # an update was posted meanwhile
        return 0
    holder = current_holder(incident, "communication_lead") or current_holder(
        incident, "incident_commander"
    )
    created = 0
    if holder is None:
        _note(
            session,
            incident,
            now,
            "Status update overdue, and nobody holds Communication "
            "Lead or Incident Commander to remind",
            {"reminder": True},
        )
    else:
        sends, problem = targets.person_sends(session, holder.handle, f"role:{holder.role}")
        for send in [s for s in sends if s.delay_minutes == 0] or sends[:1]:
            key = rules.delivery_key(
                incident.id, "remind", due.isoformat(), send.person, send.method_id
            )
            created += _new(
                queue_delivery(
                    session,
                    now=n.clock.now(),
                    key=key,
                    incident_id=incident.id,
                    purpose="reminder",
                    send=send,
                    due=now,
                    context={"due": due.isoformat()},
                    scope=kinds.remind_scope(incident.id),
                )
            )
        if problem:
            _note(
                session,
                incident,
                now,
                f"Status update reminder not sent: {problem}",
                {"reminder": True},
            )
    minutes = n.incident_policy.cadence_minutes.get(incident.severity, 5)
    queue.enqueue(
        session,
        kinds.REMIND,
        {"incident": incident.id},
        now=now,
        run_at=now + timedelta(minutes=minutes),
        dedupe_key=f"remind:{incident.id}:{(now + timedelta(minutes=minutes)).isoformat()}",
        scope=kinds.remind_scope(incident.id),
    )
    return created


def _record_step(
    session: Session,
    incident: Incident,
    now: datetime,
    *,
    step: int,
    repeat: int,
    spec: rules.Step,
    found: targets.Resolved,
) -> None:
    label = f"Escalation step {step + 1} ({spec.at_minutes} min" + (
        f", repeat {repeat})" if repeat else ")"
    )
    by_target: dict[str, list[str]] = {}
    for send in found.sends:
        who = send.person or send.name
        by_target.setdefault(f"{who} ({send.target})", []).append(send.channel)
    parts = [f"{who} by {', '.join(dict.fromkeys(chans))}" for who, chans in by_target.items()]
    data = {"step": step, "repeat": repeat, "problems": found.problems}
    if parts:
        body = f"{label}: paging " + "; ".join(parts)
        if found.problems:
            body += ". Could not page: " + "; ".join(found.problems)
    else:
        body = f"Nobody could be paged for step {step + 1}: " + "; ".join(found.problems)
        data["nobody"] = True
    _note(session, incident, now, body, data)


def _note(
    session: Session, incident: Incident, now: datetime, body: str, data: dict[str, Any]
) -> None:
    timeline.record(
        session,
        incident_id=incident.id,
        actor=ESCALATION,
        kind=EventKind.COMMUNICATION,
        now=now,
        body=body,
        data={"escalation": True, **data},
    )
