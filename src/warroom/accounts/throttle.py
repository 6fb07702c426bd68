"""Slow down password guessing, in the database, for every process that shares it.

Each sign-in attempt is counted before its password is checked, by one atomic upsert
keyed by (user name, client address): within a window of WINDOW from the key's first
attempt, at most MAX_ATTEMPTS are checked and the rest are refused unchecked. A
successful sign-in clears its key. The address is the one the web server saw after
the trusted-proxy rule (`forwarded_allow_ips`), so a caller cannot pick a fresh key
by sending a new X-Forwarded-For; keying by address as well as name means a stranger
cannot lock a user out from everywhere.

The table stays bounded without forgetting lockouts: rows whose window has ended are
deleted as attempts arrive, and above `max_rows` the oldest rows that are not locked
out go too. A locked-out row is never deleted before its window ends, so flooding the
table with new user names cannot lift a lockout (each such row costs the flooder
MAX_ATTEMPTS password checks on the server).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, delete, func, not_, select
from sqlalchemy.orm import Session

from warroom.accounts.models import LoginAttempts
from warroom.db import dialect

MAX_ATTEMPTS = 5
WINDOW = timedelta(minutes=15)
MAX_ROWS = 10_000


def key_of(username: str, client: str | None) -> dict[str, str]:
    """The throttle's key: the user name as sign-in looks it up, and the address."""
    return {"username": username.strip().lstrip("@").lower()[:64], "client": (client or "")[:64]}


def count_attempt(
    session: Session, *, username: str, client: str | None, now: datetime, max_rows: int = MAX_ROWS
) -> bool:
    """Count one attempt; False when the key has used up its window (refuse it unchecked)."""
    key = key_of(username, client)
    cutoff = now - WINDOW
    attempts = dialect.count_in_window(
        session, LoginAttempts.__table__, key, now=now, cutoff=cutoff
    )
    _prune(session, cutoff=cutoff, keep=key, max_rows=max_rows)
    return attempts <= MAX_ATTEMPTS


def clear(session: Session, *, username: str, client: str | None) -> None:
    """Forget a key's attempts (after a successful sign-in)."""
    key = key_of(username, client)
    session.execute(
        delete(LoginAttempts).where(
            LoginAttempts.username == key["username"], LoginAttempts.client == key["client"]
        )
    )


def locked_out(session: Session, *, now: datetime) -> int:
    """How many keys are resting now (for tests and operators)."""
    query = select(func.count()).where(
        LoginAttempts.attempts >= MAX_ATTEMPTS, LoginAttempts.window_start > now - WINDOW
    )
    return int(session.scalar(query) or 0)


def _prune(session: Session, *, cutoff: datetime, keep: dict[str, str], max_rows: int) -> None:
    ended = select(LoginAttempts.id).where(LoginAttempts.window_start <= cutoff)
    _delete(session, ended)
    total = int(session.scalar(select(func.count()).select_from(LoginAttempts)) or 0)
    if total <= max_rows:
        return
    this_key = and_(
        LoginAttempts.username == keep["username"], LoginAttempts.client == keep["client"]
    )
    oldest_unlocked = (
        select(LoginAttempts.id)
        .where(LoginAttempts.attempts < MAX_ATTEMPTS, not_(this_key))
        .order_by(LoginAttempts.window_start, LoginAttempts.id)
        .limit(total - max_rows)
    )
    _delete(session, oldest_unlocked)


def _delete(session: Session, ids: object) -> None:
    # Rows another process is counting right now are left for the next pass, so two
    # servers pruning at once never wait on each other (no deadlock on PostgreSQL).
    locked = dialect.skip_locked(ids, session)
    session.execute(delete(LoginAttempts).where(LoginAttempts.id.in_(locked)))
