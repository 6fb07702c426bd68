"""Enqueue, claim, complete and fail jobs; every function runs in the caller's transaction.

`enqueue` is called by actions, so the job commits (or rolls back) with the change that
caused it: no job is ever visible for work that did not happen. The worker calls the
rest, each inside its own `unit_of_work`.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, text, update
from sqlalchemy.orm import Session

from warroom.db import dialect
from warroom.jobs import rules
from warroom.jobs.models import _UNFINISHED_SQL, Job, JobStatus

DEFAULT_LEASE = timedelta(seconds=60)
DEFAULT_MAX_ATTEMPTS = 10


def enqueue(
    session: Session,
    kind: str,
    payload: dict[str, Any],
    *,
    now: datetime,
    dedupe_key: str | None = None,
    run_at: datetime | None = None,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    scope: str | None = None,
) -> Job | None:
    """Add a job to the caller's transaction; return None when `dedupe_key` is pending.

    A key is pending while a job with it is queued, running or waiting to retry; once
    that job is done or dead the same key can be enqueued again.
    """
    values: dict[str, Any] = {
        "kind": kind,
        "payload": payload,
        "status": JobStatus.QUEUED.value,
        "attempts": 0,
        "max_attempts": max_attempts,
        "run_at": run_at or now,
        "created_at": now,
        "dedupe_key": dedupe_key,
        "scope": scope,
    }
    if dedupe_key is None:
        job = Job(**values)
        session.add(job)
        return job
    job_id = dialect.insert_unless_conflict(
        session,
        Job.__table__,
        values,
        index_elements=["dedupe_key"],
        index_where=text(_UNFINISHED_SQL),
    )
    return None if job_id is None else session.get(Job, job_id)


def claim(
    session: Session,
    *,
    worker_id: str,
    now: datetime,
    lease: timedelta = DEFAULT_LEASE,
    limit: int = 1,
    kinds: Sequence[str] | None = None,
) -> list[Job]:
    """Take up to `limit` due jobs for `worker_id` until `now + lease`; oldest first.

    Due means queued or failed with `run_at <= now`, or running with an expired lease
    (its worker crashed or hung). Each claim counts as an attempt. Commit promptly:
    on PostgreSQL the rows stay locked until then, though other workers skip them.
    """
    _bury_expired(session, now=now)
    due = or_(
        and_(Job.status.in_([JobStatus.QUEUED, JobStatus.FAILED]), Job.run_at <= now),
        and_(Job.status == JobStatus.RUNNING, Job.locked_until < now),
    )
    candidates = select(Job.id).where(due).order_by(Job.run_at, Job.id).limit(limit)
    if kinds is not None:
        candidates = candidates.where(Job.kind.in_(list(kinds)))
    candidates = dialect.skip_locked(candidates, session)
    statement = (
        update(Job)
        .where(Job.id.in_(candidates.scalar_subquery()))
        .values(
            status=JobStatus.RUNNING,
            attempts=Job.attempts + 1,
            locked_by=worker_id,
            locked_until=now + lease,
        )
        .returning(Job)
        .execution_options(synchronize_session=False, populate_existing=True)
    )
    jobs = list(session.scalars(statement))
    return sorted(jobs, key=lambda job: (job.run_at, job.id))


def renew(
    session: Session, job_id: int, *, worker_id: str, now: datetime, lease: timedelta
) -> bool:
    """Extend the lease of a job this worker still holds; False means it was lost."""
    result = session.execute(_held(job_id, worker_id).values(locked_until=now + lease))
    return _changed(result)


def complete(session: Session, job_id: int, *, worker_id: str, now: datetime) -> bool:
    """Mark a held job done; False when the lease was lost and another worker owns it."""
    result = session.execute(
        _held(job_id, worker_id).values(
            status=JobStatus.DONE, finished_at=now, locked_by=None, locked_until=None
        )
    )
    return _changed(result)


def fail(
    session: Session,
    job_id: int,
    *,
    worker_id: str,
    error: str,
    now: datetime,
    jitter: float | None = None,
    retry_at: datetime | None = None,
) -> JobStatus | None:
    """Record a failed attempt: retry after a backoff, or dead when out of attempts.

    `retry_at` replaces the backoff when the failure said when to come back (an HTTP
    429's Retry-After). Returns the new status, or None when this worker no longer
    holds the job.
    """
    job = session.get(Job, job_id, populate_existing=True)
    if job is None or job.status != JobStatus.RUNNING or job.locked_by != worker_id:
        return None
    job.last_error = error
    job.locked_by = None
    job.locked_until = None
    if job.attempts >= job.max_attempts:
        job.status = JobStatus.DEAD
        job.finished_at = now
        return JobStatus.DEAD
    spread = random.random() if jitter is None else jitter  # noqa: S311 - not crypto
    job.status = JobStatus.FAILED
    job.run_at = retry_at or now + rules.backoff(job.attempts, jitter=spread)
    return JobStatus.FAILED


def cancel(session: Session, *, scope: str, now: datetime) -> int:
    """Cancel the jobs of `scope` that have not started; return how many.

    Runs in the caller's transaction, so the cancellation commits with its cause (an
    acknowledgement). A job already running finishes; its handler re-checks the cause.
    """
    result: Any = session.execute(
        update(Job)
        .where(Job.scope == scope, Job.status.in_([JobStatus.QUEUED, JobStatus.FAILED]))
        .values(status=JobStatus.CANCELLED, finished_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)


def settle(
    session: Session, *, dedupe_key: str, now: datetime, retry_at: datetime | None = None
) -> None:
    """Finish (or, with `retry_at`, reschedule) a waiting job whose work was done inline.

    For work a handler did at once that also has a job as its durable fallback (a page
    handed over right after the step that created it): the fallback must not run too.
    """
    values: dict[str, Any] = (
        {"run_at": retry_at} if retry_at else {"status": JobStatus.DONE, "finished_at": now}
    )
    session.execute(
        update(Job)
        .where(Job.dedupe_key == dedupe_key, Job.status.in_([JobStatus.QUEUED, JobStatus.FAILED]))
        .values(**values)
        .execution_options(synchronize_session=False)
    )


def next_due(session: Session, *, kinds: Sequence[str] | None = None) -> datetime | None:
    """When the earliest waiting job falls due (the worker sleeps until then)."""
    query = select(func.min(Job.run_at)).where(Job.status.in_([JobStatus.QUEUED, JobStatus.FAILED]))
    if kinds is not None:
        query = query.where(Job.kind.in_(list(kinds)))
    value: datetime | None = session.scalar(query)
    return value


def counts(session: Session) -> dict[str, int]:
    """Return the number of jobs per status (for `warroom worker status` and health)."""
    rows = session.execute(select(Job.status, func.count()).group_by(Job.status))
    return {str(status): int(n) for status, n in rows}


def _bury_expired(session: Session, *, now: datetime) -> None:
    """Mark dead the jobs whose last allowed attempt crashed (lease expired)."""
    session.execute(
        update(Job)
        .where(
            Job.status == JobStatus.RUNNING,
            Job.locked_until < now,
            Job.attempts >= Job.max_attempts,
        )
        .values(
            status=JobStatus.DEAD,
            finished_at=now,
            locked_by=None,
            locked_until=None,
            last_error=func.coalesce(Job.last_error, "lease expired on the last attempt"),
        )
        .execution_options(synchronize_session=False)
    )


def _held(job_id: int, worker_id: str) -> Any:
    return (
        update(Job)
        .where(Job.id == job_id, Job.status == JobStatus.RUNNING, Job.locked_by == worker_id)
        .execution_options(synchronize_session=False)
    )


def _changed(result: Any) -> bool:
    return bool(result.rowcount == 1)
