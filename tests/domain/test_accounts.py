"""Account actions on a real database: users, passwords, tokens, the demo admin."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from warroom.accounts import actions, queries
from warroom.accounts.models import User
from warroom.clock import FixedClock
from warroom.core.actor import Actor
from warroom.errors import Conflict, InvalidInput, NotFound, Unauthenticated

PASSWORD = "a long enough password"


def _user(
    session: Session,
    clock: FixedClock,
    actor: Actor,
    name: str = "jane",
    role: str = "responder",
    password: str | None = None,
) -> User:
    return actions.add_user(
        session=session, actor=actor, now=clock.now(), username=name, role=role, password=password
    )


def test_add_user_hashes_the_password(session: Session, clock: FixedClock, actor: Actor) -> None:
    user = _user(session, clock, actor, password=PASSWORD)
    assert user.password_hash is not None
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    signed_in = actions.sign_in(
        session=session, now=clock.now(), username="JANE", password=PASSWORD
    )
    assert signed_in.id == user.id


def test_duplicate_user_is_a_conflict(session: Session, clock: FixedClock, actor: Actor) -> None:
    _user(session, clock, actor)
    with pytest.raises(Conflict):
        _user(session, clock, actor)


def test_sign_in_refuses_wrong_password_and_unknown_user(
    session: Session, clock: FixedClock, actor: Actor
) -> None:
    _user(session, clock, actor, password=PASSWORD)
    for name, password in (("jane", "wrong password!"), ("nobody", PASSWORD)):
        with pytest.raises(Unauthenticated):
            actions.sign_in(session=session, now=clock.now(), username=name, password=password)


def test_user_without_password_cannot_sign_in(
    session: Session, clock: FixedClock, actor: Actor
) -> None:
    _user(session, clock, actor)
    with pytest.raises(Unauthenticated):
        actions.sign_in(session=session, now=clock.now(), username="jane", password=PASSWORD)


def test_set_password_bumps_the_session_version(
    session: Session, clock: FixedClock, actor: Actor
) -> None:
    user = _user(session, clock, actor, password=PASSWORD)
    assert queries.principal_for_session(session, "jane", 1) is not None
    actions.set_password(
        session=session, actor=actor, now=clock.now(), username="jane", password="new password 2"
    )
    assert user.auth_version == 2
    assert queries.principal_for_session(session, "jane", 1) is None


def test_tokens_resolve_until_revoked(session: Session, clock: FixedClock, actor: Actor) -> None:
    _user(session, clock, actor, role="admin")
    issued = actions.create_token(
        session=session, actor=actor, now=clock.now(), username="jane", role="viewer", name="ci"
    )
    assert issued.token.secret_hash not in issued.secret
    principal = queries.principal_for_token(session, issued.secret)
    assert principal is not None
    assert (principal.username, principal.role.value, principal.via) == ("jane", "viewer", "token")
    assert queries.principal_for_token(session, issued.secret + "x") is None
    actions.revoke_token(session=session, actor=actor, now=clock.now(), token_id=issued.token.id)
    assert queries.principal_for_token(session, issued.secret) is None
    with pytest.raises(Conflict):
        actions.revoke_token(
            session=session, actor=actor, now=clock.now(), token_id=issued.token.id
        )
    assert queries.list_tokens(session) == []
    assert len(queries.list_tokens(session, include_revoked=True)) == 1


def test_token_above_the_users_role_is_refused(
    session: Session, clock: FixedClock, actor: Actor
) -> None:
    _user(session, clock, actor, role="viewer")
    with pytest.raises(InvalidInput):
        actions.create_token(
            session=session, actor=actor, now=clock.now(), username="jane", role="admin"
        )


def test_lowering_a_role_lowers_its_tokens(
    session: Session, clock: FixedClock, actor: Actor
) -> None:
    _user(session, clock, actor, role="admin")
    issued = actions.create_token(session=session, actor=actor, now=clock.now(), username="jane")
    actions.change_role(session=session, actor=actor, username="jane", role="viewer")
    assert issued.token.role == "viewer"


def test_revoking_an_unknown_token_is_not_found(
    session: Session, clock: FixedClock, actor: Actor
) -> None:
    with pytest.raises(NotFound):
        actions.revoke_token(session=session, actor=actor, now=clock.now(), token_id=999)


def test_demo_admin_is_created_then_reset(session: Session, clock: FixedClock) -> None:
    name, first = actions.ensure_demo_admin(session, clock.now())
    assert name == "demo"
    assert actions.sign_in(session=session, now=clock.now(), username=name, password=first)
    again, second = actions.ensure_demo_admin(session, clock.now())
    assert again == "demo"
    assert second != first
    user = actions.sign_in(session=session, now=clock.now(), username=name, password=second)
    assert user.role == "admin"


def test_disabling_a_user_ends_sessions_and_tokens(
    session: Session, clock: FixedClock, actor: Actor
) -> None:
    _user(session, clock, actor, password=PASSWORD)
    issued = actions.create_token(session=session, actor=actor, now=clock.now(), username="jane")
    actions.disable_user(session=session, actor=actor, now=clock.now(), username="jane")
    assert queries.principal_for_token(session, issued.secret) is None
    assert queries.principal_for_session(session, "jane", 2) is None
    with pytest.raises(Unauthenticated):
        actions.sign_in(session=session, now=clock.now(), username="jane", password=PASSWORD)
    with pytest.raises(Conflict):
        actions.disable_user(session=session, actor=actor, now=clock.now(), username="jane")
    actions.enable_user(session=session, actor=actor, username="jane")
    assert actions.sign_in(session=session, now=clock.now(), username="jane", password=PASSWORD)
    assert queries.principal_for_token(session, issued.secret) is not None
