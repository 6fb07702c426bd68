"""Back-dated changes through the API (`at` on every transition and role endpoint) and
the room's "record a past change" form. Now is 2026-11-22 14:00 KST; the zone is KST."""

from __future__ import annotations

from tests.support.web import Web

PAST = {"started_at": "2026-11-22 09:50", "detected_at": "2026-11-22 10:00"}


def _detail(web: Web, incident: str) -> dict[str, object]:
    response = web.client.get(f"/api/v1/incidents/{incident}", headers=web.auth("viewer"))
    return dict(response.json())


def test_every_transition_and_role_endpoint_takes_at(web: Web) -> None:
    incident = web.declare(**PAST)
    base, who = f"/api/v1/incidents/{incident}", web.auth("responder")
    steps = [
        ("/transitions", {"to": "acknowledged", "at": "2026-11-22 10:05"}),
        ("/roles", {"role": "ic", "handle": "minsu", "at": "2026-11-22 10:06"}),
        ("/severity", {"to": "P2", "reason": "one region", "at": "2026-11-22T01:10:00Z"}),
        ("/status-updates", {"body": "Failing over", "at": "2026-11-22 10:20"}),
        ("/transitions", {"to": "resolved", "at": "2026-11-22 11:00"}),
        ("/reopen", {"reason": "errors back", "at": "2026-11-22 11:20+09:00"}),
    ]
    for path, body in steps:
        response = web.client.post(base + path, json=body, headers=who)
        assert response.status_code in (200, 201), response.text
    detail = _detail(web, incident)
    assert detail["acknowledged_at"] == "2026-11-22T01:05:00Z"
    assert detail["durations"]["tta"] == 300.0  # type: ignore[index]
    assert detail["sla"]["response"] == "met"  # type: ignore[index]
    assert detail["roles"][0]["assigned_at"] == "2026-11-22T01:06:00Z"  # type: ignore[index]
    events = detail["timeline"]
    assert [e["occurred_at"] for e in events] == [  # type: ignore[union-attr]
        "2026-11-22T01:00:00Z",
        "2026-11-22T01:05:00Z",
        "2026-11-22T01:06:00Z",
        "2026-11-22T01:10:00Z",
        "2026-11-22T01:20:00Z",
        "2026-11-22T02:00:00Z",
        "2026-11-22T02:20:00Z",
    ]
    assert {e["recorded_at"] for e in events} == {"2026-11-22T05:00:00Z"}  # type: ignore[union-attr]
    updates = web.client.get(f"{base}/status-updates", headers=who).json()
    assert updates[0]["posted_at"] == "2026-11-22T01:20:00Z"


def test_impossible_times_are_422_problems_and_change_nothing(web: Web) -> None:
    incident = web.declare(**PAST)
    base, who = f"/api/v1/incidents/{incident}", web.auth("responder")
    web.client.post(base + "/transitions", json={"to": "mitigated", "at": "11:00"}, headers=who)
    before = _detail(web, incident)
    for path, body, message in [
        ("/transitions", {"to": "resolved", "at": "2026-11-22 10:30"}, "was mitigated"),
        ("/transitions", {"to": "resolved", "at": "2026-11-22 15:00"}, "in the future"),
        ("/roles", {"role": "ic", "handle": "x", "at": "2026-11-22 09:00"}, "started"),
        ("/transitions", {"to": "resolved", "at": "soon"}, "at: cannot read the time"),
    ]:
        response = web.client.post(base + path, json=body, headers=who)
        assert response.status_code == 422, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        problem = response.json()
        assert message in problem["detail"]
    assert _detail(web, incident) == before


def test_the_room_records_a_past_change_and_shows_when_it_was_recorded(web: Web) -> None:
    incident = web.declare(**PAST)
    csrf = web.login()
    room = f"/incidents/{incident}"
    page = web.client.get(room).text
    assert 'id="backdate-form"' in page
    response = web.client.post(
        f"{room}/transition",
        data={"csrf_token": csrf, "to": "acknowledged", "at": "2026-11-22T10:07"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert _detail(web, incident)["acknowledged_at"] == "2026-11-22T01:07:00Z"
    page = web.client.get(room).text
    assert "2026-11-22 10:07:00 KST" in page
    assert "recorded 2026-11-22 14:00:00 KST" in page
    refused = web.client.post(
        f"{room}/transition",
        data={"csrf_token": csrf, "to": "mitigated", "at": "2026-11-22T09:00"},
        headers={"referer": f"http://testserver{room}"},
        follow_redirects=False,
    )
    assert refused.status_code == 303
    assert "is before the incident was acknowledged" in web.client.get(room).text
    assert _detail(web, incident)["state"] == "acknowledged"


FILE = {
    "warroom_incident": 1,
    "title": "결제 DB 커넥션 풀 고갈",
    "severity": "P1",
    "started_at": "2026-11-22 09:50",
    "detected_at": "2026-11-22 10:00",
    "events": [
        {"at": "2026-11-22 10:05", "state": "acknowledged"},
        {"at": "2026-11-22 10:06", "role": "ic", "person": "minsu"},
        {"at": "2026-11-22 11:00", "state": "resolved"},
    ],
}


def test_an_incident_file_is_imported_through_the_api(web: Web) -> None:
    who = web.auth("responder")
    created = web.client.post("/api/v1/incidents/import", json=FILE, headers=who)
    assert created.status_code == 201, created.text
    detail = _detail(web, created.json()["id"])
    assert (detail["state"], detail["resolved_at"]) == ("resolved", "2026-11-22T02:00:00Z")
    bad = {**FILE, "events": [*FILE["events"], {"at": "2026-11-22 10:30", "state": "mitigatd"}]}
    refused = web.client.post("/api/v1/incidents/import", json=bad, headers=who)
    assert refused.status_code == 422
    assert "events[3].state" in refused.json()["detail"]
    listed = web.client.get("/api/v1/incidents", headers=web.auth("viewer")).json()
    assert listed["total"] == 1
