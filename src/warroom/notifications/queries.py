"""Reads for the delivery log and the escalation state of an incident."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom.notifications.models import Delivery, DeliveryAttempt, EscalationRun


@dataclass(frozen=True, slots=True)
class LogRow:
    """One delivery with its attempts, as the log shows it."""

    delivery: Delivery
    attempts: list[DeliveryAttempt]
    shown_state: str  # "cancelled" for a page still pending after the acknowledgement


def delivery_log(
    session: Session, incident_id: str, *, acknowledged_at: datetime | None = None
) -> list[LogRow]:
    deliveries = list(
        session.scalars(
            select(Delivery)
            .where(Delivery.incident_id == incident_id)
            .order_by(Delivery.due_at, Delivery.id)
        )
    )
    attempts: dict[int, list[DeliveryAttempt]] = {}
    if deliveries:
        for attempt in session.scalars(
            select(DeliveryAttempt)
            .where(DeliveryAttempt.delivery_id.in_([d.id for d in deliveries]))
            .order_by(DeliveryAttempt.number)
        ):
            attempts.setdefault(attempt.delivery_id, []).append(attempt)
    return [LogRow(d, attempts.get(d.id, []), shown_state(d, acknowledged_at)) for d in deliveries]


def shown_state(delivery: Delivery, acknowledged_at: datetime | None) -> str:
    pending = delivery.state in ("pending", "retrying")
    if pending and delivery.purpose in ("page", "reminder") and acknowledged_at is not None:
        return "cancelled"
    return delivery.state


def person_log(session: Session, handle: str, *, limit: int = 20) -> list[LogRow]:
    """The latest verification and test messages (and pages) sent to a person."""
    deliveries = list(
        session.scalars(
            select(Delivery)
            .where(Delivery.person == handle)
            .order_by(Delivery.created_at.desc(), Delivery.id.desc())
            .limit(limit)
        )
    )
    return [LogRow(d, [], d.state) for d in deliveries]


def runs_of(session: Session, incident_id: str) -> list[EscalationRun]:
    return list(
        session.scalars(
            select(EscalationRun)
            .where(EscalationRun.incident_id == incident_id)
            .order_by(EscalationRun.id)
        )
    )
