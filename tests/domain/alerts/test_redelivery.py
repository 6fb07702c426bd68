"""Every payload delivered twice and out of order: no duplicate incident or timeline event."""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.support.alert_payloads import am_alert, am_payload
from tests.support.alerting import deliver, integration
from warroom.alerts.models import Episode
from warroom.clock import FixedClock
from warroom.incidents.models import Incident
from warroom.timeline.models import TimelineEvent


def _story(group: int) -> list[dict[str, Any]]:
    """What Alertmanager sends for one group: it grows, then its alerts resolve one by one."""
    key = f'{{}}:{{alertname="Story{group}"}}'
    start = "2026-11-22T04:50:00Z"
    end = "2026-11-22T04:58:00Z"

    def alert(i: int, resolved: bool) -> dict[str, Any]:
        status = "resolved" if resolved else "firing"
        return am_alert(
            f"Story{group}",
            status,
            instance=f"i{i}",
            starts_at=start,
            ends_at=end if resolved else "0001-01-01T00:00:00Z",
        )

    return [
        am_payload(alert(0, False), group_key=key),
        am_payload(alert(0, False), alert(1, False), group_key=key),
        am_payload(alert(0, True), alert(1, False), alert(2, False), group_key=key),
        am_payload(alert(0, True), alert(1, True), alert(2, True), group_key=key),
    ]


def _facts(session: Session) -> tuple[int, Counter[tuple[str, str]]]:
    incidents = int(session.scalar(select(func.count()).select_from(Incident)) or 0)
    events = Counter(
        (row.incident_id, row.body)
        for row in session.scalars(select(TimelineEvent).where(TimelineEvent.kind == "alert"))
    )
    return incidents, events


@pytest.mark.parametrize("seed", range(6))
def test_twice_and_shuffled_changes_nothing_twice(
    session: Session, clock: FixedClock, seed: int
) -> None:
    source, _ = integration(session, clock, auto_recovery_seconds=0)
    payloads = [p for g in range(4) for p in _story(g)]
    rng = random.Random(seed)
    order = payloads * 2
    rng.shuffle(order)
    outcomes = [deliver(session, clock, "alertmanager", p, integration=source) for p in order]

    incidents, events = _facts(session)
    assert incidents <= 4
    assert max(events.values()) == 1, [e for e, n in events.items() if n > 1]
    opened = session.scalars(select(Episode.incident_id).where(Episode.incident_id.is_not(None)))
    per_group = Counter(
        e.group_id for e in session.scalars(select(Episode).where(Episode.incident_id.is_not(None)))
    )
    assert len(set(opened)) == len(per_group)  # one incident per group at most
    # The second copy of each payload is a no-op wherever it lands.
    seen: set[str] = set()
    for payload, outcome in zip(order, outcomes, strict=True):
        marker = repr(payload)
        if marker in seen:
            assert outcome.changes == 0
        seen.add(marker)


def test_in_order_delivery_tells_the_whole_story(session: Session, clock: FixedClock) -> None:
    source, _ = integration(session, clock, auto_recovery_seconds=0)
    for payload in _story(0):
        deliver(session, clock, "alertmanager", payload, integration=source)
    incidents, events = _facts(session)
    assert incidents == 1
    assert len(events) == 3 + 3 + 1  # three fired, three resolved, "all alerts resolved"
