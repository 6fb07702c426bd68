"""Interleave two real transactions at a chosen point, without sleeping as synchronisation.

A race needs both transactions past their checks before either commits. `Party.arrive`
marks that a transaction reached the point (in a hook inside the code under test);
`Party.wait_for(other)` then blocks until the other one has arrived too, has finished,
or waits for a lock (PostgreSQL's `pg_stat_activity` says so): code that serialises
the two correctly makes the other one wait for a lock, and the waiting one goes on
instead of waiting forever. On SQLite writers are serialised by the database (one
`BEGIN IMMEDIATE` at a time), so the other one cannot be inside its transaction: there
is nothing to wait for.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

BOUND = 60.0  # generous: a bound for a test that would otherwise hang, not a timing


@dataclass
class Party:
    name: str
    engine: Engine
    arrived: threading.Event = field(default_factory=threading.Event)
    done: threading.Event = field(default_factory=threading.Event)
    pid: int | None = None
    registered: threading.Event = field(default_factory=threading.Event)

    @property
    def postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def register(self, session: Session) -> None:
        """Call first inside the transaction: remember its server process."""
        if self.postgres:
            self.pid = int(session.execute(text("SELECT pg_backend_pid()")).scalar_one())
        self.registered.set()

    def arrive(self) -> None:
        self.arrived.set()

    def wait_for(self, other: Party) -> str:
        """Return how `other` stands: arrived, done, waiting for a lock, or serialised."""
        if not self.postgres:
            return "serialised"
        deadline = time.monotonic() + BOUND
        while time.monotonic() < deadline:
            if other.arrived.is_set():
                return "arrived"
            if other.done.is_set():
                return "done"
            if other.pid is not None and _waits_for_lock(self.engine, other.pid):
                return "waiting for a lock"
            time.sleep(0.005)  # polling the server's view, not waiting for time to pass
        raise AssertionError(f"{other.name} neither arrived, finished nor waited for a lock")


def _waits_for_lock(engine: Engine, pid: int) -> bool:
    with engine.connect() as conn:  # a fresh snapshot of pg_stat_activity each time
        wait = conn.execute(
            text("SELECT wait_event_type FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}
        ).scalar()
    return wait == "Lock"


def run_both(*targets: tuple[Party, Callable[[], object]]) -> list[BaseException]:
    """Run each party's callable in its own thread; return what they raised."""
    errors: list[BaseException] = []

    def run(party: Party, target: Callable[[], object]) -> None:
        try:
            target()
        except BaseException as exc:  # collected for the test's assertions
            errors.append(exc)
        finally:
            party.done.set()

    threads = [threading.Thread(target=run, args=pair, name=pair[0].name) for pair in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(BOUND)
    assert not any(t.is_alive() for t in threads), "a party never finished"
    return errors
