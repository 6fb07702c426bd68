"""Browser tests: the real app under uvicorn on a free loopback port, driven by Debian's
Chromium through Playwright (no browser download). Skipped with a reason when
/usr/bin/chromium is missing, except under CI=true, where that is a failure.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

CHROMIUM = Path(os.environ.get("WARROOM_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("WARROOM_SCREENSHOTS", ROOT / "docs" / "screenshots"))
PASSWORD = "correct horse battery"

pytestmark = pytest.mark.e2e


@dataclass
class Live:
    url: str
    token: str  # a responder's API token, for "someone else" posting through the API
    shots: Path
    app: Any = None  # the running app, for what only the server can see (open streams)

    def api(self) -> httpx.Client:
        return httpx.Client(
            base_url=self.url, headers={"Authorization": f"Bearer {self.token}"}, timeout=10
        )


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _seed(url: str) -> str:
    from tests.support.databases import create_schema
    from warroom.accounts.actions import add_user, create_token
    from warroom.clock import SystemClock
    from warroom.core.actor import SYSTEM
    from warroom.db.engine import make_engine
    from warroom.db.uow import unit_of_work

    engine = make_engine(url)
    create_schema(engine)
    now = SystemClock().now()
    with unit_of_work(engine) as session:
        add_user(
            session=session,
            actor=SYSTEM,
            now=now,
            username="alice",
            role="admin",
            password=PASSWORD,
            display_name="Alice",
        )
        add_user(session=session, actor=SYSTEM, now=now, username="bob", role="responder")
        token = create_token(session=session, actor=SYSTEM, now=now, username="bob").secret
    engine.dispose()
    return token


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    _require_chromium()
    import uvicorn

    from warroom.config import Settings
    from warroom.web.app import create_app

    data = tmp_path_factory.mktemp("e2e")
    settings = Settings(
        data_dir=data,
        timezone="Asia/Seoul",
        secret_key="e2e-secret",
        board_wip_limits={"actions": {"in-progress": 1}},
    )
    token = _seed(settings.resolved_database_url)
    app = create_app(settings)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):  # wait for the socket, not for a duration of work
        if server.started:
            break
        time.sleep(0.05)
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        yield Live(url=f"http://127.0.0.1:{port}", token=token, shots=SHOTS, app=app)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        app.state.warroom.engine.dispose()


@pytest.fixture(scope="module")
def browser(live: Live) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()
