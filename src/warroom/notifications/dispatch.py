"""Send one delivery: claim it, render, hand it to its channel, log the attempt, commit.

Runs as a detached job handler (outside any transaction): a short transaction marks the
attempt as under way and renders the message, the channel sends with no database lock
held, and a second short transaction records what the other side answered. A retry
is a new run of the same job at the time the failure asks for (backoff, Retry-After).
A worker killed between the two transactions leaves the attempt open; the next run
marks it "unknown" and sends again with the same idempotency key, which the webhook,
PagerDuty, Opsgenie and e-mail receivers can use to drop the duplicate.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from warroom.db.uow import unit_of_work
from warroom.incidents.models import Incident, StatusUpdate
from warroom.incidents.rules import ACTIVE, State
from warroom.jobs import queue
from warroom.jobs.worker import RetryAt
from warroom.notifications import acks, messages, rules
from warroom.notifications.context import ESCALATION, Notifier
from warroom.notifications.models import Delivery, DeliveryAttempt
from warroom.notifications.ports import Destination, Message, SendResult
from warroom.runbooks.queries import attached
from warroom.timeline import actions as timeline
from warroom.timeline.rules import EventKind

FINAL = ("sent", "failed", "cancelled")


@dataclass(frozen=True, slots=True)
class Claimed:
    attempt_id: int
    number: int
    message: Message
    destination: Destination


def deliver(engine: Engine, n: Notifier, delivery_id: int, *, inline: bool = False) -> str:
    """Send delivery `delivery_id` once; return its state. Raises RetryAt to come back.

    `inline`: called right after the step that created it, not by its send job; that job
    (the fallback) is settled in the same transaction instead: finished, or moved to the
    retry time.
    """
    try:
        with unit_of_work(engine) as session:
            claimed = _claim(session, n, delivery_id)
    except RetryAt:
        if inline:
            return "in flight"
        raise
    if claimed is None or isinstance(claimed, str):
        return claimed or "missing"
    result = _send(n, claimed)
    with unit_of_work(engine) as session:
        state, retry_at = _record(session, n, delivery_id, claimed, result)
        if inline:
            queue.settle(
                session, dedupe_key=f"send:{delivery_id}", now=n.clock.now(), retry_at=retry_at
            )
    if retry_at is not None and not inline:
        raise RetryAt(retry_at, result.error or f"HTTP {result.code}")
    return state


def _claim(session: Session, n: Notifier, delivery_id: int) -> Claimed | str | None:
    delivery = session.scalars(
        select(Delivery).where(Delivery.id == delivery_id).with_for_update()
    ).one_or_none()
    if delivery is None:
        return None
    if delivery.state in FINAL:
        return delivery.state
    now = n.clock.now()
    incident = session.get(Incident, delivery.incident_id) if delivery.incident_id else None
    if _moot(delivery, incident):
        delivery.state = "cancelled"
        delivery.last_error = f"incident {incident.state if incident else 'gone'} before sending"
        return delivery.state
    if delivery.state == "sending":
        busy_until = _close_unknown(session, delivery, now, n.in_flight)
        if busy_until is not None:
            raise RetryAt(busy_until, "another worker's attempt may still be in flight")
    delivery.attempts += 1
    delivery.state = "sending"
    attempt = DeliveryAttempt(
        delivery_id=delivery.id, number=delivery.attempts, status="sending", started_at=now
    )
    session.add(attempt)
    message = _render(session, n, delivery, incident, now)
    session.flush()
    return Claimed(
        attempt.id,
        attempt.number,
        message,
        Destination(delivery.channel, delivery.destination, dict(delivery.config)),
    )


def _moot(delivery: Delivery, incident: Incident | None) -> bool:
    """A page nobody needs any more (acknowledged), or a reminder after resolve."""
    if delivery.purpose == "page":
        return incident is None or incident.state != State.DETECTED.value
    if delivery.purpose == "reminder":
        return incident is None or State(incident.state) not in ACTIVE
    return False


def _close_unknown(
    session: Session, delivery: Delivery, now: datetime, in_flight: timedelta
) -> datetime | None:
    """Close attempts a crashed worker left open; a recent one may be alive: wait for it."""
    open_ = list(
        session.scalars(
            select(DeliveryAttempt).where(
                DeliveryAttempt.delivery_id == delivery.id, DeliveryAttempt.status == "sending"
            )
        )
    )
    latest = max((a.started_at for a in open_), default=None)
    if latest is not None and now < latest + in_flight:
        return latest + in_flight
    for attempt in open_:
        attempt.status = "unknown"
        attempt.error = "the worker stopped during this attempt; sent again with the same key"
        attempt.finished_at = now
    return None


def _render(
    session: Session, n: Notifier, delivery: Delivery, incident: Incident | None, now: datetime
) -> Message:
    context = dict(delivery.context)
    if delivery.purpose == "verify":
        return messages.verification(n, delivery.key, str(context.get("code", "")))
    if incident is None:
        return messages.test_message(n, delivery.key, delivery.destination)
    if delivery.purpose == "page":
        ack_url = None
        if delivery.person:
            token = context.get("ack_token") or acks.issue_link(
                session,
                secret_key=n.secret_key,
                incident_id=incident.id,
                person=delivery.person,
                delivery_id=delivery.id,
                now=now,
                ttl=n.ack_ttl,
            )
            if "ack_token" not in context:
                delivery.context = {**context, "ack_token": token}
            ack_url = f"{n.public_url}/ack/{token}"
        books = [
            (a.attachment.runbook_id, a.attachment.title) for a in attached(session, incident.id)
        ]
        return messages.page(n, incident, delivery.key, context, ack_url, runbooks=books)
    if delivery.purpose == "reminder":
        return messages.reminder(n, incident, delivery.key, datetime.fromisoformat(context["due"]))
    latest = None
    if context.get("update"):
        latest = session.get(StatusUpdate, int(context["update"]))
    kind = delivery.purpose if delivery.purpose in ("declared", "update", "resolved") else "update"
    return messages.announcement(n, incident, delivery.key, kind=kind, latest=latest, now=now)


def _send(n: Notifier, claimed: Claimed) -> SendResult:
    transport = n.transports.get(claimed.destination.kind)
    if transport is None:
        return SendResult(
            "failed", error=f"no {claimed.destination.kind} channel is configured on this server"
        )
    started = time.perf_counter()
    try:
        result = transport.send(claimed.message, claimed.destination)
    except Exception as exc:  # a channel bug must not lose the attempt's record
        result = SendResult("retry", error=f"{type(exc).__name__}: {exc}")
    if not result.latency_ms:
        elapsed = (time.perf_counter() - started) * 1000
        result = SendResult(result.status, result.code, result.error, result.retry_after, elapsed)
    return result


def _record(
    session: Session, n: Notifier, delivery_id: int, claimed: Claimed, result: SendResult
) -> tuple[str, datetime | None]:
    now = n.clock.now()
    delivery = session.get_one(Delivery, delivery_id, with_for_update=True)
    attempt = session.get_one(DeliveryAttempt, claimed.attempt_id)
    if attempt.status != "sending" or delivery.state in FINAL:
        return delivery.state, None  # another worker took over this delivery meanwhile
    attempt.status = result.status
    attempt.response_code = result.code
    attempt.latency_ms = round(result.latency_ms, 3)
    attempt.error = (result.error or "")[:2000] or None
    attempt.finished_at = now
    if result.status == "ok":
        delivery.state, delivery.sent_at, delivery.last_error = "sent", now, None
        if delivery.purpose == "verify":
            delivery.context = {k: v for k, v in delivery.context.items() if k != "code"}
        return delivery.state, None
    delivery.last_error = attempt.error
    if result.status == "retry" and delivery.attempts < n.max_attempts:
        delivery.state = "retrying"
        return delivery.state, now + rules.retry_delay(delivery.attempts, result.retry_after)
    delivery.state = "failed"
    if delivery.purpose == "verify":
        delivery.context = {k: v for k, v in delivery.context.items() if k != "code"}
    if delivery.incident_id:
        who = delivery.person or delivery.target
        timeline.record(
            session,
            incident_id=delivery.incident_id,
            actor=ESCALATION,
            kind=EventKind.COMMUNICATION,
            now=now,
            body=f"{delivery.purpose.capitalize()} to {who} by {delivery.channel} failed after "
            f"{delivery.attempts} attempt(s): {delivery.last_error}",
            data={"escalation": True, "delivery": delivery.id, "failed": True},
        )
    return delivery.state, None
