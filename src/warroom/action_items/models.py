"""Action items (AI-NNN) and the history of every change made to them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from warroom.db.base import Base
from warroom.incidents.models import Incident


class ActionItem(Base):
    """A follow-up of an incident (and its postmortem), owned by a person and a team.

    Class of service and "overdue" are derived when read, not stored: both depend on
    things that move (the incident's severity, the clock).
    """

    __tablename__ = "action_items"
    __table_args__ = (
        Index("ix_action_items_status_due", "status", "due_at"),
        Index("ix_action_items_incident", "incident_id"),
        Index("ix_action_items_team", "team"),
        Index("ix_action_items_owner", "owner"),
    )

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, nullable=False, unique=True)
    incident_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False
    )
    # Seam for the postmortems package: the document an item was raised in, if any.
    postmortem_ref: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    item_type: Mapped[str] = mapped_column(String(20), nullable=False)
    priority: Mapped[str] = mapped_column(String(2), nullable=False)
    horizon: Mapped[str] = mapped_column(String(20), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    status_reason: Mapped[str | None] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(String(64))
    team: Mapped[str] = mapped_column(String(100), nullable=False)
    due_at: Mapped[datetime | None] = mapped_column()
    fixed_date: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    external_tracker: Mapped[str | None] = mapped_column(String(16))
    external_key: Mapped[str | None] = mapped_column(String(200))
    external_url: Mapped[str | None] = mapped_column(String(500))
    external_status: Mapped[str | None] = mapped_column(String(100))
    synced_at: Mapped[datetime | None] = mapped_column()

    created_by: Mapped[str] = mapped_column(String(128), nullable=False)
    created_at: Mapped[datetime] = mapped_column(nullable=False)
    updated_at: Mapped[datetime] = mapped_column(nullable=False)
    closed_at: Mapped[datetime | None] = mapped_column()

    incident: Mapped[Incident] = relationship(lazy="joined", innerjoin=True)


class ActionItemChange(Base):
    """One recorded change: who, when, which field, from and to (append-only)."""

    __tablename__ = "action_item_changes"
    __table_args__ = (Index("ix_action_item_changes_item", "item_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_id: Mapped[str] = mapped_column(
        String(16), ForeignKey("action_items.id", ondelete="CASCADE"), nullable=False
    )
    at: Mapped[datetime] = mapped_column(nullable=False)
    actor: Mapped[str] = mapped_column(String(128), nullable=False)
    field: Mapped[str] = mapped_column(String(32), nullable=False)
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
