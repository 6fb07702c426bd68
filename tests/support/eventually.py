"""Wait for an asynchronous peer (a server, Alertmanager) to reach a state; bounded, not timed."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
BOUND = 60.0  # generous: the assertion is about the state reached, never about speed


def eventually(check: Callable[[], T | None], what: str, *, bound: float = BOUND) -> T:
    deadline = time.monotonic() + bound
    last: T | None = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(0.1)
    raise AssertionError(f"never happened: {what} (last seen: {last!r})")
