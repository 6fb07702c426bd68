"""People and services as simple records the rest of warroom refers to by handle / name."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from warroom.db.base import Base


class Person(Base):
    __tablename__ = "people"

    handle: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    email: Mapped[str | None] = mapped_column(String(320))
    team: Mapped[str | None] = mapped_column(String(100))
    timezone: Mapped[str] = mapped_column(String(64), nullable=False, default="UTC")
    created_at: Mapped[datetime] = mapped_column(nullable=False)


class Service(Base):
    __tablename__ = "services"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    team: Mapped[str | None] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(nullable=False)
