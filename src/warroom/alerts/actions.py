"""Alert ingestion: apply a stored delivery to its group (and, inline, store and apply one).

The receivers only store deliveries (`alerts.intake`); `alerts.applier` applies the
pending ones later through `apply_delivery`. `receive_delivery` does both in the
caller's transaction (tests, CLI, imports). A malformed payload is never applied: it
is stored as rejected with its reasons. A valid delivery is applied under the group's
row lock, idempotently: redeliveries and stale reorderings change nothing (see
`rules.change_for`). Incidents are opened through `incidents.actions`, never here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom.alerts import episodes, intake, queries, rules
from warroom.alerts.models import Alert, AlertGroup, Delivery, Integration
from warroom.alerts.severity import LEVELS, group_severity
from warroom.alerts.sources.base import AlertStatus, NormalizedAlert, NormalizedGroup
from warroom.core.actor import Actor
from warroom.db import dialect
from warroom.incidents.policy import IncidentPolicy

SOURCES = ("alertmanager", "pagerduty", "webhook")
CACHE_FROM = 50  # alerts: a delivery this big may be applied in chunks; parse it once
PARTIAL = "partial"  # an Outcome status: a chunk of a big delivery applied, more to come


@dataclass(frozen=True, slots=True)
class Scope:
    """Which part of a delivery `apply_group` sees.

    `whole`: this is the delivery's last (or only) part, so the group's status and
    severity are computed from all its stored alerts. Otherwise only the chunk's
    alerts are loaded and the group's state is carried forward from the chunk.
    `continuing`: an earlier chunk of the same delivery was applied already.
    """

    whole: bool = True
    continuing: bool = False


@dataclass(slots=True)
class Outcome:
    """What a delivery did, for the endpoint's response and for tests.

    status: accepted (stored, applied later) | applied | unchanged | rejected |
    retry (failed, tried again later) | failed (dead letter)
    """

    delivery_id: int
    status: str
    errors: list[str] = field(default_factory=list)
    group_key: str = ""
    external_key: str = ""
    incident_id: str | None = None
    changes: int = 0


def source_actor(integration: Integration) -> Actor:
    return Actor(handle=integration.name, kind=integration.kind)


def receive_delivery(
    *,
    session: Session,
    now: datetime,
    policy: IncidentPolicy,
    integration: Integration,
    source: str,
    body: bytes,
    new_dedup_key: Callable[[], str],
) -> Outcome:
    """Store `body` and apply it at once; a malformed one is kept as rejected, never applied."""
    checked = intake.check_delivery(
        integration=integration, source=source, body=body, new_dedup_key=new_dedup_key
    )
    [delivery_id] = intake.store_deliveries(session, [checked], now=now)
    if checked.errors:
        return Outcome(delivery_id, intake.REJECTED, errors=checked.errors)
    delivery = session.get_one(Delivery, delivery_id)
    return apply_delivery(
        session=session, policy=policy, integration=integration, delivery=delivery
    )


def apply_delivery(
    *,
    session: Session,
    policy: IncidentPolicy,
    integration: Integration,
    delivery: Delivery,
    chunk: int | None = None,
) -> Outcome:
    """Apply a pending delivery as of its receipt time; mark it applied or unchanged.

    The body is parsed again (it was validated when stored, so this cannot refuse it);
    a dedup_key generated at receipt is the stored `group_key`, so it is the same one.
    With `chunk`, at most that many of its alerts are applied, from `delivery.progress`
    on: the delivery stays pending (status `partial`) until its last chunk, so one
    transaction never holds the write lock for a whole 10,000-alert group.
    """
    group = _parsed(delivery, integration)
    start = delivery.progress
    end = len(group.alerts) if chunk is None else min(len(group.alerts), start + chunk)
    last = end >= len(group.alerts)
    if start or not last:
        group = replace(group, alerts=group.alerts[start:end])
    record = apply_group(
        session=session,
        actor=source_actor(integration),
        now=delivery.received_at,
        policy=policy,
        integration=integration,
        group=group,
        scope=Scope(whole=last, continuing=start > 0),
    )
    delivery.group_id = record.group.id
    delivery.changes += record.changes
    delivery.progress = end
    if last:
        delivery.status = "applied" if delivery.changes else "unchanged"
    return Outcome(
        delivery.id,
        delivery.status if last else PARTIAL,
        group_key=group.key,
        external_key=group.external_key,
        incident_id=record.incident_id,
        changes=record.changes,
    )


_PARSED: dict[tuple[int, str, int, str], NormalizedGroup] = {}  # the big delivery being chunked


def _parsed(delivery: Delivery, integration: Integration) -> NormalizedGroup:
    """Parse the stored body; a chunked one once, not once per chunk (it is immutable).

    Parsing is pure, so a cached result is the same result; only the latest body is
    kept (the applier works through one big delivery at a time).
    """
    mapping = repr(integration.config.get("mapping"))  # the webhook's mapping shapes it
    key = (delivery.id, delivery.body_sha256, integration.id, mapping)
    cached = _PARSED.get(key)
    if cached is not None:
        return cached
    group = intake.parse_body(
        delivery.source, delivery.body, integration, lambda: delivery.group_key
    )
    if len(group.alerts) > CACHE_FROM:
        _PARSED.clear()
        _PARSED[key] = group
    return group


def retry_delivery(
    *, session: Session, actor: Actor, now: datetime, delivery_id: int, force: bool = False
) -> Delivery:
    """Send a dead letter back to the applier with a fresh set of attempts.

    It is applied in its turn like a new delivery (its group's order is kept: see
    `rules.ensure_retryable`). Its past errors stay on the row.
    """
    delivery = queries.get_delivery(session, delivery_id, lock=True)
    rules.ensure_retryable(
        delivery.id,
        delivery.status,
        later_applied=queries.count_later_applied(session, delivery),
        force=force,
    )
    delivery.status = intake.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = None
    delivery.retried_by = str(actor)
    delivery.retried_at = now
    return delivery


@dataclass(slots=True)
class Applied:
    group: AlertGroup
    changes: int
    incident_id: str | None


def apply_group(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    policy: IncidentPolicy,
    integration: Integration,
    group: NormalizedGroup,
    scope: Scope = Scope(),
) -> Applied:
    """Apply one normalised delivery (or a chunk of one) to its group (created on first sight)."""
    ingest = rules.IngestPolicy.from_config(integration.config)
    row, created = _lock_group(session, integration, group, now)
    only = None if scope.whole else [a.fingerprint for a in group.alerts]
    stored = {} if created else _alerts_of(session, row, only)
    incoming = list(group.alerts)
    if group.action == "resolve":
        incoming += [_resolved(a, now) for a in stored.values() if a.status == "firing"]
    changed: list[tuple[rules.Change, Alert]] = []
    for alert in incoming:
        known = stored.get(alert.fingerprint)
        change = rules.change_for(
            None if known is None else rules.Known(known.status, known.starts_at, known.ends_at),
            alert,
        )
        if change is None:
            continue
        stored[alert.fingerprint] = _store(session, row, known, alert, now)
        changed.append((change, stored[alert.fingerprint]))
    was_firing = row.status == "firing"
    firing = [a for a in stored.values() if a.status == "firing"]
    severity = group_severity(
        [_normal(a) for a in firing] or [_normal(a) for a in stored.values()],
        group.labels,
        ingest.severity,
    )
    if scope.whole:
        row.status = "firing" if firing else "resolved"
    else:  # alerts outside the chunk keep their state: ask the database about them
        row.status = "firing" if firing or _any_firing(session, row) else "resolved"
    if not scope.whole and was_firing and row.status == "firing":  # never lower mid-delivery
        severity = min(severity, row.severity, key=LEVELS.index)
    row.severity = severity
    row.last_seen_at = now
    if group.title and not group.title.startswith(("Alert group ", "PagerDuty event ")):
        row.title = group.title[:300]
    context = episodes.Context(session, actor, now, policy, ingest)
    incident_id = episodes.advance(
        context,
        row,
        was_firing=was_firing,
        changed=changed,
        acknowledged=group.action == "acknowledge",
    )
    return Applied(row, len(changed) + (group.action == "acknowledge"), incident_id)


def _alerts_of(
    session: Session, group: AlertGroup, only: list[str] | None = None
) -> dict[str, Alert]:
    query = select(Alert).where(Alert.group_id == group.id)
    if only is not None:
        query = query.where(Alert.fingerprint.in_(only))
    return {a.fingerprint: a for a in session.scalars(query)}


def _any_firing(session: Session, group: AlertGroup) -> bool:
    query = select(Alert.fingerprint).where(Alert.group_id == group.id, Alert.status == "firing")
    return session.scalar(query.limit(1)) is not None


def _lock_group(
    session: Session, integration: Integration, group: NormalizedGroup, now: datetime
) -> tuple[AlertGroup, bool]:
    """Return the group's row locked for this transaction (and whether it is new)."""
    query = select(AlertGroup).where(AlertGroup.key == group.key).with_for_update()
    row = session.scalars(query).one_or_none()
    if row is not None:
        return row, False
    created = dialect.insert_entity_unless_conflict(
        session,
        AlertGroup,
        {
            "key": group.key,
            "integration_id": integration.id,
            "source": group.source,
            "external_key": group.external_key,
            "title": group.title[:300],
            "labels": group.labels,
            "severity": "P4",
            "status": "resolved",
            "flap_count": 0,
            "first_seen_at": now,
            "last_seen_at": now,
        },
        index_elements=["key"],
    )
    if created is not None:
        return created, True
    # Another transaction inserted it first (PostgreSQL): wait for its lock, then use it.
    return session.scalars(query.execution_options(populate_existing=True)).one(), False


def _store(
    session: Session,
    group: AlertGroup,
    known: Alert | None,
    alert: NormalizedAlert,
    now: datetime,
) -> Alert:
    row = known or Alert(group_id=group.id, fingerprint=alert.fingerprint, first_seen_at=now)
    row.status = alert.status
    if alert.labels or known is None:
        row.labels = alert.labels
    if alert.annotations or known is None:
        row.annotations = alert.annotations
    row.starts_at = alert.starts_at or (known.starts_at if known else None)
    row.ends_at = alert.ends_at if alert.status == "resolved" else None
    row.url = alert.url or (known.url if known else "")
    row.updated_at = now
    if known is None:
        session.add(row)
    return row


def _resolved(alert: Alert, now: datetime) -> NormalizedAlert:
    return NormalizedAlert(
        fingerprint=alert.fingerprint,
        status="resolved",
        labels={},
        starts_at=alert.starts_at,
        ends_at=now,
    )


def _normal(alert: Alert) -> NormalizedAlert:
    status: AlertStatus = "firing" if alert.status == "firing" else "resolved"
    return NormalizedAlert(alert.fingerprint, status, dict(alert.labels))
