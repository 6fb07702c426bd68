from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.conftest import T0
from warroom.jobs import queue
from warroom.jobs.models import Job, JobStatus

LEASE = timedelta(seconds=60)


def _claim(session: Session, worker: str = "w1", **kwargs: object) -> list[Job]:
    options: dict[str, object] = {"now": T0, "lease": LEASE, "limit": 10} | kwargs
    return queue.claim(session, worker_id=worker, **options)  # type: ignore[arg-type]


def test_enqueued_job_is_claimed_once_and_completed(session: Session) -> None:
    job = queue.enqueue(session, "demo.echo", {"n": 1}, now=T0)
    assert job is not None
    session.flush()

    [claimed] = _claim(session)
    assert (claimed.id, claimed.status, claimed.attempts) == (job.id, "running", 1)
    assert claimed.locked_by == "w1"
    assert claimed.locked_until == T0 + LEASE
    assert _claim(session, "w2") == []

    assert queue.complete(session, job.id, worker_id="w1", now=T0)
    done = session.get(Job, job.id, populate_existing=True)
    assert done is not None
    assert (done.status, done.finished_at, done.locked_by) == ("done", T0, None)


def test_future_jobs_wait_for_run_at(session: Session) -> None:
    queue.enqueue(session, "k", {}, now=T0, run_at=T0 + timedelta(minutes=5))
    session.flush()
    assert _claim(session) == []
    assert len(_claim(session, now=T0 + timedelta(minutes=5))) == 1


def test_claim_takes_oldest_first_and_respects_limit_and_kinds(session: Session) -> None:
    for minute in (3, 1, 2):
        queue.enqueue(session, "a", {"m": minute}, now=T0 - timedelta(minutes=minute))
    queue.enqueue(session, "b", {"m": 0}, now=T0 - timedelta(minutes=9))
    session.flush()

    first = _claim(session, limit=2, kinds=["a"])
    assert [job.payload["m"] for job in first] == [3, 2]
    assert [job.payload["m"] for job in _claim(session)] == [0, 1]


def test_dedupe_key_is_unique_among_unfinished_jobs(session: Session) -> None:
    first = queue.enqueue(session, "page", {"i": 1}, now=T0, dedupe_key="page:INC-1:P1")
    assert first is not None
    assert queue.enqueue(session, "page", {"i": 2}, now=T0, dedupe_key="page:INC-1:P1") is None

    [claimed] = _claim(session)
    assert queue.enqueue(session, "page", {"i": 3}, now=T0, dedupe_key="page:INC-1:P1") is None
    queue.complete(session, claimed.id, worker_id="w1", now=T0)

    again = queue.enqueue(session, "page", {"i": 4}, now=T0, dedupe_key="page:INC-1:P1")
    assert again is not None
    assert again.id != first.id
    assert again.payload == {"i": 4}


def test_failure_retries_with_backoff_then_dies(session: Session) -> None:
    job = queue.enqueue(session, "flaky", {}, now=T0, max_attempts=3)
    assert job is not None
    session.flush()
    now = T0
    statuses = []
    for _ in range(3):
        [claimed] = _claim(session, now=now)
        status = queue.fail(session, claimed.id, worker_id="w1", error="boom", now=now, jitter=0.0)
        statuses.append(status)
        row = session.get(Job, job.id, populate_existing=True)
        assert row is not None
        if status is JobStatus.FAILED:
            assert _claim(session, now=row.run_at - timedelta(microseconds=1)) == []
            now = row.run_at
    assert statuses == [JobStatus.FAILED, JobStatus.FAILED, JobStatus.DEAD]
    dead = session.get(Job, job.id, populate_existing=True)
    assert dead is not None
    assert (dead.status, dead.attempts, dead.last_error) == ("dead", 3, "boom")
    # equal jitter at 0: half of base * 2^(n-1) -> 1 s after attempt 1, 2 s after attempt 2
    assert now == T0 + timedelta(seconds=3)


def test_expired_lease_is_reclaimed_and_the_old_holder_cannot_finish(session: Session) -> None:
    job = queue.enqueue(session, "slow", {}, now=T0)
    assert job is not None
    session.flush()
    _claim(session, "crashed")

    assert _claim(session, "w2", now=T0 + LEASE) == []  # lease still valid at its edge
    [again] = _claim(session, "w2", now=T0 + LEASE + timedelta(seconds=1))
    assert (again.id, again.locked_by, again.attempts) == (job.id, "w2", 2)

    assert not queue.complete(session, job.id, worker_id="crashed", now=T0)
    assert queue.fail(session, job.id, worker_id="crashed", error="x", now=T0) is None
    assert queue.complete(session, job.id, worker_id="w2", now=T0)


def test_crash_on_the_last_attempt_buries_the_job(session: Session) -> None:
    job = queue.enqueue(session, "slow", {}, now=T0, max_attempts=1)
    assert job is not None
    session.flush()
    _claim(session, "crashed")
    assert _claim(session, "w2", now=T0 + 2 * LEASE) == []
    row = session.get(Job, job.id, populate_existing=True)
    assert row is not None
    assert row.status == "dead"
    assert row.last_error == "lease expired on the last attempt"


def test_renew_extends_only_a_held_lease(session: Session) -> None:
    job = queue.enqueue(session, "slow", {}, now=T0)
    assert job is not None
    session.flush()
    _claim(session)
    later = T0 + timedelta(seconds=50)
    assert queue.renew(session, job.id, worker_id="w1", now=later, lease=LEASE)
    assert not queue.renew(session, job.id, worker_id="other", now=later, lease=LEASE)
    assert _claim(session, "w2", now=T0 + LEASE + timedelta(seconds=1)) == []


def test_counts_by_status(session: Session) -> None:
    for _ in range(3):
        queue.enqueue(session, "k", {}, now=T0)
    session.flush()
    [claimed] = _claim(session, limit=1)
    queue.complete(session, claimed.id, worker_id="w1", now=T0)
    assert queue.counts(session) == {"queued": 2, "done": 1}


def test_jobs_survive_a_restart(engine_factory_url: tuple[str, object]) -> None:
    """A committed job is there for a new engine (a restarted process)."""
    from warroom.db.engine import make_engine
    from warroom.db.uow import unit_of_work

    url, first_engine = engine_factory_url
    with unit_of_work(first_engine) as session:  # type: ignore[arg-type]
        queue.enqueue(session, "k", {"survives": True}, now=T0)
    restarted = make_engine(url)
    try:
        with unit_of_work(restarted) as session:
            jobs = session.scalars(select(Job)).all()
            assert [job.payload for job in jobs] == [{"survives": True}]
    finally:
        restarted.dispose()


@pytest.fixture
def engine_factory_url(engine: object) -> tuple[str, object]:
    from sqlalchemy import Engine

    assert isinstance(engine, Engine)
    return engine.url.render_as_string(hide_password=False), engine
