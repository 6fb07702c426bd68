"""The durable job table: one row per unit of background work.

Rows are written in the same transaction as the change that needs them, so a job
exists exactly when its cause was committed, and it survives any restart.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from warroom.db.base import Base


class JobStatus(StrEnum):
    QUEUED = "queued"  # waiting for run_at
    RUNNING = "running"  # claimed; the lease (locked_until) says until when
    DONE = "done"
    FAILED = "failed"  # the last attempt failed; retried at run_at
    DEAD = "dead"  # out of attempts; kept for inspection
    CANCELLED = "cancelled"  # its cause went away before it ran (an acknowledged page)


UNFINISHED = (JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.FAILED)
_UNFINISHED_SQL = "status IN ('queued', 'running', 'failed')"


class Job(Base):
    __tablename__ = "jobs"
    __table_args__ = (
        # A dedupe key names one pending piece of work: unique only while unfinished,
        # so the same key can be enqueued again once the earlier job is done.
        Index(
            "uq_jobs_dedupe_key_unfinished",
            "dedupe_key",
            unique=True,
            sqlite_where=text(_UNFINISHED_SQL),
            postgresql_where=text(_UNFINISHED_SQL),
        ),
        Index("ix_jobs_claimable", "status", "run_at"),
        Index("ix_jobs_scope", "scope", "status"),
    )

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    kind: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default=JobStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=10)
    run_at: Mapped[datetime]
    locked_by: Mapped[str | None] = mapped_column(String(100))
    locked_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    dedupe_key: Mapped[str | None] = mapped_column(String(200))
    # What the job belongs to, so its cause can cancel it (e.g. "page:INC-…").
    scope: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"<Job {self.id} {self.kind} {self.status} attempt {self.attempts}>"
