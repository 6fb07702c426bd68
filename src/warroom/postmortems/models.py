"""A postmortem per incident: the structured document, its revision and its workflow."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from warroom.db.base import Base


class Postmortem(Base):
    """`document` is `postmortems.document.Document` as JSON; `revision` counts its edits."""

    __tablename__ = "postmortems"
    __table_args__ = (Index("ix_postmortems_status", "status"),)

    incident_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True
    )
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    template: Mapped[str] = mapped_column(String(64), nullable=False)
    lang: Mapped[str] = mapped_column(String(8), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    document: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    revision: Mapped[int] = mapped_column(Integer, nullable=False)
    content_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    path: Mapped[str] = mapped_column(String(500), nullable=False)
    author: Mapped[str] = mapped_column(String(128), nullable=False)
    reviewers: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    approver: Mapped[str | None] = mapped_column(String(64))
    signoffs: Mapped[list[dict[str, Any]]] = mapped_column(JSON, nullable=False, default=list)
    draft_due_at: Mapped[datetime] = mapped_column(nullable=False)
    review_due_at: Mapped[datetime] = mapped_column(nullable=False)
    created_at: Mapped[datetime] = mapped_column(nullable=False)
    updated_at: Mapped[datetime] = mapped_column(nullable=False)
    submitted_at: Mapped[datetime | None] = mapped_column()
    published_at: Mapped[datetime | None] = mapped_column()
