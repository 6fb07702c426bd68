"""The paging of one incident as the room shows it: who was paged, the next step, the ack.

Read-only and bounded: the newest escalation run, its page deliveries (at most
`PAGED_SHOWN`), the next step still to come while the incident waits for an
acknowledgement, and who acknowledged it (from the timeline).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom.incidents.models import Incident
from warroom.incidents.rules import State
from warroom.notifications import rules
from warroom.notifications.models import Delivery, EscalationRun
from warroom.notifications.queries import shown_state
from warroom.timeline.models import TimelineEvent

PAGED_SHOWN = 20


@dataclass(frozen=True, slots=True)
class Paged:
    who: str  # the person's handle, else the target (a channel, an external contact)
    channel: str
    state: str  # the delivery's: pending, sent, failed, cancelled, ...
    at: datetime  # when it was sent, else when it is due
    step: int | None


@dataclass(frozen=True, slots=True)
class PagingStatus:
    policy: str
    run_state: str  # active, superseded (a severity change started a new run)
    started_at: datetime
    paged: list[Paged] = field(default_factory=list)
    more_paged: int = 0
    next_step_at: datetime | None = None
    next_step_targets: list[str] = field(default_factory=list)
    acknowledged_at: datetime | None = None
    acknowledged_by: str | None = None


def paging_status(session: Session, incident: Incident, now: datetime) -> PagingStatus | None:
    """None when the incident was never paged (no escalation run)."""
    run = session.scalars(
        select(EscalationRun)
        .where(EscalationRun.incident_id == incident.id)
        .order_by(EscalationRun.id.desc())
        .limit(1)
    ).first()
    if run is None:
        return None
    rows = list(
        session.scalars(
            select(Delivery)
            .where(Delivery.run_id == run.id, Delivery.purpose == "page")
            .order_by(Delivery.due_at, Delivery.id)
            .limit(PAGED_SHOWN + 1)
        )
    )
    paged = [
        Paged(
            who=d.person or d.target,
            channel=d.channel,
            state=shown_state(d, incident.acknowledged_at),
            at=d.sent_at or d.due_at,
            step=d.step,
        )
        for d in rows[:PAGED_SHOWN]
    ]
    next_at, next_targets = _next_step(run, incident, now)
    by, at = _acknowledger(session, incident)
    return PagingStatus(
        policy=str(run.policy.get("name", "")),
        run_state=run.state,
        started_at=run.started_at,
        paged=paged,
        more_paged=max(0, len(rows) - PAGED_SHOWN),
        next_step_at=next_at,
        next_step_targets=next_targets,
        acknowledged_at=at,
        acknowledged_by=by,
    )


def _next_step(
    run: EscalationRun, incident: Incident, now: datetime
) -> tuple[datetime | None, list[str]]:
    """The first step (of any repeat) due after now; none once the incident is acknowledged
    (paging stops there) or the run was superseded."""
    if run.state != "active" or incident.state != State.DETECTED.value:
        return None, []
    steps = rules.parse_steps(run.policy.get("steps", []))
    cycle = rules.cycle_minutes(steps, int(run.policy.get("repeat_after_minutes", 0)))
    for repeat in range(int(run.policy.get("repeat", 0)) + 1):
        for step in steps:
            due = rules.step_due(run.started_at, step, repeat, cycle)
            if due > now:
                return due, [str(t) for t in step.targets]
    return None, []


def _acknowledger(session: Session, incident: Incident) -> tuple[str | None, datetime | None]:
    """Who moved the incident out of `detected` (acknowledging it outright or by a later
    state that implies it), and when."""
    if incident.acknowledged_at is None:
        return None, None
    changes = session.scalars(
        select(TimelineEvent)
        .where(TimelineEvent.incident_id == incident.id, TimelineEvent.kind == "status_change")
        .order_by(TimelineEvent.seq)
    )
    for event in changes:
        data = event.data
        raw = data.get("implied")
        implied = [str(s) for s in raw] if isinstance(raw, list) else []
        if data.get("from") == State.DETECTED.value and (
            data.get("to") == State.ACKNOWLEDGED.value or State.ACKNOWLEDGED.value in implied
        ):
            return event.actor, incident.acknowledged_at
    return None, incident.acknowledged_at
