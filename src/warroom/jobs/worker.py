"""The job runner: claim due jobs, run each handler in its own unit of work, record the outcome.

Generic on purpose: it knows handlers only through the registry it is given, so it
imports no domain package. `warroom.worker` (the top layer) builds the registry and
`warroom serve` / `warroom worker` start it.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from warroom.clock import Clock
from warroom.db.uow import unit_of_work
from warroom.jobs import queue, rules
from warroom.jobs.models import Job

Handler = Callable[[Session, dict[str, Any]], None]
# A detached handler runs outside any transaction and opens its own short ones: for work
# that waits on the network (sending a page), which must not hold a database lock (on
# SQLite, the whole file's write lock) while it waits.
Detached = Callable[[Engine, dict[str, Any]], None]

log = logging.getLogger(__name__)


class LeaseLost(Exception):
    """The job's lease expired and another worker claimed it: this run must not count."""


class RetryAt(Exception):
    """Raised by a handler that failed and knows when to try again (HTTP 429 Retry-After)."""

    def __init__(self, at: datetime, error: str) -> None:
        super().__init__(error)
        self.at = at
        self.error = error


def default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class Worker:
    """Run jobs from the queue until stopped; `run_once` is the unit tests drive."""

    def __init__(
        self,
        engine: Engine,
        handlers: Mapping[str, Handler],
        *,
        clock: Clock,
        worker_id: str | None = None,
        lease: timedelta = queue.DEFAULT_LEASE,
        poll_interval: float = 1.0,
        batch: int = 1,
        kinds: list[str] | None = None,
        detached: Mapping[str, Detached] | None = None,
    ) -> None:
        self.engine = engine
        self.handlers = dict(handlers)
        self.detached = dict(detached or {})
        self.clock = clock
        self.worker_id = worker_id or default_worker_id()
        self.lease = lease
        self.poll_interval = poll_interval
        self.batch = batch
        self.kinds = kinds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self) -> int:
        """Claim up to `batch` due jobs and run them; return how many were claimed."""
        with unit_of_work(self.engine) as session:
            jobs = queue.claim(
                session,
                worker_id=self.worker_id,
                now=self.clock.now(),
                lease=self.lease,
                limit=self.batch,
                kinds=self.kinds,
            )
        for job in jobs:
            self._run(job)
        return len(jobs)

    def drain(self, max_rounds: int = 1000) -> int:
        """Run due jobs until none is left (bounded); return how many ran."""
        total = 0
        for _ in range(max_rounds):
            ran = self.run_once()
            if ran == 0:
                break
            total += ran
        return total

    def run(self) -> None:
        """Loop until `stop()`: sleep `poll_interval` whenever the queue is empty."""
        while not self._stop.is_set():
            try:
                ran = self.run_once()
            except Exception:
                log.exception("worker %s could not claim jobs; retrying", self.worker_id)
                ran = 0
            if ran == 0:
                self._stop.wait(self._idle_wait())

    def _idle_wait(self) -> float:
        """Sleep until the next job falls due, but at most `poll_interval` (new jobs)."""
        try:
            with unit_of_work(self.engine) as session:
                due = queue.next_due(session, kinds=self.kinds)
        except Exception:
            log.exception("worker %s could not read the next due time", self.worker_id)
            return self.poll_interval
        if due is None:
            return self.poll_interval
        wait = (due - self.clock.now()).total_seconds()
        return min(self.poll_interval, max(0.0, wait))

    def start(self) -> threading.Thread:
        """Run in a daemon thread (how `warroom serve` embeds the worker)."""
        self._stop.clear()
        self._thread = threading.Thread(target=self.run, name=f"worker-{self.worker_id}")
        self._thread.daemon = True
        self._thread.start()
        return self._thread

    def stop(self, timeout: float | None = 30.0) -> None:
        """Finish the job in hand, then return; its lease covers a stop that times out."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def _run(self, job: Job) -> None:
        handler = self.handlers.get(job.kind)
        detached = self.detached.get(job.kind)
        if handler is None and detached is None:
            self._fail(job, f"no handler registered for job kind {job.kind!r}")
            return
        try:
            with self._keep_lease(job):
                if detached is not None:
                    detached(self.engine, dict(job.payload))
                    with unit_of_work(self.engine) as session:
                        self._complete(session, job)
                    return
                assert handler is not None
                with unit_of_work(self.engine) as session:
                    handler(session, dict(job.payload))
                    self._complete(session, job)
        except LeaseLost:
            log.warning("job %s: lease lost to another worker; its result was discarded", job.id)
        except RetryAt as retry:
            self._fail(job, rules.short_error(retry), retry_at=retry.at)
        except Exception as exc:
            log.warning("job %s (%s) failed: %s", job.id, job.kind, exc)
            self._fail(job, rules.short_error(exc))

    def _complete(self, session: Session, job: Job) -> None:
        if not queue.complete(session, job.id, worker_id=self.worker_id, now=self.clock.now()):
            raise LeaseLost(job.id)

    def _fail(self, job: Job, error: str, retry_at: datetime | None = None) -> None:
        with unit_of_work(self.engine) as session:
            queue.fail(
                session,
                job.id,
                worker_id=self.worker_id,
                error=error,
                now=self.clock.now(),
                retry_at=retry_at,
            )

    @contextmanager
    def _keep_lease(self, job: Job) -> Iterator[None]:
        """Renew the lease in the background while a handler runs longer than a third of it."""
        done = threading.Event()
        interval = self.lease.total_seconds() / 3

        def renew() -> None:
            while not done.wait(interval):
                try:
                    with unit_of_work(self.engine) as session:
                        held = queue.renew(
                            session,
                            job.id,
                            worker_id=self.worker_id,
                            now=self.clock.now(),
                            lease=self.lease,
                        )
                except Exception:
                    log.exception("job %s: lease renewal failed", job.id)
                    continue
                if not held:
                    return

        keeper = threading.Thread(target=renew, name=f"lease-{job.id}", daemon=True)
        keeper.start()
        try:
            yield
        finally:
            done.set()
            keeper.join()
