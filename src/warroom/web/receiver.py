"""Group commit for alert deliveries: one transaction acknowledges many requests.

Requests queue their bodies; a writer thread takes whatever is waiting (up to `batch`),
applies each delivery inside its own savepoint, commits once, and only then answers
every request in the batch. So a 2xx still means "committed", one failing delivery
rolls back only its savepoint, and under load the per-transaction cost (BEGIN
IMMEDIATE, COMMIT, WAL write, connection checkout) is shared instead of paid per
request. SQLite gets one writer (it has one write lock anyway); PostgreSQL a few.
"""

from __future__ import annotations

import asyncio
import queue
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from warroom.alerts.actions import Outcome, receive_delivery
from warroom.alerts.integrations import authenticate, hash_token
from warroom.alerts.models import Integration
from warroom.db.uow import unit_of_work
from warroom.web.state import AppState

TOKEN_CACHE_SECONDS = 5.0  # a revoked token stops working within this many seconds
IDLE_SECONDS = 5.0  # a writer with nothing to do exits; the next request starts one


@dataclass(slots=True)
class _Item:
    source: str
    token: str | None
    body: bytes
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[Outcome]


class Receiver:
    def __init__(self, state: AppState, *, batch: int = 64, writers: int | None = None) -> None:
        self.state = state
        self.batch = batch
        sqlite = state.engine.dialect.name == "sqlite"
        self.writers = writers or (1 if sqlite else 3)
        self._queue: queue.SimpleQueue[_Item] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._running = 0
        self._tokens: dict[str, tuple[float, Integration]] = {}

    async def submit(self, source: str, token: str | None, body: bytes) -> Outcome:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Outcome] = loop.create_future()
        self._queue.put(_Item(source, token, body, loop, future))
        self._ensure_writer()
        return await future

    def _ensure_writer(self) -> None:
        with self._lock:
            if self._running >= self.writers:
                return
            self._running += 1
        threading.Thread(target=self._run, name="alert-writer", daemon=True).start()

    def _run(self) -> None:
        try:
            while True:
                try:
                    first = self._queue.get(timeout=IDLE_SECONDS)
                except queue.Empty:
                    return
                items = [first]
                while len(items) < self.batch:
                    try:
                        items.append(self._queue.get_nowait())
                    except queue.Empty:
                        break
                self._write(items)
        finally:
            with self._lock:
                self._running -= 1
            if not self._queue.empty():
                self._ensure_writer()

    def _write(self, items: list[_Item]) -> None:
        results: list[Outcome | BaseException] = []
        try:
            with unit_of_work(self.state.engine) as session:
                for item in items:
                    results.append(self._apply(session, item))
        except Exception as exc:  # the commit failed: nobody in the batch is acknowledged
            results = [exc] * len(items)
        for item, result in zip(items, results, strict=True):
            item.loop.call_soon_threadsafe(_settle, item.future, result)

    def _apply(self, session: Session, item: _Item) -> Outcome | BaseException:
        try:
            with session.begin_nested():
                return receive_delivery(
                    session=session,
                    now=self.state.clock.now(),
                    policy=self.state.policy,
                    integration=self._authenticate(session, item.token),
                    source=item.source,
                    body=item.body,
                    new_dedup_key=lambda: uuid.uuid4().hex,
                )
        except Exception as exc:
            return exc

    def _authenticate(self, session: Session, token: str | None) -> Integration:
        key = hash_token(token or "")
        cached = self._tokens.get(key)
        now = time.monotonic()
        if cached is not None and cached[0] > now:
            return cached[1]
        integration = authenticate(session, token)
        session.expunge(integration)
        self._tokens[key] = (now + TOKEN_CACHE_SECONDS, integration)
        return integration


def _settle(future: asyncio.Future[Any], result: Any) -> None:
    if future.done():
        return
    if isinstance(result, BaseException):
        future.set_exception(result)
    else:
        future.set_result(result)
