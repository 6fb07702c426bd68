"""A big delivery is applied in chunks, one transaction each (issue 21, defect 5).

One 10,000-alert delivery used to be one transaction: on SQLite it held the write lock
for 34 s and every acknowledgement waited that long, then the applier paused twice as
long again. Here a delivery of 25 alerts with chunks of 10 takes three transactions,
the other groups' deliveries are not held up by it, and its group's later delivery
waits for its last chunk.
"""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import Engine, func, select

from tests.support.deliveries import group, make_token, store
from warroom.alerts.models import Alert, Delivery
from warroom.clock import FixedClock
from warroom.db.gate import WriteGate
from warroom.db.uow import read_session
from warroom.incidents.models import Incident
from warroom.incidents.policy import IncidentPolicy
from warroom.timeline.models import TimelineEvent
from warroom.worker import MAX_YIELD, Applier, yield_pause

BIG = [f"web-{n:02d}" for n in range(25)]


def _statuses(engine: Engine) -> list[tuple[str, int]]:
    with read_session(engine) as session:
        query = select(Delivery.status, Delivery.progress).order_by(Delivery.id)
        return [(status, progress) for status, progress in session.execute(query)]


def _count(engine: Engine, model: type, *where: object) -> int:
    with read_session(engine) as session:
        query = select(func.count()).select_from(model).where(*where)  # type: ignore[arg-type]
        return int(session.scalar(query) or 0)


def test_a_big_delivery_is_applied_one_chunk_per_transaction(
    engine: Engine, clock: FixedClock
) -> None:
    token = make_token(engine, clock)
    store(
        engine,
        clock,
        token,
        group("Big", *BIG),
        group("Small", "db-1"),
        group("Big", *BIG, resolved=True),
    )
    applier = Applier(engine, policy=IncidentPolicy(), clock=clock, chunk=10)

    assert applier.run_once() == 2  # the first chunk, and the other group's delivery
    assert _statuses(engine) == [("pending", 10), ("applied", 1), ("pending", 0)]
    assert _count(engine, Alert, Alert.status == "firing") == 11
    assert _count(engine, Incident) == 2  # the big group's incident opened at its 1st chunk

    assert applier.run_once() == 1
    assert _statuses(engine)[0] == ("pending", 20)
    assert applier.run_once() == 2  # the last chunk, then its group's resolve may start
    assert _statuses(engine) == [("applied", 25), ("applied", 1), ("pending", 10)]
    assert _count(engine, Alert, Alert.status == "firing") == 16

    assert applier.drain() == 1  # the rest of the resolve
    assert _statuses(engine)[2] == ("applied", 25)
    assert _count(engine, Alert, Alert.status == "firing") == 1
    firing = TimelineEvent.body.like("Firing:%")
    assert _count(engine, TimelineEvent, firing) == 26  # each alert once, never twice
    with read_session(engine) as session:
        changes = session.scalars(select(Delivery.changes).order_by(Delivery.id)).all()
    assert changes == [25, 1, 25]


def test_a_redelivered_big_group_changes_nothing(engine: Engine, clock: FixedClock) -> None:
    token = make_token(engine, clock)
    store(engine, clock, token, group("Big", *BIG), group("Big", *BIG))
    assert Applier(engine, policy=IncidentPolicy(), clock=clock, chunk=10).drain() == 2
    assert [s for s, _ in _statuses(engine)] == ["applied", "unchanged"]
    assert _count(engine, Alert) == 25


@pytest.mark.parametrize(
    ("batch", "cycle", "urgent", "expected"),
    [
        (34.0, 34.0, 0.002, 0.004),  # one request during a long batch: barely a pause
        (0.03, 0.09, 0.0, 0.0),  # nobody waits: no pause at all
        (0.03, 0.09, 0.09, 0.06),  # saturated: twice the batch, as before
        (0.03, 0.09, 0.045, 0.03),  # half the cycle busy: half of that
        (34.0, 34.0, 34.0, MAX_YIELD),  # never more than MAX_YIELD
    ],
)
def test_the_applier_yields_in_proportion_to_the_load_waiting(
    batch: float, cycle: float, urgent: float, expected: float
) -> None:
    assert yield_pause(batch=batch, cycle=cycle, urgent=urgent, ratio=2.0) == pytest.approx(
        expected
    )


def test_the_gate_counts_the_time_urgent_writers_hold_it_not_their_wait() -> None:
    gate = WriteGate(exclusive=True)
    held = threading.Event()

    def background() -> None:
        with gate.hold(urgent=False):
            held.set()
            while gate.waiting_urgent == 0:  # until the urgent writer queues up
                time.sleep(0.001)
            time.sleep(0.2)  # then it waits at least this long

    thread = threading.Thread(target=background)
    thread.start()
    held.wait()
    started = time.monotonic()
    with gate.hold(urgent=True):
        time.sleep(0.01)
    wall = time.monotonic() - started
    thread.join()
    worked = gate.urgent_seconds
    assert 0 < worked <= wall - 0.2  # the work counts, the wait does not
    with gate.hold(urgent=False):
        pass
    assert gate.urgent_seconds == worked  # background holds add nothing
