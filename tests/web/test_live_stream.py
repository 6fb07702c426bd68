"""/api/v1/live: one stream for every room a browser shows, plus the list pages' signal."""

from __future__ import annotations

import json

from tests.support.web import Web


def _blocks(text: str) -> list[dict[str, str]]:
    out = []
    for block in text.split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        if "event" in lines:
            out.append(lines)
    return out


def _note(web: Web, incident: str, body: str) -> int:
    posted = web.client.post(
        f"/api/v1/incidents/{incident}/timeline",
        json={"kind": "note", "body": body},
        headers=web.auth("responder"),
    )
    assert posted.status_code == 201, posted.text
    return int(posted.json()["id"])


def test_one_stream_carries_every_room_after_its_own_cursor(web: Web) -> None:
    first, second = web.declare(), web.declare()
    a1 = _note(web, first, "first room")
    _note(web, second, "second room")
    url = f"/api/v1/live?incident={first}:{a1}&incident={second}:0&follow=false"
    response = web.client.get(url, headers=web.auth("viewer"))
    assert response.headers["content-type"].startswith("text/event-stream")
    got = [json.loads(b["data"]) for b in _blocks(response.text) if b["event"] == "timeline"]
    assert [(g["incident"], g["event"]["kind"]) for g in got] == [
        (second, "status_change"),
        (second, "note"),
    ]
    assert got[1]["event"]["view"]["body_html"] == "<p>second room</p>\n"


def test_last_event_id_resumes_every_room(web: Web) -> None:
    first, second = web.declare(), web.declare()
    url = f"/api/v1/live?incident={first}:0&incident={second}:0&follow=false"
    blocks = _blocks(web.client.get(url, headers=web.auth("viewer")).text)
    position = blocks[-1]["id"]
    assert f"{first}:" in position and f"{second}:" in position
    later = _note(web, second, "after the drop")
    resumed = web.client.get(url, headers={**web.auth("viewer"), "Last-Event-ID": position})
    got = [json.loads(b["data"]) for b in _blocks(resumed.text) if b["event"] == "timeline"]
    assert [g["event"]["id"] for g in got] == [later]


def test_changes_tell_a_stale_page_to_refresh(web: Web) -> None:
    url = "/api/v1/live?changes=true&follow=false"
    first = _blocks(web.client.get(url, headers=web.auth("viewer")).text)
    assert [b["event"] for b in first] == ["position"]
    marker = first[0]["data"]
    same = _blocks(web.client.get(f"{url}&marker={marker}", headers=web.auth("viewer")).text)
    assert same == []
    web.declare()
    stale = _blocks(web.client.get(f"{url}&marker={marker}", headers=web.auth("viewer")).text)
    assert [b["event"] for b in stale] == ["changed"]
    assert stale[0]["data"] != marker


def test_bad_subscriptions_are_refused(web: Web) -> None:
    bad = web.client.get("/api/v1/live?incident=nocursor&follow=false", headers=web.auth("viewer"))
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/problem+json")
    unknown = web.client.get(
        "/api/v1/live?incident=INC-20261122-404:0&follow=false", headers=web.auth("viewer")
    )
    assert unknown.status_code == 404
    assert web.client.get("/api/v1/live?follow=false").status_code == 401


def test_at_most_32_rooms_per_stream(web: Web) -> None:
    incident = web.declare()
    many = "&".join(f"incident={incident}:0" for _ in range(33))
    refused = web.client.get(f"/api/v1/live?{many}&follow=false", headers=web.auth("viewer"))
    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith("application/problem+json")
