"""A delivery sender that behaves like Alertmanager: it retries until a 2xx acknowledges.

Used by the crash test (and shaped like the benchmark's load process): a few requests
in flight, every unacknowledged delivery retried after a short pause, all bounded.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import httpx

MAX_ATTEMPTS = 1200  # x RETRY_PAUSE bounds one delivery's retries to about a minute
RETRY_PAUSE = 0.05


@dataclass
class Sender:
    url: str
    token: str
    concurrency: int = 4
    acked: set[int] = field(default_factory=set)
    attempts: Counter[int] = field(default_factory=Counter)
    refused: dict[int, str] = field(default_factory=dict)
    progress: threading.Condition = field(default_factory=threading.Condition)

    def send_all(self, payloads: list[dict[str, Any]]) -> None:
        with ThreadPoolExecutor(self.concurrency) as pool:
            list(pool.map(self._deliver, range(len(payloads)), payloads))

    def wait_for_acks(self, count: int, bound: float = 60.0) -> None:
        with self.progress:
            if not self.progress.wait_for(lambda: len(self.acked) >= count, timeout=bound):
                raise AssertionError(f"only {len(self.acked)} of {count} acknowledgements came")

    def _deliver(self, index: int, payload: dict[str, Any]) -> None:
        body = json.dumps(payload).encode()
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
        with httpx.Client(timeout=10) as client:
            for _ in range(MAX_ATTEMPTS):
                self.attempts[index] += 1
                try:
                    response = client.post(self.url, content=body, headers=headers)
                except httpx.TransportError:
                    time.sleep(RETRY_PAUSE)
                    continue
                if response.status_code < 300:
                    with self.progress:
                        self.acked.add(index)
                        self.progress.notify_all()
                    return
                if response.status_code < 500:
                    self.refused[index] = response.text
                    return
                time.sleep(RETRY_PAUSE)
