"""A web app on the suite's database, with one user per role and their API tokens."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from warroom.clock import FixedClock
from warroom.config import Settings
from warroom.core.actor import SYSTEM

PASSWORD = "correct horse battery"


@dataclass
class Web:
    client: TestClient
    clock: FixedClock
    settings: Settings
    engine: Engine
    tokens: dict[str, str] = field(default_factory=dict)
    token_ids: dict[str, int] = field(default_factory=dict)

    def auth(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def login(self, username: str = "alice", password: str = PASSWORD) -> str:
        """Sign in through the form; return the CSRF token for later posts."""
        self.client.get("/login")
        csrf = self.client.cookies["warroom_csrf"]
        response = self.client.post(
            "/login",
            data={"username": username, "password": password, "csrf_token": csrf, "next": "/"},
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text
        return csrf

    def declare(self, title: str = "Checkout API 5xx", **extra: object) -> str:
        body = {"title": title, "user_impact": "many", "business_impact": "revenue", **extra}
        response = self.client.post("/api/v1/incidents", json=body, headers=self.auth("responder"))
        assert response.status_code == 201, response.text
        return str(response.json()["id"])


@cache
def password_hash() -> str:
    """Hash the test password once per run: argon2 is slow on purpose."""
    from warroom.accounts.passwords import hash_password

    return hash_password(PASSWORD)


def seed_users(engine: Engine, clock: FixedClock) -> tuple[dict[str, str], dict[str, int]]:
    from warroom.accounts.actions import add_user, create_token
    from warroom.db.uow import unit_of_work

    tokens: dict[str, str] = {}
    ids: dict[str, int] = {}
    with unit_of_work(engine) as session:
        for name, role in (("alice", "admin"), ("rita", "responder"), ("vic", "viewer")):
            user = add_user(
                session=session, actor=SYSTEM, now=clock.now(), username=name, role=role
            )
            if name in ("alice", "vic"):
                user.password_hash = password_hash()
            issued = create_token(session=session, actor=SYSTEM, now=clock.now(), username=name)
            tokens[role], ids[role] = issued.secret, issued.token.id
    return tokens, ids


@contextmanager
def web_app(
    engine: Engine,
    data_dir: Path,
    clock: FixedClock,
    *,
    client: tuple[str, int] = ("testclient", 50000),
    **overrides: object,
) -> Iterator[Web]:
    """The app on `engine`; `client` is the address the test client connects from."""
    from warroom.web.app import create_app

    settings = Settings(
        data_dir=data_dir,
        database_url=engine.url.render_as_string(hide_password=False),
        timezone="Asia/Seoul",
        secret_key="test-secret-key",
        **overrides,
    )
    tokens, ids = seed_users(engine, clock)
    app = create_app(settings, clock=clock)
    try:
        with TestClient(app, client=client) as test_client:
            yield Web(
                client=test_client,
                clock=clock,
                settings=settings,
                engine=app.state.warroom.engine,
                tokens=tokens,
                token_ids=ids,
            )
    finally:
        app.state.warroom.engine.dispose()
