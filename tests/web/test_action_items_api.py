"""/api/v1/action-items and /api/v1/board through the app factory (SQLite)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import T0
from warroom.clock import FixedClock
from warroom.config import Settings


@pytest.fixture
def client(tmp_path: Path) -> Iterator[Client]:
    from warroom.migrations.runner import upgrade
    from warroom.web.app import create_app

    settings = Settings(
        data_dir=tmp_path / "data", board_wip_limits={"actions": {"in-progress": 1}}
    )
    app = create_app(settings, clock=FixedClock(T0))
    engine = app.state.warroom.engine
    upgrade(engine)
    yield Client(app)
    engine.dispose()


class Client:
    """A synchronous face over httpx's ASGI transport (Starlette's TestClient warns)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        async def send() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            headers = {"X-Warroom-Actor": "alice"}
            async with httpx.AsyncClient(
                transport=transport, base_url="http://warroom.test", headers=headers
            ) as client:
                return await client.request(method, url, **kwargs)

        return asyncio.run(send())

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)


def _incident(client: Client, severity: str = "P3") -> str:
    response = client.post(
        "/api/v1/incidents", json={"title": "Pool exhausted", "severity": severity}
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _add(client: Client, incident: str, priority: str = "P1") -> dict[str, object]:
    body = {
        "incident_id": incident,
        "title": "Pool alert",
        "item_type": "monitoring",
        "priority": priority,
    }
    response = client.post("/api/v1/action-items", json=body)
    assert response.status_code == 201, response.text
    data: dict[str, object] = response.json()
    return data


def test_add_list_show(client: Client) -> None:
    incident = _incident(client)
    added = _add(client, incident, "P0")
    assert (added["id"], added["team"], added["class_of_service"]) == (
        "AI-001",
        "Infra/configure-cicd",
        "expedite",
    )
    listed = client.get("/api/v1/action-items", params={"priority": "P0"}).json()
    assert [i["id"] for i in listed["items"]] == ["AI-001"]
    shown = client.get("/api/v1/action-items/AI-001").json()
    assert shown["history"][0]["actor"] == "alice"


def test_wip_refusal_is_a_409_problem(client: Client) -> None:
    incident = _incident(client)
    _add(client, incident)
    _add(client, incident)
    assert (
        client.post("/api/v1/action-items/AI-001/moves", json={"to": "in-progress"}).status_code
        == 200
    )
    refused = client.post("/api/v1/action-items/AI-002/moves", json={"to": "in-progress"})
    assert refused.status_code == 409
    assert refused.json()["code"] == "wip_limit"
    assert "WIP limit of 1" in refused.json()["detail"]


def test_assign_report_and_board(client: Client) -> None:
    incident = _incident(client, "P2")
    _add(client, incident)
    assigned = client.post("/api/v1/action-items/AI-001/assignment", json={"owner": "bob"})
    assert assigned.json()["owner"] == "bob"
    report = client.get("/api/v1/action-items-report", params={"since_days": 7}).json()
    assert report["total"]["open"] == 1
    board = client.get("/api/v1/board", params={"lane": "incident"}).json()
    assert [lane["key"] for lane in board["lanes"]] == ["incident"]
    detected = board["lanes"][0]["columns"][0]
    assert detected["cards"][0]["ref"] == incident
    assert detected["cards"][0]["class_of_service"] == "expedite"


def test_unknown_item_is_404(client: Client) -> None:
    assert client.get("/api/v1/action-items/AI-999").status_code == 404
