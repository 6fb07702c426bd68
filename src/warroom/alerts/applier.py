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
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from warroom.alerts.actions import Outcome, apply_delivery
from warroom.alerts.intake import PENDING
from warroom.alerts.models import Delivery, Integration
from warroom.db import dialect
from warroom.incidents.policy import IncidentPolicy

DEFAULT_BATCH = 200
log = logging.getLogger(__name__)


def apply_pending(
    *, session: Session, policy: IncidentPolicy, limit: int = DEFAULT_BATCH
) -> list[Outcome]:
    """Claim up to `limit` pending deliveries and apply them, one savepoint each.

    Never commits. A delivery whose application raises a non-database error is marked
    `failed` with the reason (kept for inspection, never half-applied); a database
    error aborts the batch, which stays pending for the next run.
    """
    outcomes = []
    for delivery in _in_group_order(session, _claim(session, limit)):
        outcomes.append(_apply_one(session, policy, delivery))
    return outcomes


def pending_count(session: Session) -> int:
    """How many stored deliveries wait for the applier (the backlog)."""
    query = select(func.count()).select_from(Delivery).where(Delivery.status == PENDING)
    return int(session.scalar(query) or 0)


def _claim(session: Session, limit: int) -> list[Delivery]:
    query = select(Delivery).where(Delivery.status == PENDING).order_by(Delivery.id).limit(limit)
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


def _apply_one(session: Session, policy: IncidentPolicy, delivery: Delivery) -> Outcome:
    integration = session.get_one(Integration, delivery.integration_id)
    try:
        with session.begin_nested():
            return apply_delivery(
                session=session, policy=policy, integration=integration, delivery=delivery
            )
    except DBAPIError:
        raise
    except Exception as exc:
        log.exception("delivery %s could not be applied; marked failed", delivery.id)
        delivery.status = "failed"
        delivery.errors = [f"{type(exc).__name__}: {exc}"[:2000]]
        return Outcome(delivery.id, "failed", errors=delivery.errors)
