"""The sign-in throttle lives in the database: bounded, lockouts kept, shared by processes."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import Engine, func, insert, select
from sqlalchemy.orm import Session

from warroom.accounts import actions, throttle
from warroom.accounts.models import LoginAttempts
from warroom.clock import FixedClock
from warroom.core.actor import Actor
from warroom.db.engine import make_engine
from warroom.db.uow import unit_of_work
from warroom.errors import TooManyAttempts, Unauthenticated

PASSWORD = "a long enough password"
ALICE = "alice"
HOME = "198.51.100.7"


def _count(session: Session, clock: FixedClock, name: str = ALICE, client: str = HOME) -> bool:
    return throttle.count_attempt(session, username=name, client=client, now=clock.now())


def test_five_attempts_per_window_then_refused_until_it_ends(
    session: Session, clock: FixedClock
) -> None:
    assert [_count(session, clock) for _ in range(6)] == [True] * 5 + [False]
    assert _count(session, clock, client="203.0.113.1")  # another address is not locked
    assert _count(session, clock, name="bob")
    clock.advance(throttle.WINDOW)
    assert _count(session, clock)


def test_a_successful_sign_in_clears_the_count(
    session: Session, clock: FixedClock, actor: Actor
) -> None:
    actions.add_user(
        session=session,
        actor=actor,
        now=clock.now(),
        username=ALICE,
        role="viewer",
        password=PASSWORD,
    )

    def sign_in(password: str) -> None:
        actions.sign_in(
            session=session, now=clock.now(), username=ALICE, password=password, client=HOME
        )

    for _ in range(2):
        with pytest.raises(Unauthenticated):
            sign_in("a wrong guess")
    sign_in(PASSWORD)
    for _ in range(5):
        with pytest.raises(Unauthenticated):
            sign_in("a wrong guess")
    with pytest.raises(TooManyAttempts):
        sign_in(PASSWORD)  # refused unchecked, even with the right password


def _lock_out(session: Session, clock: FixedClock, *names: str) -> None:
    for name in names:
        for _ in range(throttle.MAX_ATTEMPTS):
            _count(session, clock, name=name)


def test_10001_user_names_do_not_lift_a_lockout(session: Session, clock: FixedClock) -> None:
    """The old in-memory throttle forgot every lockout past 10,000 names."""
    _lock_out(session, clock, "alice", "bob")
    clock.advance(timedelta(seconds=1))
    # 10,000 names counted once each (bulk, as count_attempt leaves them), then one more
    session.execute(
        insert(LoginAttempts),
        [
            {"username": f"flood{n}", "client": HOME, "attempts": 1, "window_start": clock.now()}
            for n in range(10_000)
        ],
    )
    clock.advance(timedelta(seconds=1))
    assert _count(session, clock, name="flood10000")
    rows = session.scalar(select(func.count()).select_from(LoginAttempts))
    assert rows == throttle.MAX_ROWS  # bounded: the oldest unlocked rows went
    assert session.scalar(select(func.count()).where(LoginAttempts.username == "flood10000"))
    assert throttle.locked_out(session, now=clock.now()) == 2
    assert not _count(session, clock, name="alice")
    assert not _count(session, clock, name="bob")


def test_past_the_bound_the_oldest_unlocked_rows_go_first(
    session: Session, clock: FixedClock
) -> None:
    _lock_out(session, clock, "alice")
    for n in range(60):
        clock.advance(timedelta(seconds=1))
        throttle.count_attempt(
            session, username=f"user{n}", client=HOME, now=clock.now(), max_rows=20
        )
    names = set(session.scalars(select(LoginAttempts.username)))
    assert names == {"alice"} | {f"user{n}" for n in range(41, 60)}
    assert not _count(session, clock, name="alice")


def test_ended_windows_are_deleted_as_attempts_arrive(session: Session, clock: FixedClock) -> None:
    for n in range(20):
        _count(session, clock, name=f"user{n}")
    clock.advance(throttle.WINDOW)
    _count(session, clock, name="late")
    assert session.scalars(select(LoginAttempts.username)).all() == ["late"]


@pytest.fixture
def second_engine(engine: Engine) -> Iterator[Engine]:
    """Another engine on the same database: what a second server process holds."""
    other = make_engine(engine.url.render_as_string(hide_password=False))
    yield other
    other.dispose()


def _attempt(engine: Engine, clock: FixedClock) -> bool:
    with unit_of_work(engine) as session:
        return _count(session, clock)


def test_two_processes_share_one_count(
    engine: Engine, second_engine: Engine, clock: FixedClock
) -> None:
    allowed = [_attempt(e, clock) for e in (engine, second_engine) * 3]
    assert allowed == [True] * 5 + [False]
    assert not _attempt(engine, clock)
    assert not _attempt(second_engine, clock)


def test_concurrent_attempts_through_two_processes_check_at_most_five(
    engine: Engine, second_engine: Engine, clock: FixedClock
) -> None:
    start = threading.Barrier(8)

    def attempt(n: int) -> bool:
        start.wait()
        return _attempt(engine if n % 2 else second_engine, clock)

    with ThreadPoolExecutor(max_workers=8) as pool:
        allowed = list(pool.map(attempt, range(24)))
    assert allowed.count(True) == throttle.MAX_ATTEMPTS
