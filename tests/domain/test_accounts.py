"""Account actions on a real database: users, passwords, tokens, the demo admin."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from warroom.accounts import actions, passwords, queries
from warroom.accounts.models import User, WebSession
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


def test_set_password_ends_the_users_web_sessions(
    session: Session, clock: FixedClock, actor: Actor
) -> None:
    user = _user(session, clock, actor, password=PASSWORD)
    key = actions.start_web_session(session=session, now=clock.now(), user=user, hours=12)
    assert queries.principal_for_session(session, key, clock.now()) is not None
    actions.set_password(
        session=session, actor=actor, now=clock.now(), username="jane", password="new password 2"
    )
    assert user.auth_version == 2
    assert queries.principal_for_session(session, key, clock.now()) is None


def test_a_web_session_ends_at_sign_out_and_at_expiry(
    session: Session, clock: FixedClock, actor: Actor
) -> None:
    user = _user(session, clock, actor, password=PASSWORD)
    first = actions.start_web_session(session=session, now=clock.now(), user=user, hours=12)
    second = actions.start_web_session(session=session, now=clock.now(), user=user, hours=12)
    actions.end_web_session(session=session, key=first)
    assert queries.principal_for_session(session, first, clock.now()) is None
    principal = queries.principal_for_session(session, second, clock.now())
    assert principal is not None
    assert (principal.username, principal.via) == ("jane", "session")
    assert queries.principal_for_session(session, second, clock.now() + timedelta(hours=12)) is None
    assert session.scalar(select(func.count()).select_from(WebSession)) == 1
    later = clock.now() + timedelta(hours=13)
    actions.start_web_session(session=session, now=later, user=user, hours=12)
    assert session.scalar(select(func.count()).select_from(WebSession)) == 1  # expired: gone


def test_tokens_resolve_until_revoked(session: Session, clock: FixedClock, actor: Actor) -> None:
    _user(session, clock, actor, role="admin")
    issued = actions.create_token(
        session=session, actor=actor, now=clock.now(), username="jane", role="viewer", name="ci"
    )
    assert issued.token.secret_hash not in issued.secret
    principal = queries.principal_for_token(session, issued.secret, clock.now())
    assert principal is not None
    assert (principal.username, principal.role.value, principal.via) == ("jane", "viewer", "token")
    assert queries.principal_for_token(session, issued.secret + "x", clock.now()) is None
    actions.revoke_token(session=session, actor=actor, now=clock.now(), token_id=issued.token.id)
    assert queries.principal_for_token(session, issued.secret, clock.now()) is None
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


def _token_role(session: Session, secret: str) -> str:
    principal = queries.principal_for_token(session, secret, datetime.now(UTC))
    assert principal is not None
    return principal.role.value


def test_a_token_acts_with_its_scope_capped_by_its_owners_current_role(
    session: Session, clock: FixedClock, actor: Actor
) -> None:
    _user(session, clock, actor, name="boss", role="admin")
    _user(session, clock, actor, role="admin")
    full = actions.create_token(session=session, actor=actor, now=clock.now(), username="jane")
    scoped = actions.create_token(
        session=session, actor=actor, now=clock.now(), username="jane", role="responder"
    )
    actions.change_role(session=session, actor=actor, username="jane", role="viewer")
    assert (_token_role(session, full.secret), _token_role(session, scoped.secret)) == (
        "viewer",
        "viewer",
    )
    actions.change_role(session=session, actor=actor, username="jane", role="admin")
    # restoring the role restores each token to its own scope, not beyond it
    assert (_token_role(session, full.secret), _token_role(session, scoped.secret)) == (
        "admin",
        "responder",
    )
    assert (full.token.role, scoped.token.role) == ("admin", "responder")


def test_the_last_admin_cannot_be_demoted_or_disabled(
    session: Session, clock: FixedClock, actor: Actor
) -> None:
    _user(session, clock, actor, role="admin")
    _user(session, clock, actor, name="kim", role="responder")
    for attempt in (
        lambda: actions.change_role(session=session, actor=actor, username="jane", role="viewer"),
        lambda: actions.disable_user(
            session=session, actor=actor, now=clock.now(), username="jane"
        ),
    ):
        with pytest.raises(Conflict) as refused:
            attempt()
        assert refused.value.code == "last_admin"
    jane = queries.get_user(session, "jane")
    assert (jane.role, jane.disabled_at) == ("admin", None)
    actions.change_role(session=session, actor=actor, username="jane", role="admin")  # no-op
    actions.change_role(session=session, actor=actor, username="kim", role="viewer")


def test_an_admin_may_step_down_while_another_admin_remains(
    session: Session, clock: FixedClock, actor: Actor
) -> None:
    _user(session, clock, actor, role="admin")
    _user(session, clock, actor, name="kim", role="admin")
    actions.change_role(session=session, actor=actor, username="jane", role="responder")
    with pytest.raises(Conflict):
        actions.disable_user(session=session, actor=actor, now=clock.now(), username="kim")
    actions.change_role(session=session, actor=actor, username="jane", role="admin")
    actions.disable_user(session=session, actor=actor, now=clock.now(), username="kim")
    # a disabled admin does not count: jane is the last enabled one again
    with pytest.raises(Conflict):
        actions.change_role(session=session, actor=actor, username="jane", role="viewer")


class SpyHasher:
    """Wraps the real argon2 hasher and records which hashes were verified."""

    def __init__(self, real: PasswordHasher) -> None:
        self.real = real
        self.verified: list[str] = []

    def verify(self, stored: str, password: str) -> bool:
        self.verified.append(stored)
        return self.real.verify(stored, password)

    def __getattr__(self, name: str) -> object:
        return getattr(self.real, name)


@pytest.mark.parametrize("case", ["wrong password", "no password", "unknown", "disabled"])
def test_every_refused_sign_in_runs_one_argon2_verification(
    session: Session, clock: FixedClock, actor: Actor, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    """No timing tells an account without a password (or none at all) from a wrong one."""
    _user(session, clock, actor, name="boss", role="admin")
    _user(session, clock, actor, password=None if case == "no password" else PASSWORD)
    if case == "disabled":
        actions.disable_user(session=session, actor=actor, now=clock.now(), username="jane")
    spy = SpyHasher(passwords._hasher())
    monkeypatch.setattr(passwords, "_hasher", lambda: spy)
    name = "nobody" if case == "unknown" else "jane"
    with pytest.raises(Unauthenticated):
        actions.sign_in(session=session, now=clock.now(), username=name, password="a guess 12345")
    assert len(spy.verified) == 1
    assert spy.verified[0].startswith("$argon2id$")
    parameters = spy.verified[0].rsplit("$", 2)[0]
    assert parameters == passwords.hash_password("x" * 10).rsplit("$", 2)[0]  # same cost


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
    user = _user(session, clock, actor, password=PASSWORD)
    key = actions.start_web_session(session=session, now=clock.now(), user=user, hours=12)
    issued = actions.create_token(session=session, actor=actor, now=clock.now(), username="jane")
    actions.disable_user(session=session, actor=actor, now=clock.now(), username="jane")
    assert queries.principal_for_token(session, issued.secret, clock.now()) is None
    assert queries.principal_for_session(session, key, clock.now()) is None
    with pytest.raises(Unauthenticated):
        actions.sign_in(session=session, now=clock.now(), username="jane", password=PASSWORD)
    with pytest.raises(Conflict):
        actions.disable_user(session=session, actor=actor, now=clock.now(), username="jane")
    actions.enable_user(session=session, actor=actor, username="jane")
    assert actions.sign_in(session=session, now=clock.now(), username="jane", password=PASSWORD)
    assert queries.principal_for_token(session, issued.secret, clock.now()) is not None
    assert queries.principal_for_session(session, key, clock.now()) is None  # stays ended
