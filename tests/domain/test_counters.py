from __future__ import annotations

from sqlalchemy.orm import Session

from warroom.db.counters import next_value


def test_counter_starts_at_one_and_counts_per_scope(session: Session) -> None:
    assert [next_value(session, "INC-20261122") for _ in range(3)] == [1, 2, 3]
    assert next_value(session, "INC-20261123") == 1
