"""The delivery applier: stored deliveries are applied after a restart, in order, exactly once."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from sqlalchemy import Engine, func, select

from tests.support.deliveries import group as group_payload
from tests.support.deliveries import make_token, store
from warroom.alerts.applier import apply_pending, pending_count
from warroom.alerts.models import Alert, AlertGroup, Delivery, Episode
from warroom.clock import FixedClock
from warroom.db.engine import make_engine
from warroom.db.uow import read_session, unit_of_work
from warroom.incidents.models import Incident
from warroom.incidents.policy import IncidentPolicy
from warroom.timeline.models import TimelineEvent
from warroom.worker import Applier

POLICY = IncidentPolicy()


def _count(engine: Engine, model: type) -> int:
    with read_session(engine) as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _alert_events(engine: Engine) -> Counter[str]:
    with read_session(engine) as session:
        rows = session.scalars(select(TimelineEvent.body).where(TimelineEvent.kind == "alert"))
        return Counter(rows)


def test_committed_but_unapplied_deliveries_are_applied_after_a_restart(
    engine: Engine, clock: FixedClock
) -> None:
    token = make_token(engine, clock)
    stored = store(
        engine, clock, token, group_payload("Disk", "db-1"), group_payload("Cpu", "web-1", "web-2")
    )
    assert _count(engine, AlertGroup) == 0  # the process "dies" here, nothing applied yet

    restarted = make_engine(engine.url.render_as_string(hide_password=False))
    try:
        assert Applier(restarted, policy=POLICY).drain() == len(stored)
        assert Applier(restarted, policy=POLICY).drain() == 0  # applied exactly once
    finally:
        restarted.dispose()
    assert _count(engine, AlertGroup) == 2
    assert _count(engine, Alert) == 3
    assert _count(engine, Incident) == 2
    with read_session(engine) as session:
        assert pending_count(session) == 0
        assert set(session.scalars(select(Delivery.status))) == {"applied"}


def test_a_groups_deliveries_are_applied_in_delivery_order(
    engine: Engine, clock: FixedClock
) -> None:
    token = make_token(engine, clock)
    store(
        engine,
        clock,
        token,
        group_payload("Disk", "db-1"),
        group_payload("Disk", "db-1", "db-2"),
        group_payload("Disk", "db-1", "db-2", resolved=True),
    )
    applier = Applier(engine, policy=POLICY, batch=1)
    assert applier.drain() == 3
    with read_session(engine) as session:
        [group] = session.scalars(select(AlertGroup))
        assert group.status == "resolved"
        statuses = list(session.scalars(select(Delivery.status).order_by(Delivery.id)))
        assert statuses == ["applied", "applied", "applied"]
        [episode] = session.scalars(select(Episode))
        assert episode.resolved_at is not None and episode.incident_id is not None


def test_a_held_earlier_delivery_of_a_group_holds_its_later_ones_back(
    engine: Engine, clock: FixedClock, backend: str
) -> None:
    if backend != "postgres":
        pytest.skip("SQLite runs one applier at a time (one writer); the skip is PostgreSQL's")
    # Inside the auto-recovery window no incident opens, so the two open transactions
    # below share no row (a declared incident would hold the day's id counter).
    token = make_token(engine, clock, auto_recovery=300)
    first = store(
        engine, clock, token, group_payload("Disk", "db-1"), group_payload("Cpu", "web-1")
    )
    later = store(
        engine, clock, token, group_payload("Disk", "db-1", "db-2"), group_payload("Mem", "m-1")
    )
    with unit_of_work(engine) as holder:
        held = apply_pending(
            session=holder, policy=POLICY, now=clock.now(), limit=2
        )  # open: rows stay locked
        assert [o.delivery_id for o in held] == first
        with unit_of_work(engine) as other:
            # Skips the two held rows, keeps Disk's second delivery for after the first.
            done = apply_pending(session=other, policy=POLICY, now=clock.now())
            assert [o.delivery_id for o in done] == [later[1]]
    with unit_of_work(engine) as session:
        assert [
            o.delivery_id for o in apply_pending(session=session, policy=POLICY, now=clock.now())
        ] == [later[0]]
    assert _count(engine, Alert) == 4  # db-1, db-2, web-1, m-1


def test_two_concurrent_appliers_never_apply_a_delivery_twice(
    engine: Engine, clock: FixedClock
) -> None:
    token = make_token(engine, clock)
    payloads = [group_payload(f"G{g}", *(f"i{a}" for a in range(3))) for g in range(40)]
    payloads += [group_payload(f"G{g}", *(f"i{a}" for a in range(4))) for g in range(40)]
    stored = store(engine, clock, token, *payloads)
    applied: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def run() -> None:
        start.wait()
        try:
            applier = Applier(engine, policy=POLICY, batch=7)
            for _ in range(1000):  # bounded: each round takes at least one delivery or stops
                with unit_of_work(engine) as session:
                    done = apply_pending(
                        session=session, policy=POLICY, now=clock.now(), limit=applier.batch
                    )
                applied.extend(o.delivery_id for o in done)
                if not done:
                    with read_session(engine) as session:
                        if pending_count(session) == 0:
                            return
        except BaseException as exc:  # surfaced below with its type
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(applied) == stored  # every delivery once, none twice
    assert _count(engine, AlertGroup) == 40
    assert _count(engine, Alert) == 160
    assert _count(engine, Incident) == 40
    events = _alert_events(engine)
    assert set(events.values()) == {1}  # each alert's line once on its group's incident
    assert sum(events.values()) == 160
