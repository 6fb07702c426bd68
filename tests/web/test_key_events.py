"""Key-event stars: a responder stars a timeline entry (API or the room's button), the
room's "key events" filter and the postmortem draft's timeline follow the star."""

from __future__ import annotations

from tests.support.web import Web


def _note(web: Web, incident: str, body: str) -> int:
    made = web.client.post(
        f"/api/v1/incidents/{incident}/timeline",
        json={"kind": "note", "body": body},
        headers=web.auth("responder"),
    )
    assert made.status_code == 201, made.text
    return int(made.json()["id"])


def _events(web: Web, incident: str) -> list[dict[str, object]]:
    page = web.client.get(f"/api/v1/incidents/{incident}/timeline", headers=web.auth("viewer"))
    items: list[dict[str, object]] = page.json()["items"]
    return items


def test_starred_notes_feed_the_postmortem_draft(web: Web) -> None:
    incident = web.declare("Checkout API 5xx")
    starred = _note(web, incident, "Rolled back payments to v2.3.3")
    _note(web, incident, "Coffee break for the scribe")
    url = f"/api/v1/incidents/{incident}/timeline/{starred}/key"
    marked = web.client.put(url, json={"key": True}, headers=web.auth("responder"))
    assert marked.status_code == 200, marked.text
    assert marked.json()["key"] is True
    again = web.client.put(url, json={"key": True}, headers=web.auth("responder"))
    assert again.json()["key"] is True
    marks = [
        e for e in _events(web, incident) if isinstance(e["data"], dict) and "key_mark" in e["data"]
    ]
    assert [(m["actor"], m["data"]) for m in marks] == [
        ("rita", {"key_mark": starred, "key": True})
    ]

    web.client.post(
        f"/api/v1/incidents/{incident}/transitions",
        json={"to": "resolved"},
        headers=web.auth("responder"),
    )
    base = f"/api/v1/incidents/{incident}/postmortem"
    drafted = web.client.post(base, json={"template": "concise"}, headers=web.auth("responder"))
    assert drafted.status_code == 201, drafted.text
    markdown = web.client.get(base, headers=web.auth("viewer")).json()["markdown"]
    assert "Rolled back payments to v2.3.3" in markdown
    assert "Coffee break" not in markdown
    assert "as a key event" not in markdown


def test_unstarring_a_state_change_clears_its_star(web: Web) -> None:
    incident = web.declare("Checkout API 5xx")
    declared = _events(web, incident)[0]
    assert declared["key"] is True  # state changes are key events by default
    url = f"/api/v1/incidents/{incident}/timeline/{declared['id']}/key"
    unmarked = web.client.put(url, json={"key": False}, headers=web.auth("responder"))
    assert unmarked.json()["key"] is False
    assert _events(web, incident)[0]["key"] is False


def test_refusals_leave_the_timeline_alone(web: Web) -> None:
    incident = web.declare()
    other = web.declare("Search is slow")
    note = _note(web, incident, "DB CPU 59 %")
    base = f"/api/v1/incidents/{incident}/timeline"
    fixed = web.client.post(
        f"{base}/{note}/corrections", json={"body": "DB CPU 95 %"}, headers=web.auth("responder")
    ).json()
    before = _events(web, incident)

    viewer = web.client.put(
        f"{base}/{fixed['id']}/key", json={"key": True}, headers=web.auth("viewer")
    )
    assert viewer.status_code == 403
    corrected = web.client.put(
        f"{base}/{note}/key", json={"key": True}, headers=web.auth("responder")
    )
    assert corrected.status_code == 422
    assert corrected.headers["content-type"].startswith("application/problem+json")
    assert f"#{fixed['id']}" in corrected.json()["hint"]
    elsewhere = web.client.put(
        f"/api/v1/incidents/{other}/timeline/{note}/key",
        json={"key": True},
        headers=web.auth("responder"),
    )
    assert elsewhere.status_code == 404
    not_bool = web.client.put(
        f"{base}/{note}/key", json={"key": "maybe"}, headers=web.auth("responder")
    )
    assert not_bool.status_code == 422
    assert _events(web, incident) == before


def test_the_room_button_stars_and_shows_the_mark(web: Web) -> None:
    incident = web.declare()
    note = _note(web, incident, "Failover to the standby DB")
    csrf = web.login()
    room = web.client.get(f"/incidents/{incident}").text
    action = f'action="/incidents/{incident}/timeline/{note}/key"'
    assert action in room
    assert 'aria-pressed="false"' in room
    done = web.client.post(
        f"/incidents/{incident}/timeline/{note}/key",
        data={"csrf_token": csrf, "key": "true"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert done.headers["location"].endswith(f"#ev-{note}")
    room = web.client.get(f"/incidents/{incident}").text
    item = room.split(f'id="ev-{note}"')[0].rsplit("<li", 1)[1]
    assert " key" in item  # the class the "key events" filter shows
    assert f"Marked #{note} as a key event" in room
    web.client.cookies.set("warroom_lang", "ko")
    korean = web.client.get(f"/incidents/{incident}").text
    assert f"#{note}을(를) 주요 이벤트로 표시함" in korean
    assert "주요 이벤트" in korean


def test_viewers_see_the_star_without_a_button(web: Web) -> None:
    incident = web.declare()
    note = _note(web, incident, "Failover to the standby DB")
    web.client.put(
        f"/api/v1/incidents/{incident}/timeline/{note}/key",
        json={"key": True},
        headers=web.auth("responder"),
    )
    web.login("vic")
    room = web.client.get(f"/incidents/{incident}").text
    assert '/key"' not in room
    assert 'class="star"' in room
