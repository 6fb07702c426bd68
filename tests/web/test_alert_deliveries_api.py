"""/api/v1/alerts/deliveries: dead letters are visible with their errors and can be retried."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tests.support.deliveries import group, make_token, store
from tests.support.web import Web
from warroom.alerts.models import Delivery
from warroom.db.uow import read_session, unit_of_work
from warroom.incidents.policy import IncidentPolicy
from warroom.worker import Applier

URL = "/api/v1/alerts/deliveries"


def _dead_letter(web: Web) -> int:
    """A stored delivery that failed every attempt (as the applier leaves it)."""
    token = make_token(web.engine, web.clock)
    [delivery_id] = store(web.engine, web.clock, token, group("Disk", "db-1"))
    with unit_of_work(web.engine) as session:
        row = session.get_one(Delivery, delivery_id)
        row.status, row.attempts = "failed", 5
        row.errors = [f"attempt {n}: DeadlockDetected: deadlock detected" for n in range(1, 6)]
    return delivery_id


def test_dead_letters_are_listed_with_their_errors(web: Web) -> None:
    delivery_id = _dead_letter(web)
    response = web.client.get(URL, params={"status": "failed"}, headers=web.auth("responder"))
    assert response.status_code == 200, response.text
    [row] = response.json()
    assert (row["id"], row["status"], row["attempts"]) == (delivery_id, "failed", 5)
    assert row["errors"][-1] == "attempt 5: DeadlockDetected: deadlock detected"
    assert "body" not in row
    shown = web.client.get(f"{URL}/{delivery_id}", headers=web.auth("responder"))
    assert shown.status_code == 200
    assert '"groupKey"' in shown.json()["body"]
    assert (
        web.client.get(URL, params={"status": "pending"}, headers=web.auth("responder")).json()
        == []
    )


def test_an_admin_retries_a_dead_letter_and_the_applier_applies_it(web: Web) -> None:
    delivery_id = _dead_letter(web)
    denied = web.client.post(f"{URL}/{delivery_id}/retry", headers=web.auth("responder"))
    assert denied.status_code == 403
    response = web.client.post(f"{URL}/{delivery_id}/retry", headers=web.auth("admin"))
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["status"], body["attempts"], body["retried_by"]) == ("pending", 0, "alice")
    web.clock.advance(timedelta(seconds=1))
    assert Applier(web.engine, policy=IncidentPolicy(), clock=web.clock).drain() == 1
    with read_session(web.engine) as session:
        assert session.scalars(select(Delivery.status)).one() == "applied"

    again = web.client.post(f"{URL}/{delivery_id}/retry", headers=web.auth("admin"))
    assert again.status_code == 409
    assert again.headers["content-type"].startswith("application/problem+json")
    assert again.json()["code"] == "not_dead_letter"


def test_unknown_and_impossible_ids(web: Web) -> None:
    admin = web.auth("admin")
    assert web.client.post(f"{URL}/12345/retry", headers=admin).status_code == 404
    assert web.client.get(f"{URL}/{2**64}", headers=admin).status_code == 422
    assert web.client.get(URL, params={"status": "bogus"}, headers=admin).status_code == 422
    assert web.client.get(URL, headers=web.auth("viewer")).status_code == 403
