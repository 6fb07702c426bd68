"""Slow down password guessing: after a few failures a user name rests for a while.

Kept in memory per process (a restart forgets it); with several processes each keeps
its own count, which still caps guesses per minute. Keyed by user name and client
address, so one attacker cannot lock everyone else out of an account from elsewhere.
Sign-ins run in the server's thread pool: one lock guards the shared histories.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)


@dataclass
class LoginThrottle:
    failures: dict[tuple[str, str], deque[datetime]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def blocked(self, key: tuple[str, str], now: datetime) -> bool:
        with self._lock:
            return len(self._recent(key, now)) >= MAX_FAILURES

    def failed(self, key: tuple[str, str], now: datetime) -> None:
        with self._lock:
            self._recent(key, now).append(now)
            if len(self.failures) > 10_000:  # bound the memory a flood of names can take
                self.failures.clear()

    def succeeded(self, key: tuple[str, str]) -> None:
        with self._lock:
            self.failures.pop(key, None)

    def _recent(self, key: tuple[str, str], now: datetime) -> deque[datetime]:
        times = self.failures.setdefault(key, deque())
        while times and times[0] <= now - WINDOW:
            times.popleft()
        return times
