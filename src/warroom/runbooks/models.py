"""The runbook library, runbooks attached to incidents, and the steps run from them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from warroom.db.base import Base


class RunbookRow(Base):
    """One runbook in one language as last synced; `version` comes from its file."""

    __tablename__ = "runbooks"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    lang: Mapped[str] = mapped_column(String(8), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    source: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    loaded_by: Mapped[str] = mapped_column(String(128), nullable=False)
    loaded_at: Mapped[datetime] = mapped_column(nullable=False)


class Attachment(Base):
    """A runbook attached to an incident: the version used and its steps, as attached."""

    __tablename__ = "incident_runbooks"
    __table_args__ = (Index("ix_incident_runbooks_incident", "incident_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False
    )
    runbook_id: Mapped[str] = mapped_column(String(64), nullable=False)
    lang: Mapped[str] = mapped_column(String(8), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    steps: Mapped[list[dict[str, Any]]] = mapped_column(JSON, nullable=False)
    reason: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    attached_by: Mapped[str] = mapped_column(String(128), nullable=False)
    attached_at: Mapped[datetime] = mapped_column(nullable=False)
    detached_at: Mapped[datetime | None] = mapped_column()


class StepRun(Base):
    """A step checked off (done) or skipped with a reason; also a timeline event."""

    __tablename__ = "runbook_step_runs"
    __table_args__ = (Index("ix_runbook_step_runs_attachment", "attachment_id", "step"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    attachment_id: Mapped[int] = mapped_column(
        ForeignKey("incident_runbooks.id", ondelete="CASCADE"), nullable=False
    )
    incident_id: Mapped[str] = mapped_column(String(32), nullable=False)
    step: Mapped[int] = mapped_column(Integer, nullable=False)  # 1-based, as shown
    outcome: Mapped[str] = mapped_column(String(10), nullable=False)  # done | skipped
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    actor: Mapped[str] = mapped_column(String(128), nullable=False)
    at: Mapped[datetime] = mapped_column(nullable=False)
    event_id: Mapped[int] = mapped_column(Integer, nullable=False)
