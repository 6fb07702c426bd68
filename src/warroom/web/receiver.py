"""Group commit for alert deliveries: one transaction acknowledges many requests.

Requests queue their bodies; a writer thread takes whatever is waiting (up to `batch`,
after a short bounded `linger` for more to arrive), authenticates each (tokens cached
for TOKEN_CACHE_SECONDS; a revocation committed in this process empties the cache at
once), validates it (`alerts.intake.check_delivery`: the checks that
decide 400 or 2xx), stores every body raw in one executemany, commits once, and only
then answers every request in the batch. So a 2xx means "stored durably", a 400 means
"stored as rejected with its reasons", and applying a delivery to its group happens
afterwards (`alerts.applier`, run by the worker). One writer per process: the work is
small, and ids then follow commit order, which is the order the applier uses.
"""

from __future__ import annotations

import asyncio
import queue
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from warroom.alerts.actions import Outcome
from warroom.alerts.intake import Checked, check_delivery, store_deliveries
from warroom.alerts.integrations import authenticate, hash_token, revocations
from warroom.alerts.models import Integration
from warroom.db.gate import write_gate
from warroom.db.uow import unit_of_work
from warroom.web.state import AppState

# A token revoked by another process (`warroom integration revoke`) stops working here
# within this many seconds; one revoked in this process stops at once.
TOKEN_CACHE_SECONDS = 5.0
IDLE_SECONDS = 5.0  # a writer with nothing to do exits; the next request starts one


@dataclass(slots=True)
class _Item:
    source: str
    token: str | None
    body: bytes
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[Outcome]


class Receiver:
    def __init__(
        self,
        state: AppState,
        *,
        batch: int = 256,
        writers: int = 1,
        linger: float = 0.001,
        token_ttl: float = TOKEN_CACHE_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.state = state
        self.batch = batch
        self.writers = writers
        self.linger = linger
        self.token_ttl = token_ttl
        self.monotonic = monotonic
        self._queue: queue.SimpleQueue[_Item] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._running = 0
        self._tokens: dict[str, tuple[float, int, Integration]] = {}

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
                self._write(self._gather(first))
        finally:
            with self._lock:
                self._running -= 1
            if not self._queue.empty():
                self._ensure_writer()

    def _gather(self, first: _Item) -> list[_Item]:
        """Take what is waiting, then wait up to `linger` for more (bounded group commit)."""
        items = [first]
        deadline = time.monotonic() + self.linger
        while len(items) < self.batch:
            try:
                items.append(self._queue.get_nowait())
                continue
            except queue.Empty:
                pass
            left = deadline - time.monotonic()
            if left <= 0:
                break
            try:
                items.append(self._queue.get(timeout=left))
            except queue.Empty:
                break
        return items

    def _write(self, items: list[_Item]) -> None:
        results: list[Outcome | BaseException] = []
        try:
            with (
                write_gate(self.state.engine, urgent=True),
                unit_of_work(self.state.engine) as session,
            ):
                checked = [self._check(session, item) for item in items]
                valid = [c for c in checked if isinstance(c, Checked)]
                ids = iter(store_deliveries(session, valid, now=self.state.clock.now()))
                results = [_outcome(c, next(ids)) if isinstance(c, Checked) else c for c in checked]
        except Exception as exc:  # the commit failed: nobody in the batch is acknowledged
            if len(items) > 1:  # one request's bad row must not fail the others: one by one
                for item in items:
                    self._write([item])
                return
            results = [exc]
        for item, result in zip(items, results, strict=True):
            item.loop.call_soon_threadsafe(_settle, item.future, result)

    def _check(self, session: Session, item: _Item) -> Checked | BaseException:
        try:
            return check_delivery(
                integration=self._authenticate(session, item.token),
                source=item.source,
                body=item.body,
                new_dedup_key=lambda: uuid.uuid4().hex,
            )
        except Exception as exc:  # an unknown token (403): nothing is stored
            return exc

    def _authenticate(self, session: Session, token: str | None) -> Integration:
        """Return the token's integration, from the cache while it is fresh.

        An entry is fresh for `token_ttl` seconds and only while no revocation has
        committed in this process since it was read (the generation is taken before
        the read, so an entry read just before a revocation is never trusted after).
        """
        generation = revocations()
        key = hash_token(token or "")
        cached = self._tokens.get(key)
        now = self.monotonic()
        if cached is not None and cached[0] > now and cached[1] == generation:
            return cached[2]
        integration = authenticate(session, token)
        session.expunge(integration)
        self._tokens[key] = (now + self.token_ttl, generation, integration)
        return integration


def _outcome(checked: Checked, delivery_id: int) -> Outcome:
    if checked.errors:
        return Outcome(delivery_id, "rejected", errors=checked.errors)
    return Outcome(
        delivery_id, "accepted", group_key=checked.group_key, external_key=checked.external_key
    )


def _settle(future: asyncio.Future[Any], result: Any) -> None:
    if future.done():
        return
    if isinstance(result, BaseException):
        future.set_exception(result)
    else:
        future.set_result(result)
