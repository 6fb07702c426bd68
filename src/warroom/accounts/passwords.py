"""Argon2id password hashes (argon2-cffi's defaults, RFC 9106 low-memory profile)."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """Check `password` against `stored`; without a hash, against a dummy one, then say no.

    So every refusal costs one argon2 verification with the same parameters: the time
    of an answer does not tell whether the account exists, is disabled or has no
    password.
    """
    try:
        matched = _hasher().verify(stored or _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return False
    return matched and bool(stored)


def needs_rehash(stored: str) -> bool:
    return _hasher().check_needs_rehash(stored)


def warm_up() -> None:
    """Make the dummy hash now, so the first refusal costs no more than later ones."""
    _dummy_hash()


@cache
def _dummy_hash() -> str:
    return hash_password("warroom-dummy-password")
