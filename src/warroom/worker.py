"""The job handlers warroom runs, the delivery applier, and what `serve` and `worker` start.

Top layer on purpose: it imports the domain packages whose handlers it registers, so
`warroom.jobs` (the queue and the generic runner) stays below them.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from warroom.clock import Clock, SystemClock
from warroom.config import Settings
from warroom.db.gate import gate_for, write_gate
from warroom.db.uow import unit_of_work
from warroom.incidents.policy import IncidentPolicy
from warroom.jobs.worker import Detached, Handler, Worker
from warroom.notifications.context import Notifier
from warroom.notifications.ports import OnCallDirectory

if TYPE_CHECKING:
    from warroom.alerts.actions import Outcome

log = logging.getLogger(__name__)
APPLIER_POLL = 0.05  # seconds between looks at an empty backlog: the ack-to-incident delay
SQLITE_BATCH = 8
# A delivery with more alerts than this is applied one chunk per transaction, so the
# write lock (SQLite) and the GIL are handed back between chunks (issue 21: one
# 10,000-alert delivery held the lock for 34 s, and every acknowledgement waited).
SQLITE_CHUNK = 20
POSTGRES_CHUNK = 100
# While the receiver in the same process is busy, the applier pauses up to this many
# times as long as each batch took, in proportion to the share of the last cycle that
# the receiver's writers spent holding the gate (the load actually there): during a
# saturating burst it uses about 1/(1 + ratio) of a core (the GIL is shared with
# request handling); with 1 request/s it barely pauses at all.
YIELD_RATIO = 2.0
MAX_YIELD = 1.0  # seconds: never pause longer than this between batches


def yield_pause(*, batch: float, cycle: float, urgent: float, ratio: float) -> float:
    """How long the applier leaves the receiver alone after a batch of `batch` seconds.

    `urgent` is how long the receiver's writers held the gate (their work) during the
    last cycle of `cycle` seconds (the previous pause plus this batch).
    """
    if batch <= 0 or cycle <= 0 or urgent <= 0:
        return 0.0
    share = min(1.0, urgent / cycle)
    return min(MAX_YIELD, batch * ratio * share)


def build_notifier(
    settings: Settings,
    *,
    clock: Clock,
    directory: OnCallDirectory | None = None,
    transports: dict[str, Any] | None = None,
) -> Notifier:
    """The notification engine's settings and ports, as `serve` and `worker` run it.

    `directory` is the on-call lookup; by default the schedules of `warroom.oncall`.
    """
    from warroom.core.secret import load_secret
    from warroom.integrations.channels.registry import build_transports

    return Notifier.from_settings(
        settings,
        secret_key=settings.secret_key or load_secret(settings.data_dir),
        transports=build_transports(settings.notify) if transports is None else transports,
        directory=directory,
        clock=clock,
    )


def notification_handlers(notifier: Notifier) -> tuple[dict[str, Handler], dict[str, Detached]]:
    """Paging, steps, reminders and announcements in a transaction; sending detached."""
    from warroom.jobs import kinds
    from warroom.notifications import dispatch, engine

    def page(session: Session, payload: dict[str, Any]) -> None:
        engine.start_paging(session, notifier, incident_id=str(payload["incident"]))

    def step(engine_: Engine, payload: dict[str, Any]) -> None:
        """Page a step, then hand its deliveries over at once (their jobs are the fallback)."""
        with unit_of_work(engine_) as session:
            due_now = engine.run_step(
                session,
                notifier,
                run_id=int(payload["run"]),
                step=int(payload["step"]),
                repeat=int(payload["repeat"]),
                inline=True,
            )
        for delivery_id in due_now:
            dispatch.deliver(engine_, notifier, delivery_id, inline=True)

    def event(session: Session, payload: dict[str, Any]) -> None:
        update = payload.get("update")
        engine.incident_event(
            session,
            notifier,
            incident_id=str(payload["incident"]),
            event=str(payload["event"]),
            update_id=int(update) if update is not None else None,
        )

    def remind(session: Session, payload: dict[str, Any]) -> None:
        engine.remind(session, notifier, incident_id=str(payload["incident"]))

    def send(engine_: Engine, payload: dict[str, Any]) -> None:
        dispatch.deliver(engine_, notifier, int(payload["delivery"]))

    in_transaction: dict[str, Handler] = {
        kinds.PAGE: page,
        kinds.INCIDENT_EVENT: event,
        kinds.REMIND: remind,
    }
    return in_transaction, {kinds.STEP: step, kinds.SEND: send}


def handlers(*, clock: Clock, policy: IncidentPolicy) -> dict[str, Handler]:
    """Map alert and hand-over job kinds to handlers (paging: `notification_handlers`)."""
    from datetime import datetime

    from warroom import handover
    from warroom.alerts import episodes
    from warroom.oncall.actions import HANDOVER_JOB

    def escalate(session: Session, payload: dict[str, Any]) -> None:
        episodes.escalate(
            session=session,
            now=clock.now(),
            policy=policy,
            group_id=int(payload["group_id"]),
            number=int(payload["episode"]),
        )

    def hand_over(session: Session, payload: dict[str, Any]) -> None:
        handover.deliver(
            session=session,
            now=clock.now(),
            schedule=str(payload["schedule"]),
            at=datetime.fromisoformat(str(payload["at"])),
        )

    return {episodes.ESCALATE_JOB: escalate, HANDOVER_JOB: hand_over}


def build_worker(
    engine: Engine,
    *,
    clock: Clock,
    policy: IncidentPolicy,
    notifier: Notifier | None = None,
    poll_interval: float = 1.0,
    batch: int = 10,
    worker_id: str | None = None,
) -> Worker:
    """The job worker; with `notifier` it also pages and sends (what `serve` runs)."""
    jobs = handlers(clock=clock, policy=policy)
    detached: dict[str, Detached] = {}
    if notifier is not None:
        paging, detached = notification_handlers(notifier)
        jobs |= paging
    return Worker(
        engine,
        jobs,
        clock=clock,
        poll_interval=poll_interval,
        batch=batch,
        detached=detached,
        worker_id=worker_id,
    )


class Applier:
    """Apply stored alert deliveries in batches until stopped (a thread or the foreground).

    Each batch is one unit of work: claim, apply, mark, commit. It polls the backlog
    every `poll_interval` seconds while it is empty and loops while not, yielding to
    the receiver of its own process during a burst (`YIELD_RATIO`). `clock` times the
    retries of deliveries that failed (`alerts.rules.RetryPolicy`).
    """

    def __init__(
        self,
        engine: Engine,
        *,
        policy: IncidentPolicy,
        clock: Clock | None = None,
        batch: int | None = None,
        poll_interval: float = APPLIER_POLL,
        yield_ratio: float = YIELD_RATIO,
        chunk: int | None = None,
    ) -> None:
        self.engine = engine
        self.policy = policy
        self.clock = clock or SystemClock()
        self.poll_interval = poll_interval
        self.yield_ratio = yield_ratio
        self.gate = gate_for(engine)
        # SQLite has one write lock for the whole file: a batch holds it until it commits,
        # and the receivers' inserts wait for it, so keep SQLite batches short (~30 ms).
        # On PostgreSQL a batch locks only its own rows: larger batches cost nothing.
        sqlite = engine.dialect.name == "sqlite"
        self.batch = batch or (SQLITE_BATCH if sqlite else 200)
        self.chunk = chunk or (SQLITE_CHUNK if sqlite else POSTGRES_CHUNK)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self) -> int:
        """Apply one batch; return how many deliveries (or chunks of one) it took."""
        return len(self._batch())

    def _batch(self) -> list[Outcome]:
        from warroom.alerts.applier import apply_pending

        with write_gate(self.engine, urgent=False), unit_of_work(self.engine) as session:
            return apply_pending(
                session=session,
                policy=self.policy,
                now=self.clock.now(),
                limit=self.batch,
                chunk=self.chunk,
            )

    def drain(self, max_rounds: int = 10_000) -> int:
        """Apply until the backlog is empty (bounded); return how many were finished."""
        from warroom.alerts.actions import PARTIAL

        total = 0
        for _ in range(max_rounds):
            done = self._batch()
            if not done:
                break
            total += sum(outcome.status != PARTIAL for outcome in done)
        return total

    def run(self) -> None:
        cycle_start, urgent_start = time.monotonic(), self.gate.urgent_seconds
        while not self._stop.is_set():
            started = time.monotonic()
            try:
                done = self.run_once()
            except Exception:
                log.exception("the delivery applier failed a batch; retrying")
                done = 0
            now, urgent = time.monotonic(), self.gate.urgent_seconds
            pause = yield_pause(
                batch=now - started,
                cycle=now - cycle_start,
                urgent=urgent - urgent_start,
                ratio=self.yield_ratio,
            )
            cycle_start, urgent_start = now, urgent
            if done == 0:
                self._stop.wait(self.poll_interval)
            elif pause > 0 and self.gate.busy():  # leave the busy receiver the CPU and lock
                self._stop.wait(pause)

    def start(self) -> threading.Thread:
        self._stop.clear()
        self._thread = threading.Thread(target=self.run, name="alert-applier", daemon=True)
        self._thread.start()
        return self._thread

    def stop(self, timeout: float | None = 30.0) -> None:
        """Finish the batch in hand (its transaction commits or rolls back), then return."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None


class Background:
    """The job worker and the delivery applier, started and stopped together (`serve`)."""

    def __init__(
        self,
        engine: Engine,
        *,
        clock: Clock,
        policy: IncidentPolicy,
        notifier: Notifier | None = None,
    ) -> None:
        # A short poll: a page enqueued by a request should leave within a fraction of a
        # second; an idle worker costs one indexed query per poll.
        self.jobs = build_worker(
            engine, clock=clock, policy=policy, notifier=notifier, poll_interval=0.25
        )
        self.applier = Applier(engine, policy=policy, clock=clock)

    def start(self) -> None:
        self.applier.start()
        self.jobs.start()

    def stop(self) -> None:
        self.applier.stop()
        self.jobs.stop()
