from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from tests.support.alert_payloads import am_alert, am_payload, pd_event
from tests.support.asgi import Client
from warroom.alerts import integrations
from warroom.alerts.models import AlertGroup, Delivery, Episode
from warroom.clock import FixedClock
from warroom.config import Settings
from warroom.core.actor import Actor
from warroom.db.uow import read_session, unit_of_work
from warroom.incidents.models import Incident
from warroom.incidents.policy import IncidentPolicy
from warroom.web.app import create_app
from warroom.worker import Applier

AM = "/api/v1/alerts/alertmanager"
PD = "/api/v1/alerts/pagerduty/v2/enqueue"
HOOK = "/api/v1/alerts/webhook"


@pytest.fixture
def client(engine: Engine, clock: FixedClock, tmp_path: Path) -> Iterator[Client]:
    url = engine.url.render_as_string(hide_password=False)
    app = create_app(Settings(data_dir=tmp_path, database_url=url), clock=clock)
    yield Client(app)
    app.state.warroom.engine.dispose()


@pytest.fixture
def token(engine: Engine, clock: FixedClock) -> str:
    with unit_of_work(engine) as session:
        created = integrations.create_integration(
            session=session,
            actor=Actor("alice"),
            now=clock.now(),
            kind="alertmanager",
            name="prod",
            config={"auto_recovery_seconds": 0},
        )
    return created.token


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _apply(engine: Engine) -> int:
    """Run the delivery applier the worker runs, until the backlog is empty."""
    return Applier(engine, policy=IncidentPolicy()).drain()


def _delivery(engine: Engine, delivery_id: int) -> Delivery:
    with read_session(engine) as session:
        return session.get_one(Delivery, delivery_id)


def _count(engine: Engine, model: type) -> int:
    with read_session(engine) as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_alertmanager_delivery_opens_an_incident(
    client: Client, token: str, engine: Engine
) -> None:
    response = client.post(AM, json=am_payload(am_alert()), headers=_bearer(token))
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["status"] == "accepted"
    assert _delivery(engine, body["delivery"]).status == "pending"  # stored, not applied yet
    assert _count(engine, Incident) == 0
    assert _apply(engine) == 1
    first = _delivery(engine, body["delivery"])
    assert (first.status, first.changes) == ("applied", 1)
    with read_session(engine) as session:
        [episode] = session.scalars(select(Episode))
        assert episode.incident_id is not None
        assert episode.incident_id.startswith("INC-20261122-")
    again = client.post(f"{AM}?token={token}", json=am_payload(am_alert()))
    assert again.status_code == 202
    assert _apply(engine) == 1
    assert _delivery(engine, again.json()["delivery"]).status == "unchanged"
    assert _count(engine, Incident) == 1


@pytest.mark.parametrize(
    ("headers", "status", "code"),
    [({}, 401, "unauthenticated"), ({"Authorization": "Bearer wr_nope"}, 403, "forbidden")],
)
def test_unknown_tokens_are_refused_and_nothing_is_stored(
    client: Client, engine: Engine, headers: dict[str, str], status: int, code: str
) -> None:
    response = client.post(AM, json=am_payload(), headers=headers)
    assert response.status_code == status
    assert response.json()["code"] == code
    assert _count(engine, Delivery) == 0


def test_revoked_tokens_are_refused(
    client: Client, token: str, engine: Engine, clock: FixedClock
) -> None:
    with unit_of_work(engine) as session:
        integrations.revoke_integration(
            session=session, actor=Actor("a"), now=clock.now(), name="prod"
        )
    assert client.post(AM, json=am_payload(), headers=_bearer(token)).status_code == 403


def test_malformed_payload_gets_400_with_reasons_and_is_kept(
    client: Client, token: str, engine: Engine
) -> None:
    response = client.post(AM, content=b'{"version": "4"}', headers=_bearer(token))
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == "rejected"
    assert "groupKey is missing or blank" in body["errors"]
    kept = _delivery(engine, body["delivery"])
    assert (kept.status, kept.body) == ("rejected", '{"version": "4"}')


def test_a_malformed_payload_is_stored_but_never_applied(
    client: Client, token: str, engine: Engine
) -> None:
    bad = am_payload(am_alert()) | {"status": "resolved"}  # says resolved, an alert fires
    response = client.post(AM, json=bad, headers=_bearer(token))
    assert response.status_code == 400
    assert "is firing" in response.json()["errors"][0]
    assert _apply(engine) == 0
    kept = _delivery(engine, response.json()["delivery"])
    assert (kept.status, kept.group_id, kept.changes) == ("rejected", None, 0)
    assert _count(engine, AlertGroup) == 0
    assert _count(engine, Incident) == 0


def test_pagerduty_enqueue_answers_like_pagerduty(
    client: Client, token: str, engine: Engine
) -> None:
    event = pd_event(dedup_key=None) | {"routing_key": token}
    response = client.post(PD, json=event)
    assert response.status_code == 202
    body = response.json()
    assert (body["status"], body["message"]) == ("success", "Event processed")
    assert len(body["dedup_key"]) == 32
    resolve = pd_event("resolve", body["dedup_key"]) | {"routing_key": token}
    assert client.post(PD, json=resolve).json()["dedup_key"] == body["dedup_key"]
    assert _apply(engine) == 2
    with read_session(engine) as session:
        [group] = session.scalars(select(AlertGroup))
        # The key generated in the 202 is the one the applier used later.
        assert (group.key, group.status) == (body["dedup_key"], "resolved")


def test_pagerduty_invalid_event(client: Client, token: str) -> None:
    response = client.post(PD, json={"event_action": "trigger"}, headers=_bearer(token))
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == "invalid event"
    assert "'payload' is missing or not an object" in body["errors"]


def test_generic_webhook(client: Client, token: str, engine: Engine) -> None:
    body = {"group": "synthetic/checkout", "title": "Checkout down", "labels": {"severity": "P2"}}
    response = client.post(HOOK, json=body, headers=_bearer(token))
    assert response.status_code == 202, response.text
    assert _apply(engine) == 1
    with read_session(engine) as session:
        [incident] = session.scalars(select(Incident))
        assert (incident.title, incident.severity) == ("Checkout down", "P2")
