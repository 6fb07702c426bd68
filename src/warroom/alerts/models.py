"""Alert ingestion tables: integrations, raw deliveries, groups, their episodes and alerts.

A delivery row is written for every authenticated request, valid or not, before the
2xx (or the 400) is sent: it is the durable record of what the source said. A valid
one is stored `pending` and applied afterwards, in id order per group, by the
delivery applier (`alerts.applier`), which marks it `applied` or `unchanged`; one
whose application keeps failing is retried with a backoff and then dead-lettered
(`failed`) until an operator retries it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from warroom.db.base import Base

_BIG_ID = BigInteger().with_variant(Integer, "sqlite")


class Integration(Base):
    """A configured alert source with its own secret token (only the hash is stored)."""

    __tablename__ = "alert_integrations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    token_hint: Mapped[str] = mapped_column(String(16))
    config: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(128))
    revoked_at: Mapped[datetime | None]


class Delivery(Base):
    """One raw request body as received, and what became of it."""

    __tablename__ = "alert_deliveries"
    __table_args__ = (
        Index("ix_alert_deliveries_received", "received_at"),
        Index("ix_alert_deliveries_status_id", "status", "id"),  # the applier's backlog
        Index("ix_alert_deliveries_next_attempt", "next_attempt_at"),  # waiting to retry
    )

    id: Mapped[int] = mapped_column(_BIG_ID, primary_key=True, autoincrement=True)
    integration_id: Mapped[int] = mapped_column(ForeignKey("alert_integrations.id"))
    source: Mapped[str] = mapped_column(String(20))
    received_at: Mapped[datetime]
    body: Mapped[str] = mapped_column(Text)
    body_sha256: Mapped[str] = mapped_column(String(64))
    # pending (stored, not applied yet) | applied | unchanged | rejected | failed (dead letter)
    status: Mapped[str] = mapped_column(String(16))
    # Refusal reasons (rejected), or one line per failed attempt to apply it.
    errors: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Failed attempts to apply it; while below the limit it stays pending, not before
    # `next_attempt_at` (the backoff), and holds its group's later deliveries back.
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    next_attempt_at: Mapped[datetime | None]
    # The last operator who sent it back from the dead letters, and when.
    retried_by: Mapped[str | None] = mapped_column(String(128))
    retried_at: Mapped[datetime | None]
    # The normalised group key, known at receipt: it orders application per group and
    # keeps a dedup_key generated for a PagerDuty trigger (returned in the 202).
    group_key: Mapped[str] = mapped_column(String(255), default="")
    group_id: Mapped[int | None] = mapped_column(ForeignKey("alert_groups.id"))
    changes: Mapped[int] = mapped_column(Integer, default=0)
    # How many of its alerts are applied: a big delivery is applied in chunks, one
    # transaction each (`alerts.applier`), and stays pending until the last one.
    progress: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class AlertGroup(Base):
    """An alert group (Alertmanager groupKey, PagerDuty dedup_key, webhook group)."""

    __tablename__ = "alert_groups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(255), unique=True)
    integration_id: Mapped[int] = mapped_column(ForeignKey("alert_integrations.id"))
    source: Mapped[str] = mapped_column(String(20))
    external_key: Mapped[str] = mapped_column(Text, default="")
    title: Mapped[str] = mapped_column(String(300))
    labels: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    severity: Mapped[str] = mapped_column(String(4))
    status: Mapped[str] = mapped_column(String(10))  # firing | resolved
    # The current episode's number (0: none yet). A number, not a foreign key: the two
    # tables do not reference each other in a cycle, and a new episode needs no flush
    # to learn its id before the job that escalates it is queued.
    episode_number: Mapped[int] = mapped_column(Integer, default=0)
    flap_count: Mapped[int] = mapped_column(Integer, default=0)
    flapping_since: Mapped[datetime | None]
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]


class Episode(Base):
    """One firing-to-resolved stretch of a group and its outcome.

    outcome: pending (inside the auto-recovery window), incident (an incident was
    opened or continued), auto_recovered (resolved in the window, never acknowledged:
    no incident, no page).
    """

    __tablename__ = "alert_episodes"
    __table_args__ = (UniqueConstraint("group_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("alert_groups.id"))
    number: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(16))
    incident_id: Mapped[str | None] = mapped_column(ForeignKey("incidents.id"))
    started_at: Mapped[datetime]
    resolved_at: Mapped[datetime | None]
    acknowledged_at: Mapped[datetime | None]
    escalate_at: Mapped[datetime]


class Alert(Base):
    """One alert inside a group, identified by its fingerprint; its latest known state.

    The natural key is the primary key: the ORM knows it before inserting, so the alerts
    of a delivery go to the database in one executemany instead of one INSERT each.
    """

    __tablename__ = "alerts"

    group_id: Mapped[int] = mapped_column(ForeignKey("alert_groups.id"), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(255), primary_key=True)
    status: Mapped[str] = mapped_column(String(10))
    labels: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    annotations: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    starts_at: Mapped[datetime | None]
    ends_at: Mapped[datetime | None]
    url: Mapped[str] = mapped_column(Text, default="")
    first_seen_at: Mapped[datetime]
    updated_at: Mapped[datetime]
