"""API times without a zone mean the configured zone (Asia/Seoul in these tests), as in the CLI."""

from __future__ import annotations

from tests.support.web import Web


def test_declare_and_amend_read_naive_times_in_the_team_zone(web: Web) -> None:
    incident = web.declare(started_at="2026-11-22T13:40:00", detected_at="2026-11-22 13:50")
    shown = web.client.get(f"/api/v1/incidents/{incident}", headers=web.auth("viewer")).json()
    assert (shown["started_at"], shown["detected_at"]) == (
        "2026-11-22T04:40:00Z",
        "2026-11-22T04:50:00Z",
    )
    amended = web.client.patch(
        f"/api/v1/incidents/{incident}",
        json={"started_at": "2026-11-22T13:30"},
        headers=web.auth("responder"),
    )
    assert amended.status_code == 200, amended.text
    shown = web.client.get(f"/api/v1/incidents/{incident}", headers=web.auth("viewer")).json()
    assert shown["started_at"] == "2026-11-22T04:30:00Z"


def test_timeline_entries_read_naive_times_in_the_team_zone(web: Web) -> None:
    incident = web.declare()
    added = web.client.post(
        f"/api/v1/incidents/{incident}/timeline",
        json={"kind": "deploy", "body": "v2 out", "occurred_at": "2026-11-22T13:45:00"},
        headers=web.auth("responder"),
    )
    assert added.status_code == 201, added.text
    assert added.json()["occurred_at"] == "2026-11-22T04:45:00Z"


def test_a_naive_due_date_means_the_team_zone(web: Web) -> None:
    incident = web.declare()
    item = {"incident_id": incident, "title": "Alert", "item_type": "monitoring", "priority": "P1"}
    created = web.client.post(
        "/api/v1/action-items",
        json={**item, "due_at": "2026-12-01T18:00:00"},
        headers=web.auth("responder"),
    )
    assert created.status_code == 201, created.text
    assert created.json()["due_at"] == "2026-12-01T09:00:00Z"


def test_an_explicit_zone_is_kept_and_nonsense_is_a_422(web: Web) -> None:
    incident = web.declare(started_at="2026-11-22T04:40:00Z")
    shown = web.client.get(f"/api/v1/incidents/{incident}", headers=web.auth("viewer")).json()
    assert shown["started_at"] == "2026-11-22T04:40:00Z"
    refused = web.client.post(
        "/api/v1/incidents",
        json={"title": "x", "severity": "P3", "started_at": "after lunch"},
        headers=web.auth("responder"),
    )
    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith("application/problem+json")
