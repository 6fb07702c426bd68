"""Request bodies are bounded before anything reads them, and free text is bounded too."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest
from sqlalchemy import Engine, func, select

from tests.support.alert_payloads import am_alert, am_payload
from tests.support.web import Web, web_app
from warroom.alerts import integrations
from warroom.clock import FixedClock
from warroom.core.actor import Actor
from warroom.core.bounds import NOTE_MAX, SUMMARY_MAX
from warroom.db.uow import read_session, unit_of_work
from warroom.timeline.models import TimelineEvent

LIMIT = 64 * 1024


@pytest.fixture
def small(engine: Engine, tmp_path: Path, clock: FixedClock) -> Iterator[Web]:
    with web_app(engine, tmp_path / "data", clock, max_body_bytes=LIMIT) as app:
        yield app


def _events(engine: Engine) -> int:
    with read_session(engine) as session:
        return int(session.scalar(select(func.count()).select_from(TimelineEvent)) or 0)


def _is_413(response: Any) -> None:
    assert response.status_code == 413, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "payload_too_large"
    assert f"{LIMIT:,}" in response.json()["detail"]


def test_a_declared_length_over_the_limit_is_refused_before_sign_in(small: Web) -> None:
    # no credentials at all: the size is refused first, so nobody learns more than that
    response = small.client.post(
        "/api/v1/incidents",
        content=b"x" * (LIMIT + 1),
        headers={"content-type": "application/json"},
    )
    _is_413(response)
    assert response.headers["connection"] == "close"
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("declared", [b"9" * 5000, b"-1", b"12abc"])
def test_an_unreadable_content_length_is_refused(small: Web, declared: bytes) -> None:
    app = small.client.app
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"{}", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = _scope([(b"content-length", declared), (b"content-type", b"application/json")])
    anyio.run(lambda: app(scope, receive, send))  # type: ignore[operator]
    assert sent[0]["status"] == 413


def _scope(headers: list[tuple[bytes, bytes]]) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/v1/incidents",
        "raw_path": b"/api/v1/incidents",
        "root_path": "",
        "query_string": b"",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "state": {},
    }


def test_a_chunked_body_over_the_limit_is_refused(small: Web) -> None:
    incident = small.declare()
    before = _events(small.engine)

    def chunks() -> Iterator[bytes]:
        yield b'{"kind": "note", "body": "'
        for _ in range(LIMIT // 1024 + 1):
            yield b"x" * 1024
        yield b'"}'

    response = small.client.post(
        f"/api/v1/incidents/{incident}/timeline",
        content=chunks(),
        headers={**small.auth("responder"), "content-type": "application/json"},
    )
    _is_413(response)
    assert _events(small.engine) == before


def test_a_chunked_body_under_the_limit_is_read(small: Web) -> None:
    incident = small.declare()

    def chunks() -> Iterator[bytes]:
        yield b'{"kind": "note", '
        yield b'"body": "sent in pieces"}'

    response = small.client.post(
        f"/api/v1/incidents/{incident}/timeline",
        content=chunks(),
        headers={**small.auth("responder"), "content-type": "application/json"},
    )
    assert response.status_code == 201, response.text


def test_an_endless_chunked_body_is_read_only_up_to_the_limit(small: Web) -> None:
    app = small.client.app
    received = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal received
        received += 1
        return {"type": "http.request", "body": b"x" * 1024, "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = _scope([(b"transfer-encoding", b"chunked"), (b"content-type", b"application/json")])

    async def call() -> None:
        await app(scope, receive, send)  # type: ignore[operator]

    anyio.run(call)
    assert sent[0]["status"] == 413
    assert received == LIMIT // 1024 + 1  # stopped at the first chunk past the limit


def test_a_50_mb_note_is_refused_and_nothing_is_stored(web: Web) -> None:
    incident = web.declare()
    before = _events(web.engine)
    response = web.client.post(
        f"/api/v1/incidents/{incident}/timeline",
        json={"kind": "note", "body": "x" * 50_000_000},
        headers=web.auth("responder"),
    )
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
    assert _events(web.engine) == before
    room = web.client.get(f"/incidents/{incident}", headers=web.auth("viewer"))
    assert len(room.content) < 200_000


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/api/v1/incidents/{incident}/timeline", {"kind": "note", "body": "x" * (NOTE_MAX + 1)}),
        ("/api/v1/incidents/{incident}/status-updates", {"body": "x" * (NOTE_MAX + 1)}),
        ("/api/v1/incidents/{incident}/severity", {"to": "P3", "reason": "x" * (NOTE_MAX + 1)}),
        ("/api/v1/incidents/{incident}/transitions", {"to": "acknowledged", "note": "x" * 30_000}),
        ("/api/v1/incidents", {"title": "x" * 301, "severity": "P2"}),
        ("/api/v1/incidents", {"title": "t", "severity": "P2", "summary": "x" * (SUMMARY_MAX + 1)}),
        (
            "/api/v1/action-items",
            {
                "incident_id": "{incident}",
                "title": "Alert on pool use",
                "item_type": "monitoring",
                "priority": "P1",
                "description": "x" * (NOTE_MAX + 1),
            },
        ),
    ],
)
def test_free_text_past_its_limit_is_a_422_and_nothing_changes(
    web: Web, url: str, body: dict[str, str]
) -> None:
    incident = web.declare()
    before = _events(web.engine)
    payload = {k: v.replace("{incident}", incident) for k, v in body.items()}
    response = web.client.post(
        url.format(incident=incident), json=payload, headers=web.auth("responder")
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    detail = response.json()["detail"]
    assert "limit" in detail or "at most" in detail
    assert _events(web.engine) == before
    state = web.client.get(f"/api/v1/incidents/{incident}", headers=web.auth("viewer")).json()
    assert (state["state"], state["severity"]) == ("detected", "P1")


def test_a_note_at_the_limit_is_kept_whole(web: Web) -> None:
    incident = web.declare()
    response = web.client.post(
        f"/api/v1/incidents/{incident}/timeline",
        json={"kind": "note", "body": "가" * NOTE_MAX},
        headers=web.auth("responder"),
    )
    assert response.status_code == 201, response.text
    assert response.json()["body"] == "가" * NOTE_MAX


def test_alert_receivers_keep_their_own_limit(small: Web, clock: FixedClock) -> None:
    with unit_of_work(small.engine) as session:
        token = integrations.create_integration(
            session=session, actor=Actor("alice"), now=clock.now(), kind="alertmanager", name="p"
        ).token
    alert = am_alert()
    alert["annotations"] = {"description": "x" * (2 * LIMIT)}  # over the site-wide limit
    url = "/api/v1/alerts/alertmanager"
    bearer = {"Authorization": f"Bearer {token}"}
    accepted = small.client.post(url, json=am_payload(alert), headers=bearer)
    assert accepted.status_code == 202, accepted.text
    alert["annotations"] = {"description": "x" * (4 * 1024 * 1024)}  # over the receivers' 4 MiB
    refused = small.client.post(url, json=am_payload(alert), headers=bearer)
    assert refused.status_code == 413
    assert refused.json()["code"] == "payload_too_large"
    assert "max_alerts" in refused.json()["hint"]
