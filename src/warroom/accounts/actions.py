"""Account writes: add users, set passwords, sign in and out, issue and revoke API tokens.

Like every action these never commit; the CLI runtime or the web request does.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, update
from sqlalchemy.orm import Session

from warroom.accounts import passwords, rules, throttle
from warroom.accounts.models import ApiToken, User, WebSession
from warroom.accounts.queries import find_user, get_token, get_user, lock_enabled_admins
from warroom.accounts.rules import Role
from warroom.core.actor import Actor
from warroom.errors import Conflict, InvalidInput, TooManyAttempts, Unauthenticated

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
    """Give a user another role; the last enabled admin keeps theirs.

    Tokens are not touched: a token acts with the lower of its own scope and its
    owner's current role (`rules.effective_token_role`), so lowering a role lowers its
    tokens and restoring the role gives them back exactly their scope.
    """
    user = get_user(session, username)
    new_role = rules.parse_role(role)
    if new_role is not Role.ADMIN:
        _keep_an_admin(session, user)
    user.role = new_role.value
    return user


def disable_user(*, session: Session, actor: Actor, now: datetime, username: str) -> User:
    """Shut an account out: its sessions end and its tokens stop working at once."""
    user = get_user(session, username)
    if user.disabled_at is not None:
        raise Conflict(f"user {user.username} is already disabled", hint="Nothing to do.")
    _keep_an_admin(session, user)
    user.disabled_at = now
    user.auth_version += 1
    return user


def _keep_an_admin(session: Session, user: User) -> None:
    """Refuse to take away the last enabled admin (rows locked until commit: see query)."""
    admins = lock_enabled_admins(session)
    others = sum(1 for admin in admins if admin != user.id)
    rules.ensure_an_admin_remains(user.username, is_admin=user.id in admins, other_admins=others)


def enable_user(*, session: Session, actor: Actor, username: str) -> User:
    """Let a disabled account back in (its old sessions stay ended)."""
    user = get_user(session, username)
    if user.disabled_at is None:
        raise Conflict(f"user {user.username} is not disabled", hint="Nothing to do.")
    user.disabled_at = None
    return user


def sign_in(
    *, session: Session, now: datetime, username: str, password: str, client: str | None = None
) -> User:
    """Check a password in one session (the CLI and tests); see the three steps below.

    The web uses the steps in three transactions so that argon2's work never runs while
    the database's write lock is held (on SQLite, one writer at a time for everyone).
    """
    if client is not None and not count_sign_in(
        session=session, now=now, username=username, client=client
    ):
        raise too_many_sign_ins()
    checked = check_password(session=session, username=username, password=password)
    return finish_sign_in(
        session=session, checked=checked, username=username, password=password, client=client
    )


def count_sign_in(*, session: Session, now: datetime, username: str, client: str) -> bool:
    """Step 1 (a write): count the attempt in the shared throttle (`accounts.throttle`).

    False when the window's attempts are used up: refuse with `too_many_sign_ins()`,
    unchecked. Commit either way, before the password is checked.
    """
    return throttle.count_attempt(session, username=username, client=client, now=now)


def too_many_sign_ins() -> TooManyAttempts:
    return TooManyAttempts(
        "too many failed sign-ins for this user name from this address",
        hint=f"Wait {int(throttle.WINDOW.total_seconds()) // 60} minutes and try again.",
    )


@dataclass(frozen=True, slots=True)
class CheckedPassword:
    """A password that matched this stored hash (step 2's answer)."""

    user_id: int
    password_hash: str


def check_password(*, session: Session, username: str, password: str) -> CheckedPassword:
    """Step 2 (reads only): the same error and the same argon2 work for an unknown user, a
    disabled one, one without a password and a wrong password."""
    found = find_user(session, username)
    user = found if found is not None and found.disabled_at is None else None
    stored = user.password_hash if user is not None else None
    if not passwords.verify_password(stored, password) or user is None or stored is None:
        raise _bad_login()
    return CheckedPassword(user.id, stored)


def finish_sign_in(
    *,
    session: Session,
    checked: CheckedPassword,
    username: str,
    password: str,
    client: str | None,
) -> User:
    """Step 3 (a write): the account must still be the one checked (enabled, same
    password); forget the throttle's count and upgrade an old hash."""
    user = session.get(User, checked.user_id)
    if user is None or user.disabled_at is not None or user.password_hash != checked.password_hash:
        raise _bad_login()  # changed between the check and now: check again
    if client is not None:
        throttle.clear(session, username=username, client=client)
    if passwords.needs_rehash(checked.password_hash):
        user.password_hash = passwords.hash_password(password)
    return user


def start_web_session(*, session: Session, now: datetime, user: User, hours: int) -> str:
    """Record a signed-in browser and return its key (for the cookie; only a hash is kept).

    Expired sessions of everyone are deleted here, which keeps the table bounded.
    """
    session.execute(delete(WebSession).where(WebSession.expires_at <= now))
    key = secrets.token_urlsafe(32)
    session.add(
        WebSession(
            key_hash=rules.hash_secret(key),
            user_id=user.id,
            auth_version=user.auth_version,
            created_at=now,
            expires_at=now + timedelta(hours=hours),
        )
    )
    return key


def end_web_session(*, session: Session, key: str) -> None:
    """Sign a browser out on the server: its cookie, wherever it was copied, stops working."""
    session.execute(delete(WebSession).where(WebSession.key_hash == rules.hash_secret(key)))


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
    expires_at: datetime | None = None,
) -> IssuedToken:
    """Issue an API token for a user, at most with the user's role; refused from
    `expires_at` on (None: until revoked)."""
    if expires_at is not None and expires_at <= now:
        raise InvalidInput(
            "the expiry must be in the future",
            hint="Give a later time, e.g. --expires 2030-01-31 or --expires 90d.",
        )
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
        expires_at=expires_at,
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


def touch_token(session: Session, token_id: int, now: datetime) -> bool:
    """Record that a token was used now, unless that was written less than a minute ago
    (by this process or another): one conditional UPDATE, no read first."""
    cutoff = now - rules.TOUCH_EVERY
    done = session.execute(
        update(ApiToken)
        .where(
            ApiToken.id == token_id,
            or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at <= cutoff),
        )
        .values(last_used_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(done, "rowcount", 0))


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
