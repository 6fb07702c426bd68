"""Account writes: add users, set passwords, sign in, issue and revoke API tokens.

Like every action these never commit; the CLI runtime or the web request does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from warroom.accounts import passwords, rules
from warroom.accounts.models import ApiToken, User
from warroom.accounts.queries import find_user, get_token, get_user
from warroom.accounts.rules import Role
from warroom.core.actor import Actor
from warroom.errors import Conflict, InvalidInput, Unauthenticated

DEMO_ADMIN = "demo"


def add_user(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    username: str,
    role: str,
    password: str | None = None,
    display_name: str | None = None,
) -> User:
    """Create a local account; without a password it can sign in only by token or proxy."""
    name = rules.normalize_username(username)
    if find_user(session, name) is not None:
        raise Conflict(f"user {name} already exists", hint="Use `warroom user passwd` instead.")
    user = User(
        username=name,
        display_name=(display_name or name).strip() or name,
        role=rules.parse_role(role).value,
        password_hash=passwords.hash_password(rules.check_password(password)) if password else None,
        auth_version=1,
        created_at=now,
    )
    session.add(user)
    session.flush()
    return user


def set_password(
    *, session: Session, actor: Actor, now: datetime, username: str, password: str
) -> User:
    """Replace a password; sessions signed with the old one end at their next request."""
    user = get_user(session, username)
    user.password_hash = passwords.hash_password(rules.check_password(password))
    user.auth_version += 1
    return user


def change_role(*, session: Session, actor: Actor, username: str, role: str) -> User:
    """Give a user another role; tokens above the new role are lowered with it."""
    user = get_user(session, username)
    new_role = rules.parse_role(role)
    user.role = new_role.value
    for token in user.tokens:
        if not rules.allows(new_role, Role(token.role)):
            token.role = new_role.value
    return user


def disable_user(*, session: Session, actor: Actor, now: datetime, username: str) -> User:
    """Shut an account out: its sessions end and its tokens stop working at once."""
    user = get_user(session, username)
    if user.disabled_at is not None:
        raise Conflict(f"user {user.username} is already disabled", hint="Nothing to do.")
    user.disabled_at = now
    user.auth_version += 1
    return user


def enable_user(*, session: Session, actor: Actor, username: str) -> User:
    """Let a disabled account back in (its old sessions stay ended)."""
    user = get_user(session, username)
    if user.disabled_at is None:
        raise Conflict(f"user {user.username} is not disabled", hint="Nothing to do.")
    user.disabled_at = None
    return user


def sign_in(*, session: Session, now: datetime, username: str, password: str) -> User:
    """Check a password; the same error for an unknown user and a wrong password."""
    user = find_user(session, username)
    if user is None or user.disabled_at is not None:
        passwords.dummy_verify(password)
        raise _bad_login()
    if not passwords.verify_password(user.password_hash, password):
        raise _bad_login()
    if user.password_hash and passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    return user


def _bad_login() -> Unauthenticated:
    return Unauthenticated(
        "wrong username or password", hint="Ask an admin to run `warroom user passwd`."
    )


@dataclass(frozen=True, slots=True)
class IssuedToken:
    token: ApiToken
    secret: str  # the full bearer token; shown once, never stored


def create_token(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    username: str,
    role: str | None = None,
    name: str = "",
) -> IssuedToken:
    """Issue an API token for a user, at most with the user's role."""
    user = get_user(session, username)
    if user.disabled_at is not None:
        raise InvalidInput(f"user {user.username} is disabled", hint="Enable the user first.")
    granted = rules.token_role(Role(user.role), rules.parse_role(role) if role else None)
    full, lookup, secret = rules.new_token()
    token = ApiToken(
        lookup=lookup,
        secret_hash=rules.hash_secret(secret),
        user_id=user.id,
        role=granted.value,
        name=name.strip()[:100],
        created_at=now,
        created_by=str(actor),
    )
    session.add(token)
    session.flush()
    return IssuedToken(token=token, secret=full)


def revoke_token(*, session: Session, actor: Actor, now: datetime, token_id: int) -> ApiToken:
    """Revoke a token; the next request that presents it gets 401."""
    token = get_token(session, token_id)
    if token.revoked_at is not None:
        raise Conflict(f"token {token_id} is already revoked", hint="Nothing to do.")
    token.revoked_at = now
    return token


def ensure_demo_admin(session: Session, now: datetime) -> tuple[str, str]:
    """Create (or reset) the demo admin with a fresh random password and return both."""
    from warroom.core.actor import SYSTEM

    password = rules.new_password()
    if find_user(session, DEMO_ADMIN) is None:
        add_user(
            session=session,
            actor=SYSTEM,
            now=now,
            username=DEMO_ADMIN,
            role=Role.ADMIN.value,
            password=password,
            display_name="Demo admin",
        )
    else:
        user = set_password(
            session=session, actor=SYSTEM, now=now, username=DEMO_ADMIN, password=password
        )
        user.role, user.disabled_at = Role.ADMIN.value, None
    return DEMO_ADMIN, password
