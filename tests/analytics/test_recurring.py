"""Recurring incidents: same service, similar title, within the window; chains break."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from tests.domain.helpers import declare
from warroom.analytics.recurring import recurring_incidents

NOW = datetime(2026, 11, 22, 5, 0, tzinfo=UTC)


def test_chains_by_service_window_and_title(session: Session) -> None:
    day = timedelta(days=1)
    a = declare(session, NOW - 60 * day, title="결제 커넥션풀 고갈", services=["checkout"])
    b = declare(session, NOW - 50 * day, title="결제 커넥션풀 고갈 재발", services=["checkout"])
    c = declare(session, NOW - 45 * day, title="결제 커넥션풀 고갈 3차", services=["checkout"])
    declare(session, NOW - 5 * day, title="결제 커넥션풀 고갈 4차", services=["checkout"])
    declare(session, NOW - 44 * day, title="Banner typo", services=["checkout"])
    declare(session, NOW - 40 * day, title="결제 커넥션풀 고갈", services=["search"])
    found = recurring_incidents(session, since=None, until=NOW, window=timedelta(days=30))
    assert [(r.service, r.incident_ids) for r in found] == [("checkout", [a.id, b.id, c.id])]
    drills = declare(
        session, NOW - 4 * day, title="결제 커넥션풀 고갈 5차", services=["checkout"], is_drill=True
    )
    again = recurring_incidents(session, since=NOW - 30 * day, until=NOW, window=30 * day)
    assert again == []
    with_drills = recurring_incidents(
        session, since=NOW - 30 * day, until=NOW, window=30 * day, include_drills=True
    )
    assert len(with_drills) == 1 and with_drills[0].incident_ids[-1] == drills.id
