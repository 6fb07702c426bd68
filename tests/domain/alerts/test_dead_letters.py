"""A delivery that cannot be applied is retried, then dead-lettered; the others go on.

The fault is a real database error raised inside the delivery's application (a query
on a table that does not exist, after the delivery's own work): on PostgreSQL it
aborts the transaction, which only the savepoint around each delivery recovers.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, func, select, text

from tests.support.deliveries import group, make_token, store
from warroom.alerts import applier
from warroom.alerts.actions import retry_delivery
from warroom.alerts.applier import failed_count, pending_count
from warroom.alerts.models import AlertGroup, Delivery
from warroom.alerts.rules import DEFAULT_RETRY
from warroom.clock import FixedClock
from warroom.core.actor import Actor
from warroom.db.uow import read_session, unit_of_work
from warroom.errors import Conflict, NotFound
from warroom.incidents.models import Incident
from warroom.incidents.policy import IncidentPolicy
from warroom.worker import Applier

POLICY = IncidentPolicy()
OPERATOR = Actor("olga")


@pytest.fixture
def broken(monkeypatch: pytest.MonkeyPatch) -> set[int]:
    """Delivery ids whose application does its work, then hits a database error."""
    ids: set[int] = set()
    real = applier.apply_delivery

    def apply(**kwargs: Any) -> Any:
        outcome = real(**kwargs)
        if kwargs["delivery"].id in ids:
            kwargs["session"].execute(text("SELECT missing FROM no_such_table"))
        return outcome

    monkeypatch.setattr(applier, "apply_delivery", apply)
    return ids


def _row(engine: Engine, delivery_id: int) -> Delivery:
    with read_session(engine) as session:
        return session.get_one(Delivery, delivery_id)


def _titles(engine: Engine) -> list[str]:
    with read_session(engine) as session:
        return sorted(session.scalars(select(AlertGroup.title)))


def _incidents(engine: Engine) -> int:
    with read_session(engine) as session:
        return int(session.scalar(select(func.count()).select_from(Incident)) or 0)


def _fail_until_dead(engine: Engine, clock: FixedClock, run: Applier, delivery_id: int) -> None:
    for _ in range(DEFAULT_RETRY.max_attempts):
        row = _row(engine, delivery_id)
        if row.status == "failed":
            return
        clock.advance(DEFAULT_RETRY.delay(row.attempts))
        run.drain()
    assert _row(engine, delivery_id).status == "failed"


def test_a_database_error_in_one_delivery_does_not_stop_the_others(
    engine: Engine, clock: FixedClock, broken: set[int]
) -> None:
    token = make_token(engine, clock)
    first, fine, later = store(
        engine,
        clock,
        token,
        group("Broken", "b-1"),
        group("Fine", "f-1"),
        group("Broken", "b-1", resolved=True),
    )
    broken.add(first)

    run = Applier(engine, policy=POLICY, clock=clock)
    run.drain()  # on the old applier this raised, and every round after it too

    assert _row(engine, fine).status == "applied"
    assert _titles(engine) == ["Fine"]  # nothing of the failed attempt stayed
    failed = _row(engine, first)
    assert (failed.status, failed.attempts) == ("pending", 1)
    assert failed.next_attempt_at == clock.now() + DEFAULT_RETRY.first_delay
    [error] = failed.errors
    assert error.startswith("attempt 1: ") and "no_such_table" in error
    # The group's later delivery waits for the earlier one (a resolve must not overtake
    # its firing), and nothing is tried again before the backoff is over.
    assert _row(engine, later).status == "pending"
    assert run.drain() == 0
    assert _row(engine, first).attempts == 1


def test_a_delivery_that_keeps_failing_is_dead_lettered_and_its_group_goes_on(
    engine: Engine, clock: FixedClock, broken: set[int]
) -> None:
    token = make_token(engine, clock)
    first, later = store(
        engine, clock, token, group("Broken", "b-1"), group("Broken", "b-1", "b-2")
    )
    broken.add(first)
    run = Applier(engine, policy=POLICY, clock=clock)
    run.drain()
    waits = []
    for attempt in range(2, DEFAULT_RETRY.max_attempts + 1):
        waits.append(DEFAULT_RETRY.delay(attempt - 1))
        clock.advance(waits[-1])
        run.drain()
        assert _row(engine, first).attempts == attempt
        if attempt < DEFAULT_RETRY.max_attempts:
            assert _row(engine, later).status == "pending"  # still in order behind it
    assert waits == sorted(waits) and waits[1] == 2 * waits[0]  # backoff doubles

    dead = _row(engine, first)
    assert (dead.status, dead.attempts, dead.next_attempt_at) == ("failed", 5, None)
    assert [e.split(":")[0] for e in dead.errors] == [f"attempt {n}" for n in range(1, 6)]
    # Dead-lettered: the group's later delivery (its newer state) is applied.
    assert _row(engine, later).status == "applied"
    assert _titles(engine) == ["Broken"]
    with read_session(engine) as session:
        assert (pending_count(session), failed_count(session)) == (0, 1)


def test_a_group_waiting_for_a_retry_does_not_starve_the_others(
    engine: Engine, clock: FixedClock, broken: set[int]
) -> None:
    token = make_token(engine, clock)
    first, *_ = store(engine, clock, token, *[group("Broken", f"b-{n}") for n in range(12)])
    others = store(engine, clock, token, group("Cpu", "c-1"), group("Mem", "m-1"))
    broken.add(first)
    run = Applier(engine, policy=POLICY, clock=clock, batch=2)  # fewer than Broken's queue
    run.drain()
    assert [_row(engine, n).status for n in others] == ["applied", "applied"]
    assert _titles(engine) == ["Cpu", "Mem"]


def test_an_operator_retry_sends_a_dead_letter_back_once_the_cause_is_fixed(
    engine: Engine, clock: FixedClock, broken: set[int]
) -> None:
    token = make_token(engine, clock)
    [first] = store(engine, clock, token, group("Broken", "b-1"))
    broken.add(first)
    run = Applier(engine, policy=POLICY, clock=clock)
    run.drain()
    _fail_until_dead(engine, clock, run, first)
    broken.clear()  # the cause is fixed
    assert run.drain() == 0  # a dead letter is never picked up by itself

    with unit_of_work(engine) as session:
        retry_delivery(session=session, actor=OPERATOR, now=clock.now(), delivery_id=first)
    back = _row(engine, first)
    assert (back.status, back.attempts, back.retried_by) == ("pending", 0, "olga")
    assert run.drain() == 1
    done = _row(engine, first)
    assert done.status == "applied"
    assert len(done.errors) == 5  # the history of what went wrong stays
    assert _titles(engine) == ["Broken"] and _incidents(engine) == 1


def test_retrying_over_newer_state_of_the_group_needs_force(
    engine: Engine, clock: FixedClock, broken: set[int]
) -> None:
    token = make_token(engine, clock)
    first, later = store(
        engine, clock, token, group("Broken", "b-1"), group("Broken", "b-1", resolved=True)
    )
    broken.add(first)
    run = Applier(engine, policy=POLICY, clock=clock)
    run.drain()
    _fail_until_dead(engine, clock, run, first)
    assert _row(engine, later).status == "applied"
    broken.clear()

    with pytest.raises(Conflict) as refused, unit_of_work(engine) as session:
        retry_delivery(session=session, actor=OPERATOR, now=clock.now(), delivery_id=first)
    assert refused.value.code == "later_deliveries_applied"
    assert _row(engine, first).status == "failed"
    with unit_of_work(engine) as session:
        retry_delivery(
            session=session, actor=OPERATOR, now=clock.now(), delivery_id=first, force=True
        )
    run.drain()
    # Applied as a late redelivery: the older firing does not undo the resolution.
    assert _row(engine, first).status == "unchanged"
    with read_session(engine) as session:
        assert session.scalars(select(AlertGroup.status)).one() == "resolved"


def test_only_dead_letters_can_be_retried(engine: Engine, clock: FixedClock) -> None:
    token = make_token(engine, clock)
    [delivery] = store(engine, clock, token, group("Fine", "f-1"))
    Applier(engine, policy=POLICY, clock=clock).drain()
    assert _row(engine, delivery).status == "applied"
    for delivery_id, error in (
        (delivery, Conflict),
        (delivery + 1000, NotFound),
        (2**70, NotFound),
    ):
        with pytest.raises(error) as refused, unit_of_work(engine) as session:
            retry_delivery(
                session=session, actor=OPERATOR, now=clock.now(), delivery_id=delivery_id
            )
        if error is Conflict:
            assert refused.value.code == "not_dead_letter"
    assert _row(engine, delivery).status == "applied"
