"""Escalation policies, contact methods, destinations, and the delivery log.

A delivery is one message to one destination, identified by its idempotency key
(incident, step, repeat, target, channel): a unique index makes a retried or
duplicated job find the row it already wrote instead of sending again. Every attempt
to send it is a row of its own (status, response code, latency, error).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from warroom.db.base import Base

ANY = "*"  # a policy for every service or every severity


class EscalationPolicy(Base):
    """Ordered steps for one (service, severity) pair; "*" matches any."""

    __tablename__ = "escalation_policies"
    __table_args__ = (UniqueConstraint("service", "severity", name="uq_escalation_scope"),)

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    service: Mapped[str] = mapped_column(String(100), nullable=False, default=ANY)
    severity: Mapped[str] = mapped_column(String(4), nullable=False, default=ANY)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    steps: Mapped[list[dict[str, Any]]] = mapped_column(JSON, nullable=False, default=list)
    repeat: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    repeat_after_minutes: Mapped[int] = mapped_column(Integer, nullable=False, default=30)
    updated_by: Mapped[str] = mapped_column(String(128), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(nullable=False)


class NotifyTeam(Base):
    """A named list of people a step can page ("team leads", "leadership")."""

    __tablename__ = "notify_teams"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    members: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    description: Mapped[str] = mapped_column(String(300), nullable=False, default="")


class Channel(Base):
    """A shared destination: a Slack channel, a Teams workflow, a webhook, a pager service."""

    __tablename__ = "notify_channels"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    config: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    # Post announcements and updates of incidents at these severities here (003 §4.3).
    announce: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    created_at: Mapped[datetime] = mapped_column(nullable=False)


class ContactMethod(Base):
    """One way to reach a person; only verified methods are paged."""

    __tablename__ = "contact_methods"
    __table_args__ = (Index("ix_contact_methods_person", "person"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person: Mapped[str] = mapped_column(
        String(64), ForeignKey("people.handle", ondelete="CASCADE"), nullable=False
    )
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    address: Mapped[str] = mapped_column(String(320), nullable=False)
    label: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    verified_at: Mapped[datetime | None] = mapped_column()
    code_hash: Mapped[str | None] = mapped_column(String(64))
    code_expires_at: Mapped[datetime | None] = mapped_column()
    code_attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    created_at: Mapped[datetime] = mapped_column(nullable=False)


class NotificationRule(Base):
    """A person's rule: "this method, this many minutes after I am paged"."""

    __tablename__ = "notification_rules"
    __table_args__ = (Index("ix_notification_rules_person", "person"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person: Mapped[str] = mapped_column(
        String(64), ForeignKey("people.handle", ondelete="CASCADE"), nullable=False
    )
    method_id: Mapped[int] = mapped_column(
        ForeignKey("contact_methods.id", ondelete="CASCADE"), nullable=False
    )
    delay_minutes: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class ExternalContact(Base):
    """Vendor support for a service (003 §7.3), listed in the room and paged by name."""

    __tablename__ = "external_contacts"
    __table_args__ = (UniqueConstraint("service", "name", name="uq_external_contact"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    service: Mapped[str] = mapped_column(String(100), nullable=False)
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    vendor: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    email: Mapped[str] = mapped_column(String(320), nullable=False, default="")
    webhook_url: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    note: Mapped[str] = mapped_column(String(500), nullable=False, default="")


class EscalationRun(Base):
    """Paging of one incident on a snapshot of its policy, taken when paging started."""

    __tablename__ = "escalation_runs"
    __table_args__ = (Index("ix_escalation_runs_incident", "incident_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False
    )
    severity: Mapped[str] = mapped_column(String(4), nullable=False)
    policy: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    state: Mapped[str] = mapped_column(String(16), nullable=False, default="active")
    started_at: Mapped[datetime] = mapped_column(nullable=False)


class Delivery(Base):
    """One message to one destination; `key` makes sending it idempotent."""

    __tablename__ = "notification_deliveries"
    __table_args__ = (
        UniqueConstraint("key", name="uq_notification_deliveries_key"),
        Index("ix_notification_deliveries_incident", "incident_id", "due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(200), nullable=False)
    incident_id: Mapped[str | None] = mapped_column(String(32))
    purpose: Mapped[str] = mapped_column(String(20), nullable=False)
    run_id: Mapped[int | None] = mapped_column(Integer)
    step: Mapped[int | None] = mapped_column(Integer)
    repeat: Mapped[int | None] = mapped_column(Integer)
    target: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    person: Mapped[str | None] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(30), nullable=False)
    destination: Mapped[str] = mapped_column(String(320), nullable=False)
    config: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    context: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    state: Mapped[str] = mapped_column(String(16), nullable=False, default="pending")
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    due_at: Mapped[datetime] = mapped_column(nullable=False)
    sent_at: Mapped[datetime | None] = mapped_column()
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(nullable=False)


class DeliveryAttempt(Base):
    """One try at sending a delivery, with what the other side answered."""

    __tablename__ = "delivery_attempts"
    __table_args__ = (Index("ix_delivery_attempts_delivery", "delivery_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    delivery_id: Mapped[int] = mapped_column(
        ForeignKey("notification_deliveries.id", ondelete="CASCADE"), nullable=False
    )
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False)
    response_code: Mapped[int | None] = mapped_column(Integer)
    latency_ms: Mapped[float | None] = mapped_column()
    error: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime] = mapped_column(nullable=False)
    finished_at: Mapped[datetime | None] = mapped_column()


class AckLink(Base):
    """A signed, single-use, expiring acknowledgement link sent with a page."""

    __tablename__ = "ack_links"

    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    incident_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False
    )
    person: Mapped[str] = mapped_column(String(64), nullable=False)
    delivery_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(nullable=False)
    expires_at: Mapped[datetime] = mapped_column(nullable=False)
    used_at: Mapped[datetime | None] = mapped_column()
