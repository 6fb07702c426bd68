"""Apply stored deliveries: oldest first, in delivery order per group, each exactly once.

The receivers answer once a delivery is stored (`alerts.intake`); this is where it
becomes groups, alerts, incidents and timeline entries, through the same
`actions.apply_delivery` an inline call uses. A batch is claimed in the caller's
transaction and marked applied in it, so the claim, the changes and the marker
commit together: a crash before the commit leaves the deliveries pending, and the
next run applies them. On PostgreSQL several appliers can run: the claim is
`FOR UPDATE SKIP LOCKED`, and a delivery whose group has an earlier delivery still
pending outside this batch (held by another applier) waits for a later batch, so a
group's deliveries are applied in id order. SQLite has one writer at a time anyway.

Faults: each delivery is applied in its own savepoint, so one that fails (a database
error included) is undone alone and the batch goes on. It counts an attempt and waits
a backoff (`rules.RetryPolicy`); meanwhile its group's later deliveries wait too (a
resolve must not overtake its firing). The attempt that reaches the limit moves it to
the dead letters (`failed`), and its group's later deliveries go on: they carry the
group's newer state, and holding a live group back for a broken delivery would hide
an outage. An operator sends a dead letter back with `actions.retry_delivery`.

Lock order: a batch locks all its groups' rows (by key) before applying any delivery,
so it never holds an incident-id counter while waiting for a group that the
escalation job (`episodes.escalate`: group, then counter) already holds.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from warroom.alerts.actions import PARTIAL, Outcome, apply_delivery
from warroom.alerts.intake import PENDING
from warroom.alerts.models import AlertGroup, Delivery, Integration
from warroom.alerts.rules import DEAD_LETTER, DEFAULT_RETRY, RetryPolicy
from warroom.db import dialect
from warroom.incidents.policy import IncidentPolicy

DEFAULT_BATCH = 200
RETRY = "retry"  # an Outcome status: failed this time, tried again after the backoff
KEPT_ERRORS = 10  # the latest attempts' errors kept on the row
log = logging.getLogger(__name__)


def apply_pending(
    *,
    session: Session,
    policy: IncidentPolicy,
    now: datetime,
    limit: int = DEFAULT_BATCH,
    retry: RetryPolicy = DEFAULT_RETRY,
    chunk: int | None = None,
) -> list[Outcome]:
    """Claim up to `limit` due pending deliveries and apply them, one savepoint each.

    Never commits. A delivery whose application raises is rolled back to its
    savepoint and counts an attempt (`retry`, or `failed` at the last one); the
    others go on. With `chunk`, a delivery of more alerts than that is applied one
    chunk per batch (`partial`), so a batch's transaction (and on SQLite the write
    lock) stays short; the other groups' deliveries of the batch go on, its own group's
    wait, and the next batch picks it up again first.
    """
    claimed = _in_group_order(session, _claim(session, limit, now))
    _lock_groups(session, claimed)
    outcomes: list[Outcome] = []
    waiting: set[str] = set()  # groups whose earlier delivery waits for its retry
    for delivery in claimed:
        if delivery.group_key in waiting:
            continue
        outcome = _apply_one(session, policy, delivery, now, retry, chunk)
        if outcome.status in (RETRY, PARTIAL):  # its group's later deliveries wait
            waiting.add(delivery.group_key)
        outcomes.append(outcome)
    return outcomes


def pending_count(session: Session) -> int:
    """How many stored deliveries wait for the applier (the backlog, retries included)."""
    return _count(session, PENDING)


def failed_count(session: Session) -> int:
    """How many deliveries are dead letters (failed every attempt; an operator decides)."""
    return _count(session, DEAD_LETTER)


def _count(session: Session, status: str) -> int:
    query = select(func.count()).select_from(Delivery).where(Delivery.status == status)
    return int(session.scalar(query) or 0)


def _claim(session: Session, limit: int, now: datetime) -> list[Delivery]:
    """The oldest due pending deliveries, none of a group that waits for a retry."""
    waiting = select(Delivery.group_key).where(
        Delivery.status == PENDING, Delivery.next_attempt_at > now
    )
    query = (
        select(Delivery)
        .where(
            Delivery.status == PENDING,
            or_(Delivery.next_attempt_at.is_(None), Delivery.next_attempt_at <= now),
            Delivery.group_key.not_in(waiting),
        )
        .order_by(Delivery.id)
        .limit(limit)
    )
    return list(session.scalars(dialect.skip_locked(query, session)))


def _in_group_order(session: Session, claimed: Sequence[Delivery]) -> list[Delivery]:
    """Keep, per group, only the claimed deliveries before its first one held elsewhere."""
    if not claimed:
        return []
    mine = {d.id for d in claimed}
    keys = sorted({d.group_key for d in claimed})
    barrier: dict[str, int] = {}
    rows = session.execute(
        select(Delivery.group_key, Delivery.id).where(
            Delivery.status == PENDING,
            Delivery.group_key.in_(keys),
            Delivery.id < max(mine),
        )
    )
    for key, delivery_id in rows:
        if delivery_id not in mine:
            barrier[key] = min(barrier.get(key, delivery_id), delivery_id)
    return [d for d in claimed if d.id < barrier.get(d.group_key, d.id + 1)]


def _lock_groups(session: Session, claimed: Sequence[Delivery]) -> None:
    """Lock every existing group of the batch, in key order, before any other lock."""
    keys = sorted({d.group_key for d in claimed})
    if keys:
        query = select(AlertGroup.id).where(AlertGroup.key.in_(keys)).order_by(AlertGroup.key)
        session.execute(query.with_for_update()).all()


def _apply_one(  # noqa: PLR0917 -- a private step of apply_pending, called once
    session: Session,
    policy: IncidentPolicy,
    delivery: Delivery,
    now: datetime,
    retry: RetryPolicy,
    chunk: int | None,
) -> Outcome:
    try:
        with session.begin_nested():
            integration = session.get_one(Integration, delivery.integration_id)
            outcome = apply_delivery(
                session=session,
                policy=policy,
                integration=integration,
                delivery=delivery,
                chunk=chunk,
            )
    except Exception as exc:  # undone by the savepoint; counted, retried, dead-lettered
        return _failed_attempt(delivery, exc, now, retry)
    delivery.next_attempt_at = None
    return outcome


def _failed_attempt(
    delivery: Delivery, exc: Exception, now: datetime, retry: RetryPolicy
) -> Outcome:
    delivery.attempts += 1
    line = f"attempt {delivery.attempts}: {describe(exc)}"
    delivery.errors = [*delivery.errors, line][-KEPT_ERRORS:]
    if retry.exhausted(delivery.attempts):
        log.error("delivery %s failed %s times; dead-lettered", delivery.id, delivery.attempts)
        delivery.status = DEAD_LETTER
        delivery.next_attempt_at = None
        return Outcome(delivery.id, DEAD_LETTER, errors=[line])
    delivery.next_attempt_at = now + retry.delay(delivery.attempts)
    log.warning("delivery %s could not be applied (%s); retrying later", delivery.id, line)
    return Outcome(delivery.id, RETRY, errors=[line])


def describe(exc: BaseException) -> str:
    """One bounded line: the driver's own message for database errors, not the SQL."""
    cause = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    text = " ".join(str(cause).split())
    return f"{type(cause).__name__}: {text}"[:500]
