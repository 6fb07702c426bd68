"""Revoked tokens stop working: at once in the revoking process, within the cache bound elsewhere.

Alert integration tokens are cached by the receiver for TOKEN_CACHE_SECONDS (5 s);
API tokens are not cached at all. The cache's clock is injected, so nothing sleeps.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from tests.support.web import Web, web_app
from warroom.alerts import integrations
from warroom.alerts.models import Integration
from warroom.clock import FixedClock
from warroom.config import Settings
from warroom.core.actor import Actor
from warroom.db.uow import read_session, unit_of_work
from warroom.errors import PermissionDenied
from warroom.web.app import create_app
from warroom.web.receiver import TOKEN_CACHE_SECONDS, Receiver

ROOT = Path(__file__).resolve().parents[2]


class Ticks:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def token(engine: Engine, clock: FixedClock) -> str:
    with unit_of_work(engine) as session:
        return integrations.create_integration(
            session=session, actor=Actor("alice"), now=clock.now(), kind="webhook", name="prod"
        ).token


@pytest.fixture
def receiver(engine: Engine, clock: FixedClock, tmp_path: Path) -> Iterator[tuple[Receiver, Ticks]]:
    url = engine.url.render_as_string(hide_password=False)
    app = create_app(Settings(data_dir=tmp_path, database_url=url), clock=clock)
    ticks = Ticks()
    yield Receiver(app.state.warroom, token_ttl=TOKEN_CACHE_SECONDS, monotonic=ticks), ticks
    app.state.warroom.engine.dispose()


def _accepts(receiver: Receiver, engine: Engine, token: str) -> bool:
    with read_session(engine) as session:
        try:
            receiver._authenticate(session, token)
        except PermissionDenied:
            return False
        return True


def test_revoked_in_this_process_the_token_is_refused_at_once(
    receiver: tuple[Receiver, Ticks], engine: Engine, token: str, clock: FixedClock
) -> None:
    cache, _ticks = receiver
    assert _accepts(cache, engine, token)  # now cached
    with unit_of_work(engine) as session:
        integrations.revoke_integration(
            session=session, actor=Actor("alice"), now=clock.now(), name="prod"
        )
    assert not _accepts(cache, engine, token)


# What `warroom integration revoke prod` does, in a process of its own (the suite's
# schema is made without Alembic, which the CLI would insist on).
REVOKE_ELSEWHERE = """
import sys
from warroom.alerts.integrations import revoke_integration
from warroom.clock import SystemClock
from warroom.core.actor import Actor
from warroom.db.engine import make_engine
from warroom.db.uow import unit_of_work

with unit_of_work(make_engine(sys.argv[1])) as session:
    revoke_integration(session=session, actor=Actor("ops"), now=SystemClock().now(), name="prod")
"""


def test_revoked_by_another_process_the_token_stops_within_the_cache_bound(
    receiver: tuple[Receiver, Ticks], engine: Engine, token: str
) -> None:
    cache, ticks = receiver
    assert _accepts(cache, engine, token)
    revoked = subprocess.run(
        [sys.executable, "-c", REVOKE_ELSEWHERE, engine.url.render_as_string(hide_password=False)],
        cwd=ROOT,
        env=os.environ | {"PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert revoked.returncode == 0, revoked.stderr
    with read_session(engine) as session:
        assert session.scalars(select(Integration.revoked_at)).one() is not None
    ticks.now += TOKEN_CACHE_SECONDS - 0.01
    assert _accepts(cache, engine, token)  # still cached: another process revoked it
    ticks.now += 0.01
    assert not _accepts(cache, engine, token)  # the documented bound


def test_a_revoked_api_token_is_refused_at_once_by_every_process(
    engine: Engine, tmp_path: Path, clock: FixedClock
) -> None:
    with web_app(engine, tmp_path / "one", clock) as first:
        other = create_app(first.settings, clock=clock)
        try:
            with TestClient(other) as second:
                headers = first.auth("responder")
                assert second.get("/api/v1/me", headers=headers).status_code == 200
                _revoke_api_token(first)
                assert first.client.get("/api/v1/me", headers=headers).status_code == 401
                assert second.get("/api/v1/me", headers=headers).status_code == 401
        finally:
            other.state.warroom.engine.dispose()


def _revoke_api_token(web: Web) -> None:
    csrf = web.login()
    web.client.post(f"/admin/tokens/{web.token_ids['responder']}/revoke", data={"csrf_token": csrf})
