"""On-call schedules as rules: rotations, overrides, hand-overs and calendar feeds.

Shifts are never stored: `resolve` computes them from these rows whenever asked, so
nothing can go stale. Imported calendars are the exception, kept as their events.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from warroom.db.base import Base


class Schedule(Base):
    __tablename__ = "oncall_schedules"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    team: Mapped[str | None] = mapped_column(String(100))
    timezone: Mapped[str] = mapped_column(String(64), nullable=False)
    holiday_country: Mapped[str] = mapped_column(String(8), nullable=False, default="")
    holiday_subdiv: Mapped[str | None] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    admins: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    created_at: Mapped[datetime] = mapped_column(nullable=False)
    created_by: Mapped[str] = mapped_column(String(128), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(nullable=False)

    rotations: Mapped[list[Rotation]] = relationship(
        back_populates="schedule",
        order_by="Rotation.id",
        lazy="selectin",
        cascade="all, delete-orphan",
    )
    # Loaded when read (lists and pages), not by `who`, which needs only the rotations.
    services: Mapped[list[ScheduleService]] = relationship(
        order_by="ScheduleService.service", cascade="all, delete-orphan"
    )


class ScheduleService(Base):
    """A service is covered by one schedule: an alert for it pages that schedule."""

    __tablename__ = "oncall_schedule_services"

    service: Mapped[str] = mapped_column(
        String(100), ForeignKey("services.name", ondelete="CASCADE"), primary_key=True
    )
    schedule_name: Mapped[str] = mapped_column(
        String(64), ForeignKey("oncall_schedules.name", ondelete="CASCADE"), nullable=False
    )


class Rotation(Base):
    """People taking turns (rules), or a read-only calendar imported from another tool."""

    __tablename__ = "oncall_rotations"
    __table_args__ = (UniqueConstraint("schedule_name", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    schedule_name: Mapped[str] = mapped_column(
        String(64), ForeignKey("oncall_schedules.name", ondelete="CASCADE"), nullable=False
    )
    name: Mapped[str] = mapped_column(String(64), nullable=False)
    role: Mapped[str] = mapped_column(String(64), nullable=False)
    layer: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    source: Mapped[str] = mapped_column(String(8), nullable=False, default="rules")
    people: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    unit: Mapped[str] = mapped_column(String(8), nullable=False, default="days")
    length: Mapped[int] = mapped_column(Integer, nullable=False, default=7)
    handoff: Mapped[str] = mapped_column(String(5), nullable=False, default="09:00")
    handoff_weekday: Mapped[int | None] = mapped_column(Integer)
    start_date: Mapped[date] = mapped_column(nullable=False)
    end_date: Mapped[date | None] = mapped_column()  # the last turn ends at its hand-off
    person_offset: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    windows: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    holidays: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[datetime] = mapped_column(nullable=False)
    created_by: Mapped[str] = mapped_column(String(128), nullable=False)

    schedule: Mapped[Schedule] = relationship(back_populates="rotations")


class ImportedShift(Base):
    __tablename__ = "oncall_imported_shifts"
    __table_args__ = (Index("ix_oncall_imported_rotation_start", "rotation_id", "starts_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    rotation_id: Mapped[int] = mapped_column(
        ForeignKey("oncall_rotations.id", ondelete="CASCADE"), nullable=False
    )
    uid: Mapped[str] = mapped_column(String(255), nullable=False)
    person: Mapped[str] = mapped_column(String(64), nullable=False)
    starts_at: Mapped[datetime] = mapped_column(nullable=False)
    ends_at: Mapped[datetime] = mapped_column(nullable=False)


class Override(Base):
    """Add, replace or remove a person for a span; temporary schedules are overrides too."""

    __tablename__ = "oncall_overrides"
    __table_args__ = (Index("ix_oncall_overrides_schedule_end", "schedule_name", "ends_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    schedule_name: Mapped[str] = mapped_column(
        String(64), ForeignKey("oncall_schedules.name", ondelete="CASCADE"), nullable=False
    )
    role: Mapped[str] = mapped_column(String(64), nullable=False)
    kind: Mapped[str] = mapped_column(String(8), nullable=False)
    person: Mapped[str] = mapped_column(String(64), nullable=False)
    replaces: Mapped[str | None] = mapped_column(String(64))
    starts_at: Mapped[datetime] = mapped_column(nullable=False)
    ends_at: Mapped[datetime] = mapped_column(nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(nullable=False)
    created_by: Mapped[str] = mapped_column(String(128), nullable=False)
    cancelled_at: Mapped[datetime | None] = mapped_column()


class HandoverNote(Base):
    """What the outgoing person wants the next one to know (003: 인수인계 체크리스트)."""

    __tablename__ = "oncall_handover_notes"
    __table_args__ = (Index("ix_oncall_notes_schedule_created", "schedule_name", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    schedule_name: Mapped[str] = mapped_column(
        String(64), ForeignKey("oncall_schedules.name", ondelete="CASCADE"), nullable=False
    )
    author: Mapped[str] = mapped_column(String(128), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = mapped_column(nullable=False)
    handover_id: Mapped[int | None] = mapped_column(ForeignKey("oncall_handovers.id"))


class Handover(Base):
    """One change of primary: who hands over to whom, and what was open at that moment."""

    __tablename__ = "oncall_handovers"
    __table_args__ = (UniqueConstraint("schedule_name", "role", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    schedule_name: Mapped[str] = mapped_column(
        String(64), ForeignKey("oncall_schedules.name", ondelete="CASCADE"), nullable=False
    )
    role: Mapped[str] = mapped_column(String(64), nullable=False)
    at: Mapped[datetime] = mapped_column(nullable=False)
    outgoing: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    incoming: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    created_at: Mapped[datetime] = mapped_column(nullable=False)


class Feed(Base):
    """An iCal subscription URL: `/oncall/ical/<lookup>_<secret>.ics`; only a hash is kept."""

    __tablename__ = "oncall_feeds"
    __table_args__ = (Index("ix_oncall_feeds_lookup", "lookup", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    lookup: Mapped[str] = mapped_column(String(16), nullable=False)
    secret_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    schedule_name: Mapped[str | None] = mapped_column(
        String(64), ForeignKey("oncall_schedules.name", ondelete="CASCADE")
    )
    person: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(nullable=False)
    created_by: Mapped[str] = mapped_column(String(128), nullable=False)
    revoked_at: Mapped[datetime | None] = mapped_column()


class Change(Base):
    """The schedule's audit log: who changed what, when (schedules have no incident timeline)."""

    __tablename__ = "oncall_changes"
    __table_args__ = (Index("ix_oncall_changes_schedule_at", "schedule_name", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    schedule_name: Mapped[str] = mapped_column(
        String(64), ForeignKey("oncall_schedules.name", ondelete="CASCADE"), nullable=False
    )
    at: Mapped[datetime] = mapped_column(nullable=False)
    actor: Mapped[str] = mapped_column(String(128), nullable=False)
    action: Mapped[str] = mapped_column(String(32), nullable=False)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
