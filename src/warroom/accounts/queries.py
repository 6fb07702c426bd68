"""Look up users and tokens; token resolution compares hashes in constant time."""

from __future__ import annotations

import hmac

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom.accounts.models import ApiToken, User
from warroom.accounts.rules import Principal, Role, hash_secret, split_token
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


def principal_for_token(session: Session, raw: str) -> Principal | None:
    """Return who a bearer token speaks for; None when unknown, revoked or disabled."""
    parts = split_token(raw)
    if parts is None:
        return None
    lookup, secret = parts
    token = session.scalars(select(ApiToken).where(ApiToken.lookup == lookup)).one_or_none()
    if token is None or not hmac.compare_digest(token.secret_hash, hash_secret(secret)):
        return None
    if token.revoked_at is not None or token.user.disabled_at is not None:
        return None
    return Principal(username=token.user.username, role=Role(token.role), via="token")


def principal_for_session(session: Session, username: str, version: int) -> Principal | None:
    """Return the signed-in user while the cookie's password version is still current."""
    user = find_user(session, username)
    if user is None or user.disabled_at is not None or user.auth_version != version:
        return None
    return Principal(username=user.username, role=Role(user.role), via="session")


def principal_for_proxy(session: Session, username: str, default_role: Role) -> Principal:
    """A proxy-authenticated user: a local account's role, else the configured default."""
    user = find_user(session, username)
    if user is not None and user.disabled_at is None:
        return Principal(username=user.username, role=Role(user.role), via="proxy")
    return Principal(username=username, role=default_role, via="proxy")
