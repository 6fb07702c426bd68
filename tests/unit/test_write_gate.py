"""The in-process write gate: shared per database, a lock on SQLite only, re-entrant.

Its promise: one writer at a time, and an urgent writer (the alert receiver) that is
waiting goes before every background writer (the applier) waiting with it. The
hammer tests below run many threads with a tiny thread switch interval.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from warroom.db.gate import WriteGate, gate_for, write_gate


def test_engines_on_one_sqlite_file_share_one_exclusive_gate(tmp_path: Path) -> None:
    first = create_engine(f"sqlite:///{tmp_path}/a.db")
    second = create_engine(f"sqlite:///{tmp_path}/a.db")
    other = create_engine(f"sqlite:///{tmp_path}/b.db")
    assert gate_for(first) is gate_for(second)
    assert gate_for(first) is not gate_for(other)
    assert gate_for(first).exclusive
    with write_gate(first, urgent=True), write_gate(second, urgent=False):  # re-entrant
        pass


def test_postgres_gets_no_lock() -> None:
    engine = create_engine("postgresql+psycopg://u@127.0.0.1:5432/gate_test_never_connected")
    assert not gate_for(engine).exclusive
    assert isinstance(write_gate(engine, urgent=False), nullcontext)


def _gate(tmp_path: Path) -> WriteGate:
    return gate_for(create_engine(f"sqlite:///{tmp_path}/hammer.db"))


def _started(target: Callable[[], None], name: str) -> threading.Thread:
    thread = threading.Thread(target=target, name=name, daemon=True)
    thread.start()
    return thread


def _until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 60
    while not condition():  # polling the gate's own state, bounded
        assert time.monotonic() < deadline, f"never: {what}"
        time.sleep(0.001)


@pytest.fixture
def fast_switching() -> Iterator[None]:
    """Switch threads every microsecond, so a check-then-act gap is hit, not skipped."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


def _handoff(gate: WriteGate) -> list[str]:
    """Hold the gate; queue 16 background writers and then one urgent; release; who is first?"""
    order: list[str] = []
    ready = threading.Barrier(17)

    def background(n: int) -> None:
        ready.wait()
        with gate.hold(urgent=False):
            order.append(f"background-{n}")

    def urgent() -> None:
        with gate.hold(urgent=True):
            order.append("urgent")

    with gate.hold(urgent=False):  # the applier's batch in progress
        threads = [_started(lambda n=n: background(n), f"bg-{n}") for n in range(16)]
        ready.wait()  # the background writers are at the gate, or about to be
        threads.append(_started(urgent, "urgent"))
        _until(lambda: gate.waiting_urgent == 1, "the receiver waits at the gate")
    for thread in threads:
        thread.join(60)
    assert len(order) == 17
    return order


@pytest.mark.usefixtures("fast_switching")
def test_a_waiting_urgent_writer_goes_before_every_waiting_background_writer(
    tmp_path: Path,
) -> None:
    gate = _gate(tmp_path)
    for _ in range(30):
        order = _handoff(gate)
        assert order[0] == "urgent", order[:3]


@pytest.mark.usefixtures("fast_switching")
def test_many_writers_hold_the_gate_one_at_a_time_and_all_get_through(tmp_path: Path) -> None:
    gate = _gate(tmp_path)
    inside: list[str] = []
    overlaps: list[tuple[str, ...]] = []
    entries: list[str] = []

    def writer(name: str, urgent: bool) -> None:
        for n in range(300):
            with gate.hold(urgent=urgent):
                inside.append(name)
                if len(inside) > 1:
                    overlaps.append(tuple(inside))
                if n % 10 == 0:  # a nested write in the same thread re-enters
                    with gate.hold(urgent=not urgent):
                        entries.append(name)
                entries.append(name)
                inside.remove(name)

    threads = [_started(lambda i=i: writer(f"u{i}", True), f"u{i}") for i in range(6)]
    threads += [_started(lambda i=i: writer(f"b{i}", False), f"b{i}") for i in range(6)]
    for thread in threads:
        thread.join(120)
    assert not any(t.is_alive() for t in threads), "a writer never got the gate"
    assert overlaps == []
    assert len(entries) == 12 * (300 + 30)
    assert gate.waiting_urgent == 0
    last = _started(lambda: writer("last", False), "last")  # released for good
    last.join(60)
    assert not last.is_alive()


def test_a_holder_re_enters_even_while_an_urgent_writer_waits(tmp_path: Path) -> None:
    gate = _gate(tmp_path)
    holding, nested = threading.Event(), threading.Event()

    def holder() -> None:
        with gate.hold(urgent=True):
            holding.set()
            _until(lambda: gate.waiting_urgent == 1, "another receiver waits")
            with gate.hold(urgent=False):  # a background write nested in the same thread
                nested.set()

    def receiver() -> None:
        with gate.hold(urgent=True):
            pass

    first = _started(holder, "holder")
    holding.wait(60)
    second = _started(receiver, "receiver")
    first.join(60)
    second.join(60)
    assert nested.is_set() and not first.is_alive()  # it used to wait for itself forever
    assert not second.is_alive()
