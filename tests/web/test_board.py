"""The board page: lanes and columns, moves by form and by the API, WIP refusals."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.support.web import Web, web_app
from warroom.clock import FixedClock

ITEM = {"title": "Alert on pool usage", "item_type": "monitoring", "priority": "P1"}


@pytest.fixture
def board(engine: Engine, tmp_path: Path, clock: FixedClock) -> Iterator[Web]:
    limits = {"actions": {"in-progress": 1}}
    with web_app(engine, tmp_path / "data", clock, board_wip_limits=limits) as app:
        yield app


def _items(web: Web, count: int) -> list[str]:
    incident = web.declare("Pool exhausted", severity="P3", user_impact=None, business_impact=None)
    ids = []
    for n in range(count):
        created = web.client.post(
            "/api/v1/action-items",
            json={**ITEM, "title": f"{ITEM['title']} {n}", "incident_id": incident},
            headers=web.auth("responder"),
        )
        assert created.status_code == 201, created.text
        ids.append(created.json()["id"])
    return ids


def test_board_shows_the_three_lanes(board: Web) -> None:
    (item,) = _items(board, 1)
    board.login("vic")
    page = board.client.get("/board").text
    for lane in ("Incident", "Post-mortem", "Incident Action Items"):
        assert f"<h2>{lane}</h2>" in page
    assert f'id="card-{item}"' in page
    assert 'draggable="true"' not in page  # viewers cannot move cards


def test_move_by_form_then_wip_refusal(board: Web) -> None:
    first, second = _items(board, 2)
    csrf = board.login()
    moved = board.client.post(
        f"/board/items/{first}/move",
        data={"csrf_token": csrf, "to": "in-progress"},
        follow_redirects=False,
    )
    assert moved.status_code == 303
    assert f"{first} moved." in board.client.get("/board").text
    refused = board.client.post(
        f"/board/items/{second}/move",
        data={"csrf_token": csrf, "to": "in-progress"},
        headers={"referer": "http://testserver/board"},
        follow_redirects=False,
    )
    assert refused.headers["location"] == "/board"
    assert "WIP limit of 1" in board.client.get("/board").text
    item = board.client.get(f"/api/v1/action-items/{second}", headers=board.auth("viewer"))
    assert item.json()["status"] == "backlog"


def test_api_move_from_the_page_needs_csrf_and_reports_wip(board: Web) -> None:
    first, second = _items(board, 2)
    csrf = board.login()
    url = "/api/v1/action-items/{}/moves"
    body = {"to": "in-progress"}
    assert board.client.post(url.format(first), json=body).status_code == 403
    headers = {"X-CSRF-Token": csrf}
    assert board.client.post(url.format(first), json=body, headers=headers).status_code == 200
    refused = board.client.post(url.format(second), json=body, headers=headers)
    assert refused.status_code == 409
    assert refused.json()["code"] == "wip_limit"


def test_viewer_cannot_move_cards(board: Web) -> None:
    (item,) = _items(board, 1)
    csrf = board.login("vic")
    response = board.client.post(
        f"/board/items/{item}/move",
        data={"csrf_token": csrf, "to": "todo"},
        follow_redirects=False,
    )
    assert response.status_code == 403


def test_board_filters_by_owner_and_team_and_cards_link_to_their_incident(board: Web) -> None:
    incident = board.declare(
        "Pool exhausted", severity="P3", user_impact=None, business_impact=None
    )
    made = {}
    for owner, team in (("minsu", "platform"), ("jiyoung", "payments")):
        created = board.client.post(
            "/api/v1/action-items",
            json={
                **ITEM,
                "title": f"Fix for {owner}",
                "incident_id": incident,
                "owner": owner,
                "team": team,
            },
            headers=board.auth("responder"),
        )
        assert created.status_code == 201, created.text
        made[owner] = created.json()["id"]
    board.login("vic")
    everything = board.client.get("/board").text
    assert (
        f'id="card-{made["minsu"]}"' in everything and f'id="card-{made["jiyoung"]}"' in everything
    )
    assert f'<a href="/incidents/{incident}"><strong>{made["minsu"]}</strong></a>' in everything
    mine = board.client.get("/board", params={"owner": "@minsu"}).text
    assert f'id="card-{made["minsu"]}"' in mine and f'id="card-{made["jiyoung"]}"' not in mine
    team = board.client.get("/board", params={"team": "payments"}).text
    assert f'id="card-{made["jiyoung"]}"' in team and f'id="card-{made["minsu"]}"' not in team
