"""The audit trail of AI assistants: every tool call an agent makes, by whom and when.

Agents (MCP clients) act for a user with that user's role; each call is one row here,
written in the same transaction as the write it made (or on its own for reads and
refusals), so reviewers can see what a machine did and with which arguments.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from sqlalchemy import Index, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from warroom.db.base import Base

OUTCOMES = ("ok", "refused", "error")


class AgentCall(Base):
    __tablename__ = "agent_calls"
    __table_args__ = (Index("ix_agent_calls_at", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(nullable=False)
    username: Mapped[str] = mapped_column(String(64), nullable=False)
    transport: Mapped[str] = mapped_column(String(16), nullable=False)
    tool: Mapped[str] = mapped_column(String(64), nullable=False)
    arguments_sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    incident_id: Mapped[str | None] = mapped_column(String(32))
    outcome: Mapped[str] = mapped_column(String(16), nullable=False)
    detail: Mapped[str] = mapped_column(String(300), nullable=False, default="")


def arguments_digest(arguments: dict[str, Any]) -> str:
    """Hash the arguments canonically: the log proves what was sent without storing it."""
    raw = json.dumps(arguments, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()


def record_agent_call(
    *,
    session: Session,
    now: datetime,
    username: str,
    transport: str,
    tool: str,
    arguments: dict[str, Any],
    outcome: str,
    detail: str = "",
) -> AgentCall:
    """Append one audit row; the caller's transaction decides whether it lands with a write."""
    incident = arguments.get("incident_id")
    call = AgentCall(
        at=now,
        username=username,
        transport=transport,
        tool=tool,
        arguments_sha256=arguments_digest(arguments),
        incident_id=str(incident)[:32] if incident else None,
        outcome=outcome if outcome in OUTCOMES else "error",
        detail=detail[:300],
    )
    session.add(call)
    return call


def list_agent_calls(
    session: Session, *, username: str | None = None, limit: int = 100
) -> list[AgentCall]:
    """Newest first."""
    query = select(AgentCall).order_by(AgentCall.id.desc()).limit(limit)
    if username:
        query = query.where(AgentCall.username == username)
    return list(session.scalars(query))
