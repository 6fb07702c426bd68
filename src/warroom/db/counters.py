"""Gap-free counters for human IDs (INC-YYYYMMDD-NNN, AI-NNN, TI-NNN).

One row per scope, bumped with an upsert inside the caller's transaction: the row
lock serialises concurrent declares, and a rolled-back transaction gives its number
back, so the sequence has no gaps.
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
