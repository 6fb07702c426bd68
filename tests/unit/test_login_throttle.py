"""The login throttle is shared by the server's thread pool: hammer it from many threads.

Each sign-in runs in a worker thread and reads, trims and appends to the same per-name
history. Unlocked, threads trimming one history at once each dropped "the oldest
entry": failures recorded a moment ago were lost (as few as 1 of 8 kept, so a guesser
was never blocked), or the drop hit an empty history (an error page).
"""

from __future__ import annotations

import sys
import threading
import time
from collections import deque
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from warroom.web.throttle import WINDOW, LoginThrottle

T0 = datetime(2026, 11, 22, 5, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fast_switching() -> Iterator[None]:
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


class _Yielding(deque[datetime]):
    """A history that lets other threads run while its oldest entry is being looked at.

    It widens the gap between "the oldest failure has expired" and "drop it" from a few
    bytecodes to a thread switch, so the hammer hits it every round instead of rarely.
    """

    def __getitem__(self, index: Any) -> Any:
        value = super().__getitem__(index)
        time.sleep(0)  # releases the GIL: the value read may be stale when it is used
        return value


def test_threads_trimming_one_history_at_once_never_lose_a_recent_failure() -> None:
    """Each round: one expired failure, then 8 threads fail at once (each trims first)."""
    throttle = LoginThrottle()
    key = ("alice", "203.0.113.7")
    threads_n, rounds = 8, 400
    start = threading.Barrier(threads_n)
    errors: list[BaseException] = []
    kept: list[int] = []

    def guess() -> None:
        for r in range(rounds):
            now = T0 + (WINDOW * 2) * r
            try:
                if start.wait() == 0:  # one thread per round reads the last round's result
                    kept.append(len(throttle.failures.get(key, ())))
                    throttle.failures[key] = _Yielding([now - WINDOW])  # expired by now
                start.wait()
                throttle.failed(key, now)
            except BaseException as exc:  # surfaced below
                errors.append(exc)
                start.abort()
                return

    threads = [threading.Thread(target=guess) for _ in range(threads_n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert [e for e in errors if not isinstance(e, threading.BrokenBarrierError)] == []
    assert set(kept[1:]) == {threads_n}  # every failure of every round was kept
