"""kill -9 the worker with 1,000 escalation steps pending, restart it (twice over: two
workers), and count at the receiver: every step's page arrives, none is lost.

The receiver is a real HTTP server (a Standard Webhooks endpoint) on loopback. A page
is "doubled" only if the kill fell between the receiver's answer and the commit that
records it; the worker then marks that attempt "unknown" and sends again with the same
webhook-id, which a Standard Webhooks receiver drops. The test checks both: distinct
webhook-ids == 1,000 (0 missed, 0 doubled after the receiver's dedup), and every raw
duplicate is explained by an attempt logged as "unknown".
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from tests.support.eventually import eventually
from tests.support.processes import ROOT
from tests.support.receivers import Recorder, http_recorder
from warroom.clock import SystemClock
from warroom.core.actor import Actor
from warroom.db.uow import read_session, unit_of_work
from warroom.incidents.actions import declare_incident
from warroom.incidents.policy import IncidentPolicy
from warroom.jobs import kinds
from warroom.jobs.models import Job
from warroom.notifications import contacts, policies
from warroom.notifications.context import Notifier
from warroom.notifications.directory import StaticDirectory
from warroom.notifications.models import Delivery, DeliveryAttempt
from warroom.worker import build_worker

pytestmark = pytest.mark.slow
INCIDENTS, STEPS = 100, 10  # 1,000 steps


class WorkerProcess:
    def __init__(self, db: str, log: Path) -> None:
        handle = log.open("ab")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.support.notify_worker",
                "--db",
                db,
                "--lease",
                "2",
                "--in-flight",
                "5",
            ],
            cwd=ROOT,
            stdout=handle,
            stderr=subprocess.STDOUT,
            env=os.environ | {"PYTHONPATH": str(ROOT)},
        )
        handle.close()

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)


@pytest.fixture
def sink() -> Iterator[Recorder]:
    with http_recorder() as recorder:
        yield recorder


def _prepare(engine: Engine, sink: Recorder) -> None:
    """1,000 step jobs pending: 100 P1 incidents on a 10-step policy paging channel:sink."""
    now = SystemClock().now()
    actor = Actor("alice")
    with unit_of_work(engine) as session:
        contacts.save_channel(
            session=session,
            actor=actor,
            now=now,
            name="sink",
            kind="webhook",
            config={"url": f"{sink.url}/hook"},
        )
        policies.save_policy(
            session=session,
            actor=actor,
            now=now,
            name="crash",
            severity="P1",
            steps=[{"at": 0, "targets": ["channel:sink"]}] * STEPS,
        )
        for n in range(INCIDENTS):
            declare_incident(
                session=session,
                actor=actor,
                now=now,
                policy=IncidentPolicy(),
                title=f"Crash {n}",
                severity="P1",
            )
    notifier = Notifier(secret_key="crash-test", directory=StaticDirectory({}))
    starter = build_worker(
        engine, clock=SystemClock(), policy=IncidentPolicy(), notifier=notifier, batch=50
    )
    starter.kinds = [kinds.PAGE]  # start paging only: the steps stay pending
    starter.drain()
    with read_session(engine) as session:
        pending = session.scalar(
            select(func.count())
            .select_from(Job)
            .where(Job.kind == kinds.STEP, Job.status == "queued")
        )
    assert pending == INCIDENTS * STEPS


def test_kill_9_with_1000_pending_steps_then_restart_misses_and_doubles_nothing(
    engine: Engine, sink: Recorder, tmp_path: Path
) -> None:
    _prepare(engine, sink)
    db = engine.url.render_as_string(hide_password=False)
    first = WorkerProcess(db, tmp_path / "worker-1.log")
    eventually(lambda: len(sink.at("/hook")) >= 150 or None, "the first pages sent")
    first.kill()  # mid-flight: steps running, sends in progress, leases held
    killed_at = len(sink.at("/hook"))
    assert killed_at < INCIDENTS * STEPS, "the kill came too late to test anything"
    time.sleep(0.5)
    restarted = [WorkerProcess(db, tmp_path / f"worker-{i}.log") for i in (2, 3)]
    try:
        eventually(
            lambda: len(set(sink.counts("webhook-id")) - {""}) >= INCIDENTS * STEPS or None,
            "every step's page at the receiver",
            bound=180,
        )

        def settled() -> bool:
            with read_session(engine) as session:
                waiting = session.scalar(
                    select(func.count()).select_from(Delivery).where(Delivery.state != "sent")
                )
            return waiting == 0

        eventually(settled, "every delivery recorded as sent", bound=60)
    finally:
        for worker in restarted:
            worker.stop()
    ids = sink.counts("webhook-id")
    assert len(ids) == INCIDENTS * STEPS  # 0 missed; 0 doubled once deduplicated by id
    raw_doubles = sum(n - 1 for n in ids.values())
    with read_session(engine) as session:
        unknown = session.scalar(
            select(func.count())
            .select_from(DeliveryAttempt)
            .where(DeliveryAttempt.status == "unknown")
        )
        sent = session.scalar(select(func.count()).select_from(Delivery))
    assert sent == INCIDENTS * STEPS
    assert raw_doubles <= (unknown or 0)  # only an interrupted attempt is ever resent
    print(
        f"kill -9 after {killed_at} pages; raw duplicates {raw_doubles}, "
        f"interrupted attempts {unknown}"
    )
