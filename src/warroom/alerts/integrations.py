"""Integrations: create (the token is shown once), authenticate, list, revoke.

Tokens are 32 random bytes, so a plain SHA-256 is enough to store them (no slow hash
needed against guessing), and it keeps the per-request lookup one indexed equality.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from warroom.alerts import rules
from warroom.alerts.models import Integration
from warroom.core.actor import Actor
from warroom.errors import Conflict, NotFound, PermissionDenied, Unauthenticated

TOKEN_PREFIX = "wr_"  # noqa: S105 - a public prefix that makes leaked tokens greppable


@dataclass(frozen=True, slots=True)
class Created:
    integration: Integration
    token: str


def hash_token(token: str) -> str:
    return hashlib.sha256(token.strip().encode("utf-8", "surrogatepass")).hexdigest()


def create_integration(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    kind: str,
    name: str,
    config: dict[str, Any] | None = None,
) -> Created:
    """Register an alert source; the returned token is the only time it is visible."""
    clean = rules.require_name(name)
    if find_integration(session, clean) is not None:
        raise Conflict(
            f"an integration named '{clean}' already exists",
            hint="Pick another --name, or revoke the old one first.",
        )
    rules.check_config(config or {})  # refuse a bad config now, not on every delivery
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    integration = Integration(
        name=clean,
        kind=rules.require_kind(kind),
        token_hash=hash_token(token),
        token_hint=token[:7],
        config=config or {},
        created_at=now,
        created_by=str(actor),
    )
    session.add(integration)
    session.flush()
    return Created(integration, token)


def revoke_integration(*, session: Session, actor: Actor, now: datetime, name: str) -> Integration:
    """Stop accepting the integration's token; its groups and deliveries stay.

    When the transaction commits, `revocations()` moves on, so token caches in this
    process (web.receiver) drop what they hold at once; other processes notice within
    their cache's lifetime.
    """
    integration = get_integration(session, name)
    if integration.revoked_at is None:
        integration.revoked_at = now
        event.listen(session, "after_commit", _count_revocation, once=True)
    return integration


_generation = 0
_generation_lock = threading.Lock()


def revocations() -> int:
    """A number that changes whenever a revocation commits in this process."""
    return _generation


def _count_revocation(_session: Session) -> None:
    global _generation  # noqa: PLW0603 - one process-wide counter, guarded by the lock
    with _generation_lock:
        _generation += 1


def authenticate(session: Session, token: str | None) -> Integration:
    """Return the live integration owning `token`, or raise PermissionDenied."""
    if not token:
        raise Unauthenticated(
            "this endpoint needs an integration token",
            hint="Send `Authorization: Bearer <token>` or put it in the URL (?token=...).",
        )
    integration = session.scalars(
        select(Integration).where(Integration.token_hash == hash_token(token))
    ).one_or_none()
    if integration is None or integration.revoked_at is not None:
        raise PermissionDenied(
            "unknown or revoked integration token",
            hint="`warroom integration list` shows live integrations; create a new one if needed.",
        )
    return integration


def find_integration(session: Session, name: str) -> Integration | None:
    return session.scalars(select(Integration).where(Integration.name == name)).one_or_none()


def get_integration(session: Session, name: str) -> Integration:
    integration = find_integration(session, name)
    if integration is None:
        raise NotFound(
            f"integration '{name}' not found", hint="`warroom integration list` shows them."
        )
    return integration


def list_integrations(session: Session, *, include_revoked: bool = False) -> list[Integration]:
    query = select(Integration).order_by(Integration.name)
    if not include_revoked:
        query = query.where(Integration.revoked_at.is_(None))
    return list(session.scalars(query))
