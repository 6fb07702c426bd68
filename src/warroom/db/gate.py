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

_YIELD = 0.0005  # seconds a background writer waits while an urgent one is queued
BUSY_WINDOW = 0.05  # urgent writes this recent mean "a burst is on"


class WriteGate:
    def __init__(self, *, exclusive: bool) -> None:
        self.exclusive = exclusive
        self._lock = threading.RLock()
        self._urgent = 0
        self._count = threading.Lock()
        self._last_urgent = 0.0

    def busy(self) -> bool:
        return self._urgent > 0 or time.monotonic() - self._last_urgent < BUSY_WINDOW

    def hold(self, *, urgent: bool) -> AbstractContextManager[None]:
        if urgent:
            self._last_urgent = time.monotonic()
        if not self.exclusive:
            return nullcontext()
        return self._hold(urgent=urgent)

    @contextmanager
    def _hold(self, *, urgent: bool) -> Iterator[None]:
        if urgent:
            with self._count:
                self._urgent += 1
            try:
                self._lock.acquire()
            finally:
                with self._count:
                    self._urgent -= 1
        else:
            while self._urgent:
                time.sleep(_YIELD)
            self._lock.acquire()
        try:
            yield
        finally:
            self._lock.release()


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
