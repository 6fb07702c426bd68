"""Roles, usernames, passwords and the token format: pure rules, no session."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from warroom.errors import Conflict, InvalidInput, PermissionDenied


class Role(StrEnum):
    VIEWER = "viewer"
    RESPONDER = "responder"
    ADMIN = "admin"


_RANK = {Role.VIEWER: 0, Role.RESPONDER: 1, Role.ADMIN: 2}
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
MIN_PASSWORD = 10
TOKEN_PREFIX = "wrt"  # noqa: S105 - a public marker, not a secret


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling and how they proved it (session, token or proxy)."""

    username: str
    role: Role
    via: str
    # A token's id when its `last_used_at` is due to be written (at most once a minute).
    touch_token: int | None = None


def parse_role(value: str) -> Role:
    try:
        return Role(value.strip().lower())
    except ValueError:
        raise InvalidInput(
            f"unknown role '{value}'", hint="Use viewer, responder or admin."
        ) from None


def allows(have: Role, need: Role) -> bool:
    return _RANK[have] >= _RANK[need]


def ensure_allowed(have: Role, need: Role, doing: str) -> None:
    if not allows(have, need):
        raise PermissionDenied(
            f"{doing} needs the {need.value} role; you are {have.value}",
            hint="Ask an admin for a higher role (`warroom user add --role ...`).",
        )


def token_role(user_role: Role, requested: Role | None) -> Role:
    """A token carries at most its owner's role (default: the owner's role)."""
    if requested is None:
        return user_role
    if not allows(user_role, requested):
        raise InvalidInput(
            f"a {user_role.value} cannot hold a {requested.value} token",
            hint="Give the user that role first, or ask for a lower --role.",
        )
    return requested


def effective_token_role(owner_role: Role, scope: Role) -> Role:
    """What a token may do now: its own scope, never more than its owner's current role.

    A token's stored role is its scope, fixed when it is issued. Lowering the owner's
    role lowers what the token may do without touching it, and restoring the role
    restores the token to its scope (never above it).
    """
    return scope if allows(owner_role, scope) else owner_role


def ensure_an_admin_remains(username: str, *, is_admin: bool, other_admins: int) -> None:
    """Refuse to demote or disable the last enabled admin: nobody could manage accounts."""
    if is_admin and other_admins == 0:
        raise Conflict(
            f"{username} is the last admin; warroom would be left without one",
            hint="Make another user admin first (`warroom user role NAME admin`).",
            code="last_admin",
        )


def normalize_username(value: str) -> str:
    name = value.strip().lstrip("@").lower()
    if not _USERNAME.match(name):
        raise InvalidInput(
            f"'{value}' is not a valid username",
            hint="Use lower-case letters, digits, '.', '_' or '-', e.g. jane.doe.",
        )
    return name


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(
            f"the password is shorter than {MIN_PASSWORD} characters",
            hint="Use a passphrase of several words.",
        )
    return password


def new_token() -> tuple[str, str, str]:
    """Return (full token, lookup, secret); only the full token is ever shown."""
    lookup, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    return f"{TOKEN_PREFIX}_{lookup}_{secret}", lookup, secret


# "Last used" is written at most this often per token, so a busy script costs one small
# write a minute rather than one per request.
TOUCH_EVERY = timedelta(minutes=1)


def token_due_touch(last_used: datetime | None, now: datetime) -> bool:
    return last_used is None or now - last_used >= TOUCH_EVERY


def split_token(raw: str) -> tuple[str, str] | None:
    parts = raw.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX or not parts[1] or not parts[2]:
        return None
    return parts[1], parts[2]


def hash_secret(secret: str) -> str:
    """Tokens are 256 random bits, so one SHA-256 is enough (no slow hash needed)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def new_password() -> str:
    return secrets.token_urlsafe(12)
