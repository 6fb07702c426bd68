"""Drills (003 §8): plan, participants, targets, the chaos template, and TI-NNN items."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from warroom.db.base import Base


class Drill(Base):
    __tablename__ = "drills"
    __table_args__ = (Index("ix_drills_incident", "incident_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), nullable=False, unique=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    scenario: Mapped[str] = mapped_column(Text, nullable=False, default="")
    severity: Mapped[str] = mapped_column(String(4), nullable=False)
    services: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    alert_labels: Mapped[dict[str, str]] = mapped_column(JSON, nullable=False, default=dict)
    participants: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    # minutes: detect, acknowledge, escalate, mitigate, communicate (003 §8.3)
    targets: Mapped[dict[str, int]] = mapped_column(JSON, nullable=False, default=dict)
    # hypothesis, target, fault, kill_switch, kill_switch_holder, success_criteria, max_minutes
    chaos: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    hook_start: Mapped[str] = mapped_column(Text, nullable=False, default="")
    hook_stop: Mapped[str] = mapped_column(Text, nullable=False, default="")
    planned_for: Mapped[datetime | None] = mapped_column()
    incident_id: Mapped[str | None] = mapped_column(
        String(32), ForeignKey("incidents.id", ondelete="SET NULL")
    )
    started_at: Mapped[datetime | None] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()
    # communication and runbook accuracy are judged by people (003 §8.3)
    assessment: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    created_by: Mapped[str] = mapped_column(String(128), nullable=False)
    created_at: Mapped[datetime] = mapped_column(nullable=False)


class Improvement(Base):
    """A training improvement item, TI-NNN (003 §8.3), owned and due like an action item."""

    __tablename__ = "drill_improvements"
    __table_args__ = (Index("ix_drill_improvements_drill", "drill_id"),)

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    drill_id: Mapped[int] = mapped_column(ForeignKey("drills.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    owner: Mapped[str | None] = mapped_column(String(64))
    due: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="todo")
    created_by: Mapped[str] = mapped_column(String(128), nullable=False)
    created_at: Mapped[datetime] = mapped_column(nullable=False)
