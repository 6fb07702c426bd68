"""Coordinate, inside one process, the alert receiver (urgent) and the applier (background).

Both write all the time. On SQLite they share one write lock per file, and a writer
that finds it taken sleeps in SQLite's busy handler (1, 2, 5 … 100 ms steps), so a
receiver committing between an applier's back-to-back batches could wait far longer
than the batch it waits for: here a Python lock hands the write lock over at once, and
an urgent holder goes first. On every database they also share the process's CPU (the
GIL): `busy()` tells a background writer that urgent ones were active a moment ago, so
it can leave them room (the applier then runs at a fraction of a core during a burst
and catches up after it). PostgreSQL locks rows, not the database: no lock there.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext

from sqlalchemy import Engine

BUSY_WINDOW = 0.05  # urgent writes this recent mean "a burst is on"


class WriteGate:
    """A re-entrant lock in which a waiting urgent writer always goes before a background one.

    One condition guards the owner and the count of urgent writers waiting, so "no
    urgent writer waits" is checked and the lock taken in one step: an urgent writer
    that registers a moment after that check finds the lock taken and is next. (The
    earlier version checked, then acquired, and a receiver could queue in between.)
    """

    def __init__(self, *, exclusive: bool) -> None:
        self.exclusive = exclusive
        self._turn = threading.Condition(threading.Lock())
        self._owner: int | None = None
        self._depth = 0
        self._urgent = 0  # urgent writers waiting for the lock
        self._last_urgent = 0.0
        self._urgent_seconds = 0.0  # urgent writers' time holding the gate

    @property
    def waiting_urgent(self) -> int:
        return self._urgent

    def busy(self) -> bool:
        return self._urgent > 0 or time.monotonic() - self._last_urgent < BUSY_WINDOW

    @property
    def urgent_seconds(self) -> float:
        """Seconds urgent writers spent holding the gate (their work), since start.

        The load that was actually there: a background writer compares it with the
        wall time of its last cycle to decide how long to leave the CPU and the lock.
        (Time spent waiting for the lock is not counted: counting it made the applier
        pause in proportion to its own batches whenever a request came in.)
        """
        return self._urgent_seconds

    def hold(self, *, urgent: bool) -> AbstractContextManager[None]:
        if urgent:
            self._last_urgent = time.monotonic()
            return self._timed(self._hold(urgent=True) if self.exclusive else nullcontext())
        if not self.exclusive:
            return nullcontext()
        return self._hold(urgent=urgent)

    @contextmanager
    def _timed(self, inner: AbstractContextManager[None]) -> Iterator[None]:
        with inner:  # the wait for the lock is not work: only the time holding it counts
            started = time.monotonic()
            try:
                yield
            finally:
                self._urgent_seconds += time.monotonic() - started  # one writer: no race
                self._last_urgent = time.monotonic()

    @contextmanager
    def _hold(self, *, urgent: bool) -> Iterator[None]:
        self._acquire(urgent=urgent)
        try:
            yield
        finally:
            self._release()

    def _acquire(self, *, urgent: bool) -> None:
        me = threading.get_ident()
        with self._turn:
            if self._owner == me:  # re-entrant: the holder never waits for itself
                self._depth += 1
                return
            if urgent:
                self._urgent += 1
                try:
                    self._turn.wait_for(lambda: self._owner is None)
                finally:
                    self._urgent -= 1
            else:
                self._turn.wait_for(lambda: self._owner is None and self._urgent == 0)
            self._owner, self._depth = me, 1

    def _release(self) -> None:
        with self._turn:
            self._depth -= 1
            if self._depth == 0:
                self._owner = None
                self._turn.notify_all()


_gates: dict[str, WriteGate] = {}
_gates_lock = threading.Lock()


def gate_for(engine: Engine) -> WriteGate:
    """The process's gate for `engine`'s database (every engine on it shares it)."""
    key = engine.url.render_as_string(hide_password=True)
    with _gates_lock:
        return _gates.setdefault(key, WriteGate(exclusive=engine.dialect.name == "sqlite"))


def write_gate(engine: Engine, *, urgent: bool) -> AbstractContextManager[None]:
    """Hold the gate around one write transaction (a lock on SQLite only)."""
    return gate_for(engine).hold(urgent=urgent)
