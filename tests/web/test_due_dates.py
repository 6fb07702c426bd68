"""Due dates: a far-future one is refused on input, and an odd stored one never breaks a page.

A single item due 9999-12-31T23:59:59Z used to make /board answer 500 for everyone:
shown in Asia/Seoul it falls in the year 10000.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import update

from tests.support.web import Web
from warroom.action_items.models import ActionItem
from warroom.db.uow import unit_of_work

ITEM = {"title": "Alert on pool usage", "item_type": "monitoring", "priority": "P1"}


def _item(web: Web, **extra: object) -> tuple[int, dict[str, object]]:
    incident = web.declare()
    created = web.client.post(
        "/api/v1/action-items",
        json={**ITEM, "incident_id": incident, **extra},
        headers=web.auth("responder"),
    )
    return created.status_code, created.json()


def test_a_due_date_years_ahead_is_a_422_and_nothing_is_stored(web: Web) -> None:
    status, problem = _item(web, due_at="9999-12-31T23:59:59Z")
    assert status == 422
    assert problem["code"] == "invalid_input"
    assert "5 years" in str(problem["detail"])
    listed = web.client.get("/api/v1/action-items", headers=web.auth("viewer")).json()
    assert listed["total"] == 0
    status, item = _item(web, due_at="2031-11-01T00:00:00Z")  # within five years
    assert status == 201, item


def test_the_board_and_lists_survive_an_odd_stored_due_date(web: Web) -> None:
    status, item = _item(web)
    assert status == 201
    with unit_of_work(web.engine) as session:  # written before validation existed
        far = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)
        session.execute(update(ActionItem).where(ActionItem.id == item["id"]).values(due_at=far))
    web.login("vic")
    board = web.client.get("/board")
    assert board.status_code == 200
    assert "9999-12-31 23:59:59 UTC" in board.text
    viewer = web.auth("viewer")
    for url in ("/api/v1/board", "/api/v1/action-items", f"/api/v1/action-items/{item['id']}"):
        assert web.client.get(url, headers=viewer).status_code == 200, url
    assert web.client.get(f"/incidents/{item['incident_id']}").status_code == 200
