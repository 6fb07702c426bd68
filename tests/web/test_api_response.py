"""Roles, status updates and the timeline through the API."""

from __future__ import annotations

from tests.support.web import Web


def test_assign_and_hand_over_a_role(web: Web) -> None:
    incident = web.declare()
    url = f"/api/v1/incidents/{incident}/roles"
    first = web.client.post(
        url, json={"role": "ic", "handle": "alice"}, headers=web.auth("responder")
    )
    assert first.status_code == 201
    assert first.json()["role"] == "incident_commander"
    web.client.post(url, json={"role": "ic", "handle": "bob"}, headers=web.auth("responder"))
    roles = web.client.get(url, headers=web.auth("viewer")).json()
    assert [(r["handle"], r["relieved_at"] is None) for r in roles] == [
        ("alice", False),
        ("bob", True),
    ]
    unknown = web.client.post(
        url, json={"role": "chef", "handle": "x"}, headers=web.auth("responder")
    )
    assert unknown.json()["code"] == "invalid_input"


def test_status_updates_reset_the_cadence(web: Web) -> None:
    incident = web.declare()
    url = f"/api/v1/incidents/{incident}/status-updates"
    posted = web.client.post(
        url, json={"body": "Rolling back v2.3.4"}, headers=web.auth("responder")
    )
    assert posted.status_code == 201
    assert posted.json()["author"] == "rita"
    assert [u["body"] for u in web.client.get(url, headers=web.auth("viewer")).json()] == [
        "Rolling back v2.3.4"
    ]
    detail = web.client.get(f"/api/v1/incidents/{incident}", headers=web.auth("viewer")).json()
    assert detail["next_update_due"] == "2026-11-22T05:05:00Z"


def test_timeline_add_correct_and_page(web: Web) -> None:
    incident = web.declare()
    url = f"/api/v1/incidents/{incident}/timeline"
    note = web.client.post(
        url, json={"kind": "note", "body": "5xx at 30%"}, headers=web.auth("responder")
    ).json()
    fixed = web.client.post(
        f"{url}/{note['id']}/corrections",
        json={"body": "5xx at 3%"},
        headers=web.auth("responder"),
    )
    assert fixed.status_code == 201
    assert fixed.json()["supersedes"] == note["id"]
    page = web.client.get(f"{url}?limit=2", headers=web.auth("viewer")).json()
    assert page["total"] == 3
    assert page["next_offset"] == 2
    events = web.client.get(url, headers=web.auth("viewer")).json()["items"]
    assert [(e["body"], e["superseded"]) for e in events[1:]] == [
        ("5xx at 30%", True),
        ("5xx at 3%", False),
    ]
    after = web.client.get(f"{url}?after={note['id']}", headers=web.auth("viewer")).json()
    assert [e["id"] for e in after["items"]] == [fixed.json()["id"]]


def test_timeline_refuses_system_kinds(web: Web) -> None:
    incident = web.declare()
    response = web.client.post(
        f"/api/v1/incidents/{incident}/timeline",
        json={"kind": "status_change", "body": "x"},
        headers=web.auth("responder"),
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"


def test_viewer_cannot_add_to_the_timeline(web: Web) -> None:
    incident = web.declare()
    response = web.client.post(
        f"/api/v1/incidents/{incident}/timeline",
        json={"kind": "note", "body": "x"},
        headers=web.auth("viewer"),
    )
    assert response.status_code == 403
