"""The applier and the escalation job never deadlock on PostgreSQL.

The escalation job locks its group, then takes the day's incident-id counter to
declare. An applier batch used to lock groups one delivery at a time: after a
delivery of another group had declared (holding the counter), it reached for the
escalating group's row, and each transaction waited for the other. Now a batch locks
all its groups first, in key order. The two run in real transactions on two
connections, interleaved at that exact point (tests/support/rendezvous.py); on
SQLite the database serialises them and the same test checks the outcome.
"""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, select

from tests.support.deliveries import group, make_token, store
from tests.support.rendezvous import Party, run_both
from warroom.alerts import applier, episodes
from warroom.alerts.models import Delivery, Episode
from warroom.clock import FixedClock
from warroom.db.uow import read_session
from warroom.incidents.models import Incident
from warroom.incidents.policy import IncidentPolicy
from warroom.jobs.models import Job
from warroom.worker import Applier, build_worker

POLICY = IncidentPolicy()


def test_an_applier_batch_and_the_escalation_job_both_finish(
    engine: Engine, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow = make_token(engine, clock, auto_recovery=300, name="slow")
    fast = make_token(engine, clock, auto_recovery=0, name="fast")
    store(engine, clock, slow, group("Slow", "s-1"))
    Applier(engine, policy=POLICY, clock=clock).drain()  # episode pending, escalation queued
    clock.advance(timedelta(seconds=301))  # the escalation is due
    opens, more = store(engine, clock, fast, group("Fast", "f-1")) + store(
        engine, clock, slow, group("Slow", "s-1", "s-2")
    )

    batch, job = Party("applier", engine), Party("escalation", engine)
    counter_held = threading.Event()
    real_apply, real_episode = applier.apply_delivery, episodes.current_episode

    def apply(**kwargs: Any) -> Any:
        if not batch.registered.is_set():
            batch.register(kwargs["session"])
        outcome = real_apply(**kwargs)
        if kwargs["delivery"].id == opens:  # declared Fast's incident: holds the counter
            counter_held.set()
            batch.arrive()
            batch.wait_for(job)
        return outcome

    def episode(session: Any, row: Any) -> Any:
        if threading.current_thread().name == job.name:
            job.arrive()  # the job holds the Slow group's row now
        return real_episode(session, row)

    def escalate(session: Any, payload: dict[str, Any]) -> None:
        job.register(session)
        handler(session, payload)

    monkeypatch.setattr(applier, "apply_delivery", apply)
    monkeypatch.setattr(episodes, "current_episode", episode)
    worker = build_worker(engine, clock=clock, policy=POLICY)
    handler = worker.handlers[episodes.ESCALATE_JOB]
    worker.handlers[episodes.ESCALATE_JOB] = escalate

    def run_job() -> None:
        assert counter_held.wait(60)
        assert worker.run_once() >= 1  # the escalation (and the pages it starts)

    errors = run_both(
        (batch, lambda: Applier(engine, policy=POLICY, clock=clock).run_once()),
        (job, run_job),
    )

    assert errors == []
    with read_session(engine) as session:
        [done] = session.scalars(select(Job).where(Job.kind == episodes.ESCALATE_JOB))
        assert (done.status, done.last_error) == ("done", None)  # not a deadlock victim
        statuses = dict(session.execute(select(Delivery.id, Delivery.status)).all())
        assert (statuses[opens], statuses[more]) == ("applied", "applied")  # not retried
        titles = sorted(session.scalars(select(Incident.title)))
        assert titles == ["Fast", "Slow"]  # Slow's incident opened once
        outcomes = sorted(session.scalars(select(Episode.outcome)))
        assert outcomes == ["incident", "incident"]
