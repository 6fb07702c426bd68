"""Gap-free counters for human IDs (INC-YYYYMMDD-NNN, AI-NNN, TI-NNN), and named locks.

One row per scope, bumped with an upsert inside the caller's transaction: the row
lock serialises concurrent declares, and a rolled-back transaction gives its number
back, so the sequence has no gaps. `hold` takes the same row lock without counting:
a check-then-write that spans many rows (a WIP limit counts a whole column) holds it
so two transactions cannot both pass the check.
"""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, Session, mapped_column

from warroom.db import dialect
from warroom.db.base import Base


class Counter(Base):
    __tablename__ = "counters"

    scope: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, nullable=False)


def next_value(session: Session, scope: str) -> int:
    return dialect.increment_counter(session, Counter.__table__, scope)


def hold(session: Session, scope: str) -> None:
    """Serialise the transactions that hold `scope` until each commits or rolls back."""
    dialect.lock_counter(session, Counter.__table__, scope)
