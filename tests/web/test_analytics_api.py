"""/api/v1/stats gives the figures `warroom stats --json` prints; bad input is a 4xx."""

from __future__ import annotations

from tests.support.web import Web


def test_stats_by_severity(web: Web) -> None:
    web.declare("Checkout API 5xx", services=["checkout"])
    web.declare("결제 지연", services=["결제"])
    body = web.client.get("/api/v1/stats?by=service&since=30d", headers=web.auth("viewer")).json()
    keys = [g["key"] for g in body["groups"]]
    assert keys == ["checkout", "결제"]
    assert body["total"]["count"] == 2
    assert body["groups"][0]["mttd"]["n"] == 1


def test_stats_bad_input_is_problem_json(web: Web) -> None:
    for query in ("by=team", "since=ninety"):
        response = web.client.get(f"/api/v1/stats?{query}", headers=web.auth("viewer"))
        assert response.status_code == 422, query
        assert response.headers["content-type"].startswith("application/problem+json")


def test_search_finds_korean_inside_words(web: Web) -> None:
    pool = web.declare("결제 커넥션풀이 고갈", services=["결제"])
    web.declare("Search latency", services=["search"])
    body = web.client.get(
        "/api/v1/search", params={"q": "커넥션"}, headers=web.auth("viewer")
    ).json()
    results = [(r["kind"], r["incident_id"]) for r in body["results"]]
    assert results == [("incident", pool), ("timeline", pool)]  # title, then declaration note
    first = body["results"][0]
    start, end = first["marks"][0]
    assert first["snippet"][start:end] == "커넥션"


def test_search_bad_input_is_problem_json(web: Web) -> None:
    for params in ({"q": ""}, {"q": "x" * 201}, {"q": "pool", "kind": "wiki"}):
        response = web.client.get("/api/v1/search", params=params, headers=web.auth("viewer"))
        assert response.status_code == 422, params
        assert response.headers["content-type"].startswith("application/problem+json")
    assert web.client.get("/api/v1/search?q=pool").status_code == 401


def test_related_incidents_in_the_api_and_the_room(web: Web) -> None:
    first = web.declare("Checkout API 5xx", services=["checkout"])
    web.declare("Login typo", services=["web"])
    again = web.declare("Checkout API 5xx again", services=["checkout"])
    body = web.client.get(f"/api/v1/incidents/{again}/related", headers=web.auth("viewer")).json()
    assert [(r["incident_id"], r["why"]) for r in body] == [
        (first, "same service checkout; similar title")
    ]
    missing = web.client.get(
        "/api/v1/incidents/INC-20991231-999/related", headers=web.auth("viewer")
    )
    assert missing.status_code == 404
    web.login("vic")
    room = web.client.get(f"/incidents/{again}").text
    assert 'id="related-incidents"' in room and f'href="/incidents/{first}"' in room


def test_odd_search_text_is_never_a_server_error(web: Web) -> None:
    web.declare("Checkout API 5xx", services=["checkout"])
    for q in ('"', "*", "NEAR(a b", "a\x00b", "x OR", "%_\\", "커", "a b c d e f g h i j k"):
        response = web.client.get("/api/v1/search", params={"q": q}, headers=web.auth("viewer"))
        assert response.status_code in (200, 422), (q, response.status_code)
    for since in ("0d", "99999999d", "all", "-5d"):
        response = web.client.get(
            "/api/v1/stats", params={"since": since}, headers=web.auth("viewer")
        )
        assert response.status_code in (200, 422), (since, response.status_code)
