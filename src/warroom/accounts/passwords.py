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
    if not stored:
        return False
    try:
        return _hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return _hasher().check_needs_rehash(stored)


# Checked against when the user does not exist, so a wrong username costs as much time
# as a wrong password and does not reveal which accounts exist.
def dummy_verify(password: str) -> None:
    verify_password(_dummy_hash(), password)


@cache
def _dummy_hash() -> str:
    return hash_password("warroom-dummy-password")
