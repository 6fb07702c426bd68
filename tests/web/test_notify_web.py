"""Paging in the browser and the API: the ack link page, the delivery log, the policy
editor, contact methods with verification and a test button."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tests.support.paging import FakeChannel, add_people, make_notifier, make_worker
from tests.support.web import Web
from warroom.db.uow import read_session
from warroom.notifications.models import Delivery


def _paged(web: Web) -> tuple[str, FakeChannel, object]:
    add_people(web.engine, web.clock, "jane", "bob")
    mail = FakeChannel()
    notifier = make_notifier(web.clock, {"email": mail}, secret_key="test-secret-key")
    worker = make_worker(web.engine, web.clock, notifier)
    incident = web.declare(services=["checkout"])
    worker.drain()
    return incident, mail, worker


def test_the_ack_link_acknowledges_once_without_signing_in(web: Web) -> None:
    incident, mail, _worker = _paged(web)
    [page] = mail.to("jane@example.com")
    path = page.ack_url.removeprefix("http://warroom.test")
    shown = web.client.get(path)
    assert shown.status_code == 200 and 'id="ack-button"' in shown.text
    assert shown.headers["cache-control"] == "no-store"
    done = web.client.post(path)
    assert done.status_code == 200 and "the pending escalation has stopped" in done.text
    again = web.client.get(path)
    assert again.status_code == 410 and "already been used" in again.text
    detail = web.client.get(f"/api/v1/incidents/{incident}", headers=web.auth("viewer")).json()
    assert detail["state"] == "acknowledged"
    assert web.client.get("/ack/not-a-token").status_code == 404


def test_the_ack_link_is_refused_after_resolve_with_a_clear_page(web: Web) -> None:
    incident, mail, _worker = _paged(web)
    token = mail.to("jane@example.com")[0].ack_url.rsplit("/", 1)[-1]
    resolved = web.client.post(
        f"/api/v1/incidents/{incident}/transitions",
        json={"to": "resolved"},
        headers=web.auth("responder"),
    )
    assert resolved.status_code in (200, 201), resolved.text
    page = web.client.post(f"/ack/{token}")
    assert page.status_code == 409 and "already resolved" in page.text
    api = web.client.post(f"/api/v1/ack/{token}")
    assert api.status_code == 409 and api.json()["code"] == "ack_link_resolved"


def test_the_api_ack_is_what_ntfy_posts(web: Web) -> None:
    incident, mail, worker = _paged(web)
    token = mail.to("jane@example.com")[0].ack_url.rsplit("/", 1)[-1]
    answer = web.client.post(f"/api/v1/ack/{token}")
    assert answer.status_code == 200
    assert answer.json() == {
        "incident": incident,
        "person": "jane",
        "acknowledged": True,
        "state": "acknowledged",
    }
    web.clock.advance(timedelta(hours=1))
    worker.drain()
    assert mail.to("bob@example.com") == []


def test_delivery_log_page_and_api(web: Web) -> None:
    incident, _mail, _worker = _paged(web)
    rows = web.client.get(
        f"/api/v1/incidents/{incident}/deliveries", headers=web.auth("viewer")
    ).json()
    assert [(r["person"], r["channel"], r["state"], r["step"]) for r in rows] == [
        ("jane", "email", "sent", 1)
    ]
    assert rows[0]["attempts"][0]["status"] == "ok"
    web.login()
    page = web.client.get(f"/incidents/{incident}/deliveries")
    assert page.status_code == 200 and 'id="deliveries"' in page.text and "jane" in page.text


def test_escalation_matrix_and_policy_editing(web: Web) -> None:
    matrix = web.client.get("/api/v1/escalation/matrix", headers=web.auth("viewer")).json()
    assert [p["name"] for p in matrix] == ["default-p1", "default-p2", "default-p3", "default-p4"]
    assert matrix[0]["matrix"][1] == [
        "oncall:secondary",
        "role:incident_commander",
        "team:team-leads",
    ]
    assert matrix[3]["steps"] == []
    body = {
        "severity": "P1",
        "service": "checkout",
        "steps": [{"at": 0, "targets": ["person:jane"]}],
    }
    refused = web.client.put(
        "/api/v1/escalation/policies/checkout-p1", json=body, headers=web.auth("responder")
    )
    assert refused.status_code == 403
    saved = web.client.put(
        "/api/v1/escalation/policies/checkout-p1", json=body, headers=web.auth("admin")
    )
    assert saved.status_code == 200, saved.text
    bad = web.client.put(
        "/api/v1/escalation/policies/bad",
        json={**body, "service": "x", "steps": [{"at": 0, "targets": ["pager:jane"]}]},
        headers=web.auth("admin"),
    )
    assert bad.status_code == 422 and "not an escalation target" in bad.json()["detail"]
    for_checkout = web.client.get(
        "/api/v1/escalation/matrix?service=checkout", headers=web.auth("viewer")
    ).json()
    assert for_checkout[0]["name"] == "checkout-p1"
    csrf = web.login()
    page = web.client.get("/escalation")
    assert 'id="matrix"' in page.text and "checkout-p1" in page.text
    posted = web.client.post(
        "/escalation/policies",
        data={
            "csrf_token": csrf,
            "name": "db-p2",
            "service": "db",
            "severity": "P2",
            "steps": '[{"at": 0, "targets": ["team:dba"]}]',
            "repeat": "1",
        },
        follow_redirects=False,
    )
    assert posted.status_code == 303
    stored = web.client.get("/api/v1/escalation/policies", headers=web.auth("viewer")).json()
    assert {p["name"] for p in stored} == {"checkout-p1", "db-p2"}


def test_contact_methods_are_verified_by_code_and_can_be_tested(web: Web) -> None:
    add_people(web.engine, web.clock, "jane")
    csrf = web.login()
    web.client.post(
        "/people/jane/contacts",
        data={"csrf_token": csrf, "kind": "sms", "address": "+821012345678"},
    )
    methods = web.client.get(
        "/api/v1/people/jane/contact-methods", headers=web.auth("viewer")
    ).json()
    sms = next(m for m in methods if m["kind"] == "sms")
    assert sms["verified"] is False
    with read_session(web.engine) as session:
        code = session.scalars(select(Delivery.context).where(Delivery.purpose == "verify")).one()[
            "code"
        ]
    wrong = web.client.post(
        f"/api/v1/people/jane/contact-methods/{sms['id']}/verify",
        json={"code": "000000" if code != "000000" else "111111"},
        headers=web.auth("responder"),
    )
    assert wrong.status_code == 422
    web.client.post(
        f"/people/jane/contacts/{sms['id']}/verify", data={"csrf_token": csrf, "code": code}
    )
    page = web.client.get("/people/jane/contacts")
    assert "✓" in page.text and "test-button" in page.text
    tested = web.client.post(
        f"/people/jane/contacts/{sms['id']}/test",
        data={"csrf_token": csrf},
        follow_redirects=False,
    )
    assert tested.status_code == 303
    with read_session(web.engine) as session:
        purposes = set(session.scalars(select(Delivery.purpose)))
    assert {"verify", "test"} <= purposes


def test_external_contacts_are_listed_in_the_room(web: Web) -> None:
    created = web.client.post(
        "/api/v1/services/checkout/external-contacts",
        json={
            "name": "pg-vendor",
            "vendor": "Managed PostgreSQL",
            "phone": "+82-2-000-0000",
            "email": "support@db.example",
        },
        headers=web.auth("responder"),
    )
    assert created.status_code == 201
    incident = web.declare(services=["checkout"])
    web.login()
    room = web.client.get(f"/incidents/{incident}")
    assert 'id="external-contacts"' in room.text and "Managed PostgreSQL" in room.text
