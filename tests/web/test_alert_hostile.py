"""Hostile alert payloads (issue 21): each is answered 2xx or 4xx, never 500, and none
stops the deliveries after it. Both databases (PostgreSQL refuses NUL in text)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, select

from tests.support.alert_payloads import am_alert, am_payload
from tests.support.asgi import Client
from tests.support.deliveries import make_token
from warroom.alerts.models import Delivery
from warroom.alerts.queries import list_deliveries
from warroom.alerts.rules import MAX_SHOWN_LINE
from warroom.clock import FixedClock
from warroom.config import Settings
from warroom.db.uow import read_session
from warroom.incidents.models import Incident
from warroom.incidents.policy import IncidentPolicy
from warroom.timeline.models import TimelineEvent
from warroom.web.app import create_app
from warroom.web.receiver import Receiver
from warroom.worker import Applier

AM = "/api/v1/alerts/alertmanager"
PD = "/api/v1/alerts/pagerduty/v2/enqueue"


@pytest.fixture
def app(engine: Engine, clock: FixedClock, tmp_path: Path) -> Iterator[object]:
    url = engine.url.render_as_string(hide_password=False)
    built = create_app(Settings(data_dir=tmp_path, database_url=url), clock=clock)
    yield built
    built.state.warroom.engine.dispose()


@pytest.fixture
def token(engine: Engine, clock: FixedClock) -> str:
    return make_token(engine, clock)


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}


def _apply(engine: Engine) -> int:
    return Applier(engine, policy=IncidentPolicy()).drain()


def _timeline(engine: Engine) -> list[TimelineEvent]:
    with read_session(engine) as session:
        return list(session.scalars(select(TimelineEvent).where(TimelineEvent.kind == "alert")))


def test_nul_in_labels_and_annotations_is_stored_as_a_replacement_character(
    app: object, token: str, engine: Engine
) -> None:
    alert = am_alert(instance="web\u00001")
    alert["annotations"]["summary"] = "bad\u0000byte"
    alert.pop("fingerprint")
    response = Client(app).post(AM, json=am_payload(alert), headers=_bearer(token))
    assert response.status_code == 202, response.text
    later = Client(app).post(
        AM, json=am_payload(am_alert("Disk"), group_key="other"), headers=_bearer(token)
    )
    assert later.status_code == 202
    assert _apply(engine) == 2  # the NUL delivery applied, and the one after it
    with read_session(engine) as session:
        assert {d.status for d in session.scalars(select(Delivery))} == {"applied"}
        assert session.scalar(select(Incident.id).limit(1)) is not None
    lines = [event.body for event in _timeline(engine)]
    assert any("instance=web\ufffd1 — bad\ufffdbyte" in line for line in lines), lines
    assert not any("\x00" in line for line in lines)


def test_a_raw_nul_byte_in_one_request_fails_no_other_request_of_its_batch(
    app: object, token: str, engine: Engine
) -> None:
    # Three requests in one group commit: the writer waits until all three are queued.
    app.state.alert_receiver = Receiver(app.state.warroom, batch=3, linger=30.0)  # type: ignore[attr-defined]
    good = [json.dumps(am_payload(group_key=f"g{i}")).encode() for i in range(2)]
    bad = json.dumps(am_payload(group_key="nul")).encode().replace(b"web-1", b"web\x001")

    async def send_all() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            calls = [client.post(AM, content=b, headers=_bearer(token)) for b in [*good, bad]]
            return list(await asyncio.gather(*calls))

    responses = asyncio.run(send_all())
    assert [r.status_code for r in responses] == [202, 202, 202], [r.text for r in responses]
    with read_session(engine) as session:
        bodies = list(session.scalars(select(Delivery.body).order_by(Delivery.id)))
    assert len(bodies) == 3
    assert "web\ufffd1" in bodies[2]  # what PostgreSQL can store; the sha256 is the raw body's
    assert _apply(engine) == 3


@pytest.mark.parametrize("path", [AM, PD])
@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b'{"version": "4", "groupKey": "\\ud800", "labels": {}}', "lone UTF-16 surrogate"),
        (b"[" * 100_000, "nested too deeply"),
    ],
    ids=["lone-surrogate", "deep-nesting"],
)
def test_unparseable_bodies_are_400_and_kept_as_rejected(
    app: object, token: str, engine: Engine, path: str, body: bytes, reason: str
) -> None:
    response = Client(app).post(path, content=body, headers=_bearer(token))
    assert response.status_code == 400, response.text
    assert any(reason in error for error in response.json()["errors"])
    with read_session(engine) as session:
        [row] = list_deliveries(session, status="rejected")  # `alerts deliveries --rejected`
    assert any(reason in error for error in row.errors)
    assert _apply(engine) == 0


def test_a_surrogate_deep_inside_a_label_is_refused_too(
    app: object, token: str, engine: Engine
) -> None:
    body = json.dumps(am_payload(am_alert(instance="web-1"))).replace("web-1", "web\\udfff")
    response = Client(app).post(AM, content=body.encode(), headers=_bearer(token))
    assert response.status_code == 400
    assert "lone UTF-16 surrogate" in response.json()["errors"][0]


def test_huge_label_values_are_shortened_on_the_timeline_not_in_the_delivery(
    app: object, token: str, engine: Engine
) -> None:
    alert = am_alert()
    alert["labels"]["pod"] = "p" * 100_000
    alert["annotations"]["summary"] = "s" * 100_000
    alert.pop("fingerprint")
    response = Client(app).post(AM, json=am_payload(alert), headers=_bearer(token))
    assert response.status_code == 202
    assert _apply(engine) == 1
    [event] = _timeline(engine)
    assert len(event.body) < MAX_SHOWN_LINE + 200
    assert "shortened" in event.body
    with read_session(engine) as session:
        stored = session.get_one(Delivery, response.json()["delivery"])
    assert "p" * 100_000 in stored.body  # the raw delivery is intact


def test_a_missing_token_is_401_and_a_wrong_one_403(app: object, engine: Engine) -> None:
    missing = Client(app).post(AM, json=am_payload())
    assert (missing.status_code, missing.json()["code"]) == (401, "unauthenticated")
    wrong = Client(app).post(AM, json=am_payload(), headers=_bearer("wr_wrong"))
    assert (wrong.status_code, wrong.json()["code"]) == (403, "forbidden")
    with read_session(engine) as session:
        assert session.scalar(select(Delivery.id).limit(1)) is None


def _call(app: object, headers: list[tuple[bytes, bytes]], chunks: int) -> tuple[int, int]:
    """POST `chunks` chunks of 64 KiB to the receiver; return (status, chunks it read)."""
    read = 0
    sent: list[dict[str, object]] = []

    async def receive() -> dict[str, object]:
        nonlocal read
        read += 1
        return {"type": "http.request", "body": b"[" * 65536, "more_body": read < chunks}

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": AM,
        "raw_path": AM.encode(),
        "query_string": b"token=wr_bogus",
        "root_path": "",
        "headers": [(b"host", b"t"), *headers],
        "client": ("127.0.0.1", 1),
        "server": ("t", 80),
    }
    asyncio.run(app(scope, receive, send))  # type: ignore[operator]
    return int(sent[0]["status"]), read  # type: ignore[call-overload]


def test_a_declared_oversized_body_is_413_before_a_byte_is_read(app: object) -> None:
    status, read = _call(app, [(b"content-length", str(400 * 2**20).encode())], 6400)
    assert (status, read) == (413, 0)


def test_a_chunked_body_is_read_only_up_to_the_limit(app: object, engine: Engine) -> None:
    # 400 MiB offered in 64 KiB chunks; the receiver stops just past its 4 MiB limit.
    status, read = _call(app, [(b"transfer-encoding", b"chunked")], 6400)
    assert status == 413
    assert read <= 4 * 16 + 1
    with read_session(engine) as session:
        assert session.scalar(select(Delivery.id).limit(1)) is None  # 413: nothing stored
