"""The hand-over at each change of primary (003 §4.2: 인수인계 체크리스트).

It lists open incidents, firing alerts and the overdue action items the outgoing and
incoming people own, so it reads incidents, alerts and action items; on-call sits
below all of them and cannot. This module sits above them, and the worker runs it as
the `oncall.handover` job that on-call queues for each change. The hand-over is
recorded (shown by `warroom oncall handover` and the schedule page); sending it
through notification channels is for when those exist.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from warroom.action_items.queries import ItemFilter, all_action_items
from warroom.alerts.queries import list_groups
from warroom.incidents.queries import list_active
from warroom.oncall import actions, queries
from warroom.oncall.handovers import record_handover
from warroom.oncall.models import Handover, Schedule
from warroom.oncall.weeks import HANDOVER_HORIZON, next_handover

LISTED = 50


def deliver(*, session: Session, now: datetime, schedule: str, at: datetime) -> Handover | None:
    """Record the hand-over due at `at` (once), then queue the next one.

    A job whose change no longer happens (the rotation was edited since) records
    nothing; the next change is queued either way.
    """
    row = queries.find_schedule(session, schedule)
    if row is None:
        return None
    plan = queries.load_plan(session, row, at - HANDOVER_HORIZON, at + HANDOVER_HORIZON)
    change = next_handover(plan, at - timedelta(seconds=1))
    done: Handover | None = None
    if change is not None and change.at == at:
        done = queries.find_handover(session, row.name, change.role, at)
        if done is None:
            done = record_handover(
                session=session,
                now=now,
                schedule=row,
                role=change.role,
                at=at,
                outgoing=change.outgoing,
                incoming=change.incoming,
                summary=collect(session, row, [*change.outgoing, *change.incoming], now),
            )
    actions.schedule_next_handover(session, row, max(now, at))
    return done


def collect(
    session: Session, schedule: Schedule, people: list[str], now: datetime
) -> dict[str, Any]:
    """What is open: the schedule's incidents and alerts, the people's overdue action items."""
    services = {s.service for s in schedule.services}
    incidents = [
        {"id": i.id, "title": i.title, "severity": i.severity, "state": i.state}
        for i in list_active(session)
        if not services or services & set(i.services)
    ]
    alerts = [
        {"id": g.id, "title": g.title, "severity": g.severity, "since": g.first_seen_at.isoformat()}
        for g, _episode in list_groups(session, status="firing", limit=500)
        if not services or _alert_service(g.labels) in services
    ]
    overdue = [
        {"id": a.id, "title": a.title, "owner": a.owner, "due_at": _iso(a.due_at)}
        for a in all_action_items(session, ItemFilter(owners=people, overdue_at=now))
    ]
    return {
        "incidents": incidents[:LISTED],
        "alerts": alerts[:LISTED],
        "overdue_items": overdue[:LISTED],
    }


def _alert_service(labels: dict[str, Any]) -> str:
    for key in ("service", "app", "job"):
        if labels.get(key):
            return str(labels[key]).strip().lower()
    return ""


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
