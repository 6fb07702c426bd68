"""Look up users and tokens; token resolution compares hashes in constant time."""

from __future__ import annotations

import hmac
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom.accounts.models import ApiToken, User, WebSession
from warroom.accounts.rules import (
    Principal,
    Role,
    effective_token_role,
    hash_secret,
    split_token,
    token_due_touch,
)
from warroom.errors import NotFound


def find_user(session: Session, username: str) -> User | None:
    key = username.strip().lstrip("@").lower()
    return session.scalars(select(User).where(User.username == key)).one_or_none()


def get_user(session: Session, username: str) -> User:
    user = find_user(session, username)
    if user is None:
        raise NotFound(
            f"user {username} not found", hint="`warroom user list` shows existing users."
        )
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def list_tokens(
    session: Session, *, username: str | None = None, include_revoked: bool = False
) -> list[ApiToken]:
    query = select(ApiToken).join(User)
    if username:
        query = query.where(User.username == username.strip().lower())
    if not include_revoked:
        query = query.where(ApiToken.revoked_at.is_(None))
    return list(session.scalars(query.order_by(ApiToken.id)))


def get_token(session: Session, token_id: int) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(
            f"token {token_id} not found", hint="`warroom token list` shows token numbers."
        )
    return token


def principal_for_token(session: Session, raw: str, now: datetime) -> Principal | None:
    """Return who a bearer token speaks for; None when unknown, revoked, expired or its
    user disabled. `touch_token` is set when its "last used" is due (`touch_token`)."""
    parts = split_token(raw)
    if parts is None:
        return None
    lookup, secret = parts
    token = session.scalars(select(ApiToken).where(ApiToken.lookup == lookup)).one_or_none()
    if token is None or not hmac.compare_digest(token.secret_hash, hash_secret(secret)):
        return None
    if token.revoked_at is not None or token.user.disabled_at is not None:
        return None
    if token.expires_at is not None and token.expires_at <= now:
        return None
    role = effective_token_role(Role(token.user.role), Role(token.role))
    due = token_due_touch(token.last_used_at, now)
    return Principal(
        username=token.user.username, role=role, via="token", touch_token=token.id if due else None
    )


def principal_for_session(session: Session, key: str, now: datetime) -> Principal | None:
    """Return who a web session belongs to while it exists, is unexpired and still current.

    It ends when the browser signs out (the row is deleted), when it expires, and when
    the user's password changes or the account is disabled (`auth_version` moves on).
    """
    row = session.scalars(
        select(WebSession).where(WebSession.key_hash == hash_secret(key))
    ).one_or_none()
    if row is None or row.expires_at <= now:
        return None
    user = row.user
    if user.disabled_at is not None or user.auth_version != row.auth_version:
        return None
    return Principal(username=user.username, role=Role(user.role), via="session")


def lock_enabled_admins(session: Session) -> list[int]:
    """Ids of the enabled admins, row-locked until commit (PostgreSQL; SQLite writers
    are serial anyway), so two admins demoting each other at once cannot leave none."""
    query = (
        select(User.id)
        .where(User.role == Role.ADMIN.value, User.disabled_at.is_(None))
        .order_by(User.id)
        .with_for_update()
    )
    return list(session.scalars(query))


def principal_for_proxy(session: Session, username: str, default_role: Role) -> Principal:
    """A proxy-authenticated user: a local account's role, else the configured default."""
    user = find_user(session, username)
    if user is not None and user.disabled_at is None:
        return Principal(username=user.username, role=Role(user.role), via="proxy")
    return Principal(username=username, role=default_role, via="proxy")
