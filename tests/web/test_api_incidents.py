"""The incidents REST API: declare, list with filters and pages, show, move, amend."""

from __future__ import annotations

from datetime import timedelta

from tests.support.web import Web


def test_declare_suggests_severity_from_the_impact_matrix(web: Web) -> None:
    response = web.client.post(
        "/api/v1/incidents",
        json={"title": "Login slow", "user_impact": "some", "business_impact": "work"},
        headers=web.auth("responder"),
    )
    assert response.status_code == 201
    body = response.json()
    assert body["id"] == "INC-20261122-001"
    assert body["severity"] == "P3"
    assert body["state"] == "detected"
    assert body["response_due_at"] == "2026-11-22T07:00:00Z"


def test_declare_is_attributed_to_the_token_owner(web: Web) -> None:
    incident = web.declare()
    detail = web.client.get(f"/api/v1/incidents/{incident}", headers=web.auth("viewer")).json()
    assert detail["declared_by"] == "rita"
    assert detail["timeline"][0]["actor"] == "rita"


def test_declare_without_severity_or_impacts_is_a_problem(web: Web) -> None:
    response = web.client.post(
        "/api/v1/incidents", json={"title": "?"}, headers=web.auth("responder")
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "invalid_input"
    assert "impact" in problem["detail"]
    assert problem["hint"]


def test_malformed_body_is_a_problem_with_stable_code(web: Web) -> None:
    response = web.client.post(
        "/api/v1/incidents", json={"severity": "P1"}, headers=web.auth("responder")
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert "title" in response.json()["detail"]


def test_unknown_incident_is_404_problem(web: Web) -> None:
    response = web.client.get("/api/v1/incidents/INC-20261122-999", headers=web.auth("viewer"))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_unknown_route_is_404_problem(web: Web) -> None:
    response = web.client.get("/api/v1/nothing-here", headers=web.auth("viewer"))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_list_paginates_with_total_and_next_offset(web: Web) -> None:
    ids = [web.declare(f"Incident {n}") for n in range(5)]
    first = web.client.get("/api/v1/incidents?limit=2", headers=web.auth("viewer")).json()
    assert first["total"] == 5
    assert [i["id"] for i in first["items"]] == ids[::-1][:2]
    assert first["next_offset"] == 2
    last = web.client.get("/api/v1/incidents?limit=2&offset=4", headers=web.auth("viewer")).json()
    assert [i["id"] for i in last["items"]] == [ids[0]]
    assert last["next_offset"] is None


def test_list_rejects_an_oversized_page(web: Web) -> None:
    response = web.client.get("/api/v1/incidents?limit=100000", headers=web.auth("viewer"))
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"


def test_list_filters_by_state_severity_service_and_active(web: Web) -> None:
    a = web.declare("Payments down", services=["payments"])
    b = web.declare("Docs typo", severity="P4", user_impact=None, business_impact=None)
    web.client.post(
        f"/api/v1/incidents/{b}/transitions",
        json={"to": "resolved"},
        headers=web.auth("responder"),
    )

    def ids(query: str) -> list[str]:
        page = web.client.get(f"/api/v1/incidents?{query}", headers=web.auth("viewer")).json()
        return [i["id"] for i in page["items"]]

    assert ids("service=payments") == [a]
    assert ids("severity=P4") == [b]
    assert ids("state=resolved") == [b]
    assert ids("active=true") == [a]


def test_transitions_move_the_incident_and_refuse_going_back(web: Web) -> None:
    incident = web.declare()
    url = f"/api/v1/incidents/{incident}/transitions"
    ok = web.client.post(url, json={"to": "mitigated"}, headers=web.auth("responder"))
    assert ok.json()["state"] == "mitigated"
    back = web.client.post(url, json={"to": "acknowledged"}, headers=web.auth("responder"))
    assert back.status_code == 409
    assert back.json()["code"] == "illegal_transition"


def test_close_needs_the_observation_window_or_a_reason(web: Web) -> None:
    incident = web.declare()
    url = f"/api/v1/incidents/{incident}/transitions"
    web.client.post(url, json={"to": "resolved"}, headers=web.auth("responder"))
    early = web.client.post(url, json={"to": "closed"}, headers=web.auth("responder"))
    assert early.status_code == 409
    forced = web.client.post(
        url,
        json={"to": "closed", "force_reason": "verified by synthetic checks"},
        headers=web.auth("responder"),
    )
    assert forced.json()["state"] == "closed"


def test_reopen_and_severity_change(web: Web) -> None:
    incident = web.declare()
    headers = web.auth("responder")
    web.client.post(
        f"/api/v1/incidents/{incident}/transitions", json={"to": "resolved"}, headers=headers
    )
    reopened = web.client.post(
        f"/api/v1/incidents/{incident}/reopen", json={"reason": "errors back"}, headers=headers
    )
    assert reopened.json()["state"] == "investigating"
    lowered = web.client.post(
        f"/api/v1/incidents/{incident}/severity",
        json={"to": "P2", "reason": "one region only"},
        headers=headers,
    )
    assert lowered.json()["severity"] == "P2"


def test_amend_facts(web: Web) -> None:
    incident = web.declare()
    response = web.client.patch(
        f"/api/v1/incidents/{incident}",
        json={"services": ["checkout", "cart"], "deploy_version": "v2.3.4"},
        headers=web.auth("responder"),
    )
    assert response.json()["services"] == ["cart", "checkout"]
    detail = web.client.get(f"/api/v1/incidents/{incident}", headers=web.auth("viewer")).json()
    assert detail["deploy_version"] == "v2.3.4"


def test_updates_due_lists_overdue_incidents(web: Web) -> None:
    incident = web.declare()
    url = "/api/v1/incidents/updates-due"
    assert web.client.get(url, headers=web.auth("viewer")).json()["items"] == []
    web.clock.advance(timedelta(minutes=6))
    due = web.client.get(url, headers=web.auth("viewer")).json()
    assert [d["incident"]["id"] for d in due["items"]] == [incident]
    assert due["items"][0]["overdue_seconds"] == 60
    assert due["total"] == 1


def test_severity_suggest_and_matrix(web: Web) -> None:
    suggestion = web.client.get(
        "/api/v1/severity/suggest?users=all&business=inconvenience", headers=web.auth("viewer")
    ).json()
    assert suggestion["severity"] == "P2"
    matrix = web.client.get("/api/v1/severity/matrix", headers=web.auth("viewer")).json()
    assert matrix["users"] == ["very_few", "some", "many", "all"]
    revenue = next(r for r in matrix["rows"] if r["business"] == "revenue")
    assert revenue["by_users"]["many"] == "P1"
    assert [lvl["response"] for lvl in matrix["levels"]] == [15, 30, 120, "next_business_day"]
    bad = web.client.get(
        "/api/v1/severity/suggest?users=x&business=revenue", headers=web.auth("viewer")
    )
    assert bad.json()["code"] == "invalid_input"


def test_markdown_preview_is_sanitized(web: Web) -> None:
    response = web.client.post(
        "/api/v1/markdown/preview",
        json={"text": "**bold** <script>alert(1)</script> [x](javascript:alert(1))"},
        headers=web.auth("responder"),
    )
    html = response.json()["html"]
    assert "<strong>bold</strong>" in html
    assert "<script>" not in html
    assert 'href="javascript' not in html
