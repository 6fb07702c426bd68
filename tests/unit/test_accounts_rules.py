from __future__ import annotations

import pytest

from warroom.accounts import rules
from warroom.accounts.rules import Role
from warroom.errors import InvalidInput, PermissionDenied


@pytest.mark.parametrize(
    ("have", "need", "allowed"),
    [
        (Role.VIEWER, Role.VIEWER, True),
        (Role.VIEWER, Role.RESPONDER, False),
        (Role.RESPONDER, Role.RESPONDER, True),
        (Role.RESPONDER, Role.ADMIN, False),
        (Role.ADMIN, Role.VIEWER, True),
    ],
)
def test_roles_are_ordered(have: Role, need: Role, allowed: bool) -> None:
    assert rules.allows(have, need) is allowed


def test_ensure_allowed_raises_forbidden_with_a_hint() -> None:
    with pytest.raises(PermissionDenied) as caught:
        rules.ensure_allowed(Role.VIEWER, Role.RESPONDER, "declaring")
    assert caught.value.code == "forbidden"
    assert caught.value.hint


def test_token_role_defaults_to_and_never_exceeds_the_owner() -> None:
    assert rules.token_role(Role.RESPONDER, None) is Role.RESPONDER
    assert rules.token_role(Role.ADMIN, Role.VIEWER) is Role.VIEWER
    with pytest.raises(InvalidInput):
        rules.token_role(Role.VIEWER, Role.ADMIN)


@pytest.mark.parametrize("name", ["", "Bad Name", "x" * 70, "-dash"])
def test_bad_usernames(name: str) -> None:
    with pytest.raises(InvalidInput):
        rules.normalize_username(name)


def test_usernames_are_lower_case_without_at() -> None:
    assert rules.normalize_username(" @Jane.Doe ") == "jane.doe"


def test_short_passwords_are_refused() -> None:
    with pytest.raises(InvalidInput):
        rules.check_password("short")


def test_tokens_split_and_hash() -> None:
    full, lookup, secret = rules.new_token()
    assert full.startswith("wrt_")
    assert rules.split_token(full) == (lookup, secret)
    assert rules.split_token("Bearer nonsense") is None
    assert rules.split_token("wrt__x") is None
    assert rules.hash_secret(secret) != secret
    assert len(rules.hash_secret(secret)) == 64


def test_parse_role() -> None:
    assert rules.parse_role(" Admin ") is Role.ADMIN
    with pytest.raises(InvalidInput):
        rules.parse_role("root")
