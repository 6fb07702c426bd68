"""The room's paging status: who was paged, the next escalation step, who acknowledged."""

from __future__ import annotations

from tests.support.paging import FakeChannel, add_people, make_notifier, make_worker
from tests.support.web import Web


def _paged(web: Web) -> str:
    add_people(web.engine, web.clock, "jane", "bob")
    notifier = make_notifier(web.clock, {"email": FakeChannel()}, secret_key="test-secret-key")
    worker = make_worker(web.engine, web.clock, notifier)
    incident = web.declare(services=["checkout"])
    worker.drain()
    return incident


def _status(page: str) -> str:
    return page.split('id="paging-status"', 1)[1].split("</div>", 1)[0]


def test_the_room_shows_who_is_paged_and_the_next_step(web: Web) -> None:
    incident = _paged(web)
    web.login("vic")
    shown = _status(web.client.get(f"/incidents/{incident}").text)
    assert "<strong>jane</strong> · email · sent" in shown
    assert 'id="paging-next"' in shown
    assert "data-due=" in shown  # the next step counts down
    assert "paging-ack" not in shown
    web.client.cookies.set("warroom_lang", "ko")
    korean = web.client.get(f"/incidents/{incident}").text
    assert "다음 에스컬레이션 단계" in _status(korean)


def test_the_acknowledgement_stops_the_countdown_and_names_who(web: Web) -> None:
    incident = _paged(web)
    web.client.post(
        f"/api/v1/incidents/{incident}/transitions",
        json={"to": "mitigated"},  # implies acknowledged
        headers=web.auth("responder"),
    )
    web.login("vic")
    panel = _status(web.client.get(f"/incidents/{incident}/panel").text)
    assert "Acknowledged by rita" in panel
    assert "data-due=" not in panel


def test_an_incident_never_paged_shows_no_paging(web: Web) -> None:
    incident = web.declare()
    web.login("vic")
    assert 'id="paging-status"' not in web.client.get(f"/incidents/{incident}").text
