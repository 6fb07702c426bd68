from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from tests.conftest import T0
from warroom.clock import FixedClock
from warroom.db.counters import next_value
from warroom.db.engine import session_factory
from warroom.db.uow import read_session, unit_of_work
from warroom.jobs import queue
from warroom.jobs.models import Job
from warroom.jobs.worker import Handler, Worker


def _enqueue(engine: Engine, kind: str, count: int = 1, **kwargs: Any) -> list[int]:
    with unit_of_work(engine) as session:
        jobs = [queue.enqueue(session, kind, {"i": i}, now=T0, **kwargs) for i in range(count)]
        session.flush()
        return [job.id for job in jobs if job is not None]


def _jobs(engine: Engine) -> dict[int, Job]:
    with read_session(engine) as session:
        jobs = {job.id: job for job in session.scalars(select(Job))}
        session.expunge_all()  # keep the loaded values after the read rolls back
        return jobs


def test_handler_runs_in_its_own_transaction_and_the_job_completes(
    engine: Engine, clock: FixedClock
) -> None:
    seen: list[dict[str, Any]] = []

    def count(session: Session, payload: dict[str, Any]) -> None:
        seen.append(payload)
        next_value(session, "handled")

    [job_id] = _enqueue(engine, "count")
    worker = Worker(engine, {"count": count}, clock=clock, worker_id="w1")
    assert worker.run_once() == 1
    assert worker.run_once() == 0
    assert seen == [{"i": 0}]
    assert _jobs(engine)[job_id].status == "done"
    with unit_of_work(engine) as session:
        assert next_value(session, "handled") == 2  # the handler's write committed


def test_a_failing_handler_rolls_back_and_is_retried_later(
    engine: Engine, clock: FixedClock
) -> None:
    calls = 0

    def flaky(session: Session, payload: dict[str, Any]) -> None:
        nonlocal calls
        calls += 1
        next_value(session, "flaky")
        if calls == 1:
            raise RuntimeError("downstream unavailable")

    [job_id] = _enqueue(engine, "flaky")
    worker = Worker(engine, {"flaky": flaky}, clock=clock, worker_id="w1")
    worker.run_once()
    failed = _jobs(engine)[job_id]
    assert (failed.status, failed.last_error) == ("failed", "RuntimeError: downstream unavailable")
    assert worker.run_once() == 0  # backing off

    clock.set(failed.run_at)
    assert worker.run_once() == 1
    assert _jobs(engine)[job_id].status == "done"
    with unit_of_work(engine) as session:
        assert next_value(session, "flaky") == 2  # the failed attempt's write was undone


def test_unknown_kind_fails_with_a_clear_error(engine: Engine, clock: FixedClock) -> None:
    [job_id] = _enqueue(engine, "nobody.handles.this", max_attempts=1)
    Worker(engine, {}, clock=clock).run_once()
    job = _jobs(engine)[job_id]
    assert job.status == "dead"
    assert job.last_error == "no handler registered for job kind 'nobody.handles.this'"


def test_a_crashed_workers_job_is_run_by_another_after_the_lease(
    engine: Engine, clock: FixedClock
) -> None:
    ran: list[str] = []
    [job_id] = _enqueue(engine, "work")
    with unit_of_work(engine) as session:  # worker "dead" claims, then the process dies
        queue.claim(session, worker_id="dead", now=clock.now())

    survivor = Worker(engine, {"work": lambda s, p: ran.append("survivor")}, clock=clock)
    assert survivor.run_once() == 0
    clock.advance(queue.DEFAULT_LEASE + timedelta(seconds=1))
    assert survivor.run_once() == 1
    assert ran == ["survivor"]
    job = _jobs(engine)[job_id]
    assert (job.status, job.attempts) == ("done", 2)


def test_a_worker_that_lost_its_lease_discards_its_result(
    engine: Engine, clock: FixedClock
) -> None:
    def overtaken(session: Session, payload: dict[str, Any]) -> None:
        next_value(session, "overtaken")
        # Stand-in for "the lease expired and another worker took the job over".
        session.execute(update(Job).values(locked_by="other"))

    [job_id] = _enqueue(engine, "slow")
    Worker(engine, {"slow": overtaken}, clock=clock, worker_id="me").run_once()
    job = _jobs(engine)[job_id]
    assert (job.status, job.locked_by) == ("running", "me")  # left for the lease to expire
    with unit_of_work(engine) as session:
        assert next_value(session, "overtaken") == 1


def test_drain_runs_everything_due(engine: Engine, clock: FixedClock) -> None:
    ran: list[int] = []
    _enqueue(engine, "k", 5)
    worker = Worker(engine, {"k": lambda s, p: ran.append(p["i"])}, clock=clock, batch=2)
    assert worker.drain() == 5
    assert sorted(ran) == [0, 1, 2, 3, 4]


def test_start_and_stop_in_a_thread(engine: Engine, clock: FixedClock) -> None:
    done = threading.Event()
    _enqueue(engine, "k")
    worker = Worker(engine, {"k": lambda s, p: done.set()}, clock=clock, poll_interval=0.01)
    worker.start()
    assert done.wait(30)
    worker.stop()
    assert worker.stopping


def test_concurrent_workers_never_run_the_same_job(engine: Engine, clock: FixedClock) -> None:
    """Four workers race over 200 jobs; every job runs exactly once."""
    total = 200
    _enqueue(engine, "k", total)
    runs: Counter[int] = Counter()
    lock = threading.Lock()

    def record(session: Session, payload: dict[str, Any]) -> None:
        with lock:
            runs[payload["i"]] += 1

    handlers: dict[str, Handler] = {"k": record}
    workers = [Worker(engine, handlers, clock=clock, worker_id=f"w{n}", batch=3) for n in range(4)]
    start = threading.Barrier(len(workers))

    def go(worker: Worker) -> None:
        start.wait()
        worker.drain(max_rounds=total)

    threads = [threading.Thread(target=go, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(runs) == list(range(total))
    assert set(runs.values()) == {1}
    assert {job.status for job in _jobs(engine).values()} == {"done"}


@pytest.mark.postgres
def test_postgres_claim_skips_rows_another_transaction_holds(engine: Engine, backend: str) -> None:
    if backend != "postgres":
        pytest.skip("SKIP LOCKED is PostgreSQL's; SQLite serialises writers instead")
    first_id, second_id = _enqueue(engine, "k", 2)
    holder = session_factory(engine, write=True)()
    other = session_factory(engine, write=True)()
    try:
        [held] = queue.claim(holder, worker_id="a", now=T0)  # uncommitted: row locked
        [taken] = queue.claim(other, worker_id="b", now=T0)  # must not wait, must skip
        assert (held.id, taken.id) == (first_id, second_id)
        assert queue.claim(other, worker_id="b", now=T0) == []
        other.commit()
        holder.rollback()  # "a" crashed before committing: the job is due again
        with unit_of_work(engine) as session:
            [again] = queue.claim(session, worker_id="c", now=T0)
        assert again.id == first_id
    finally:
        holder.close()
        other.close()
