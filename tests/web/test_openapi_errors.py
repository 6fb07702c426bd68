"""The OpenAPI document states each operation's error answers, and 405 says what is allowed."""

from __future__ import annotations

from typing import Any

from tests.support.web import Web

PROBLEM = "application/problem+json"


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(path, method, op) for path, ops in spec["paths"].items() for method, op in ops.items()]


def _problem_statuses(operation: dict[str, Any]) -> set[int]:
    return {
        int(status)
        for status, response in operation["responses"].items()
        if PROBLEM in response.get("content", {})
    }


def test_every_operation_declares_its_problems(web: Web) -> None:
    spec = web.client.get("/api/openapi.json").json()
    problem = spec["components"]["schemas"]["Problem"]
    assert set(problem["required"]) == {"type", "title", "status", "detail", "code"}
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    for path, method, operation in _operations(spec):
        statuses = _problem_statuses(operation)
        where = f"{method.upper()} {path}"
        assert 413 in statuses, where  # the body limit applies everywhere
        for status in statuses:
            schema = operation["responses"][str(status)]["content"][PROBLEM]["schema"]
            assert schema == {"$ref": "#/components/schemas/Problem"}, where
        if "{" in path:
            assert 404 in statuses, where
        # the alert receivers have their own tokens; a page's signed ack link is its own
        # credential (single use, expiring), so it answers 404 / 409, never 401 / 403
        # and an iCal feed's unguessable URL is the calendar client's credential
        open_paths = ("/api/v1/health", "/api/v1/alerts/", "/api/v1/ack/", "/oncall/ical/")
        if not path.startswith(open_paths):
            assert 401 in statuses, where
            assert "WWW-Authenticate" in operation["responses"]["401"]["headers"], where
        if method != "get" and not path.startswith(open_paths[1:]):
            assert {403, 422} <= statuses, where
        if path.startswith("/api/v1/ack/"):
            assert {404, 409, 422} <= statuses, where
        if "requestBody" in operation:
            assert 400 in statuses, where  # a body that is not JSON at all
    incidents = spec["paths"]["/api/v1/incidents/{incident_id}/transitions"]["post"]
    assert _problem_statuses(incidents) == {400, 401, 403, 404, 409, 413, 422}
    alerts = spec["paths"]["/api/v1/alerts/alertmanager"]["post"]["responses"]
    assert set(alerts) == {"202", "400", "401", "403", "413"}  # 401: no token at all
    allow = spec["components"]["responses"]["MethodNotAllowed"]["headers"]["Allow"]
    assert allow["schema"] == {"type": "string"}


def test_the_stream_is_documented_as_server_sent_events(web: Web) -> None:
    spec = web.client.get("/api/openapi.json").json()
    ok = spec["paths"]["/api/v1/incidents/{incident_id}/events"]["get"]["responses"]["200"]
    assert list(ok["content"]) == ["text/event-stream"]


def test_405_names_every_method_the_path_serves(web: Web) -> None:
    response = web.client.put("/api/v1/incidents", headers=web.auth("viewer"))
    assert response.status_code == 405
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["code"] == "method_not_allowed"
    assert response.headers["allow"] == "GET, POST"
    room = web.client.delete("/api/v1/incidents/INC-20261122-001", headers=web.auth("viewer"))
    assert room.headers["allow"] == "GET, PATCH"
    due = web.client.post("/api/v1/incidents/updates-due", headers=web.auth("viewer"))
    assert due.headers["allow"] == "GET"  # not the methods of /incidents/{incident_id}


def test_an_unparseable_body_is_a_400_problem(web: Web) -> None:
    response = web.client.post(
        "/api/v1/incidents",
        content=b"\xff\xfe{",
        headers={**web.auth("responder"), "content-type": "application/json"},
    )
    assert response.status_code in (400, 422), response.text
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["hint"]
