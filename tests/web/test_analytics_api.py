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
