"""A real `warroom serve` behind a reverse proxy: whose X-Forwarded-For counts.

uvicorn on its own rewrites the client address from X-Forwarded-For whenever the
caller is on loopback. That broke SSO sign-in behind any proxy that sets the header
(the proxy's address was gone by the time warroom checked it) and let a caller on
loopback pick a fresh throttle key for every password guess. Only a real server shows
what uvicorn does, so these start one.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.processes import Process, free_port
from warroom.accounts.actions import add_user
from warroom.clock import SystemClock
from warroom.core.actor import SYSTEM
from warroom.db.engine import make_engine
from warroom.db.uow import unit_of_work
from warroom.migrations.runner import upgrade

PASSWORD = "correct horse battery"
pytestmark = pytest.mark.slow


def _serve(data: Path, **settings: str) -> Iterator[str]:
    engine = make_engine(f"sqlite:///{data / 'warroom.db'}")
    upgrade(engine)
    with unit_of_work(engine) as session:
        now = SystemClock().now()
        add_user(
            session=session,
            actor=SYSTEM,
            now=now,
            username="alice",
            role="admin",
            password=PASSWORD,
        )
        add_user(session=session, actor=SYSTEM, now=now, username="rita", role="responder")
    engine.dispose()
    port = free_port()
    env = os.environ | {"WARROOM_DATA_DIR": str(data), "WARROOM_SECRET_KEY": "e2e-forwarded"}
    env |= {f"WARROOM_{name.upper()}": value for name, value in settings.items()}
    args = [sys.executable, "-m", "warroom", "serve", "--port", str(port), "--no-worker"]
    url = f"http://127.0.0.1:{port}"
    server = Process(args, f"{url}/api/v1/health", data / "serve.log", env=env).start()
    try:
        yield url
    finally:
        server.stop()


@pytest.fixture(scope="module")
def proxied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """warroom behind an SSO proxy on loopback that sets X-Forwarded-For."""
    yield from _serve(
        tmp_path_factory.mktemp("proxied"),
        forwarded_allow_ips='["127.0.0.1"]',
        proxy_auth_header="X-Forwarded-User",
    )


@pytest.fixture(scope="module")
def direct(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """warroom with no proxy configured (the default), reached on loopback."""
    yield from _serve(tmp_path_factory.mktemp("direct"))


def _guesses(url: str, forwarded_for: list[str]) -> list[int]:
    with httpx.Client(base_url=url, timeout=30) as client:
        client.get("/login")
        form = {
            "username": "alice",
            "password": "a wrong guess",
            "csrf_token": client.cookies["warroom_csrf"],
        }
        return [
            client.post("/login", data=form, headers={"X-Forwarded-For": ip}).status_code
            for ip in forwarded_for
        ]


def test_sso_sign_in_through_a_proxy_that_sets_x_forwarded_for(proxied: str) -> None:
    headers = {"X-Forwarded-User": "rita@corp.example", "X-Forwarded-For": "203.0.113.5"}
    me = httpx.get(f"{proxied}/api/v1/me", headers=headers, timeout=30)
    assert me.status_code == 200, me.text
    assert me.json() == {"username": "rita", "role": "responder", "via": "proxy"}


def test_clients_behind_the_trusted_proxy_are_throttled_one_by_one(proxied: str) -> None:
    assert _guesses(proxied, ["203.0.113.5"] * 6) == [401] * 5 + [429]
    assert _guesses(proxied, ["198.51.100.9"]) == [401]


def test_a_loopback_caller_cannot_reset_the_throttle_with_x_forwarded_for(direct: str) -> None:
    spoofed = [f"203.0.113.{n}" for n in range(6)]
    assert _guesses(direct, spoofed) == [401] * 5 + [429]
    me = httpx.get(f"{direct}/api/v1/me", headers={"X-Forwarded-User": "alice"}, timeout=30)
    assert me.status_code == 401
