"""The SSE stream sends timeline events after the cursor, in id order."""

from __future__ import annotations

import json

from sqlalchemy import Engine

from tests.support.web import Web


def _events(text: str) -> list[dict[str, object]]:
    out = []
    for block in text.split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        if lines.get("event") == "timeline":
            out.append(json.loads(lines["data"]))
    return out


def test_stream_sends_events_after_the_cursor(web: Web) -> None:
    incident = web.declare()
    web.client.post(
        f"/api/v1/incidents/{incident}/timeline",
        json={"kind": "note", "body": "**hi** <b>x</b>"},
        headers=web.auth("responder"),
    )
    url = f"/api/v1/incidents/{incident}/events?follow=false"
    response = web.client.get(url, headers=web.auth("viewer"))
    assert response.headers["content-type"].startswith("text/event-stream")
    events = _events(response.text)
    assert [e["kind"] for e in events] == ["status_change", "note"]
    view = events[1]["view"]
    assert isinstance(view, dict)
    assert view["body_html"] == "<p><strong>hi</strong> &lt;b&gt;x&lt;/b&gt;</p>\n"
    assert view["time"] == "2026-11-22 14:00:00 KST"
    later = web.client.get(f"{url}&after={events[0]['id']}", headers=web.auth("viewer"))
    assert [e["kind"] for e in _events(later.text)] == ["note"]


def test_stream_resumes_from_last_event_id(web: Web) -> None:
    incident = web.declare()
    web.client.post(
        f"/api/v1/incidents/{incident}/timeline",
        json={"kind": "decision", "body": "roll back"},
        headers=web.auth("responder"),
    )
    first = _events(
        web.client.get(
            f"/api/v1/incidents/{incident}/events?follow=false", headers=web.auth("viewer")
        ).text
    )
    headers = {**web.auth("viewer"), "Last-Event-ID": str(first[0]["id"])}
    resumed = web.client.get(f"/api/v1/incidents/{incident}/events?follow=false", headers=headers)
    assert [e["kind"] for e in _events(resumed.text)] == ["decision"]


def test_stream_of_unknown_incident_is_404(web: Web) -> None:
    response = web.client.get(
        "/api/v1/incidents/INC-20261122-404/events?follow=false", headers=web.auth("viewer")
    )
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_stream_labels_follow_the_language_cookie(web: Web) -> None:
    incident = web.declare()
    web.client.cookies.set("warroom_lang", "ko")
    response = web.client.get(
        f"/api/v1/incidents/{incident}/events?follow=false", headers=web.auth("viewer")
    )
    view = _events(response.text)[0]["view"]
    assert isinstance(view, dict)
    assert view["kind_label"] == "상태 변경"


def test_stream_sees_writes_from_another_process(web: Web, engine: Engine) -> None:
    """Another engine (its own pool and connections) stands in for a second process."""
    from warroom.core.actor import Actor
    from warroom.db.uow import unit_of_work
    from warroom.incidents.response import add_timeline_entry

    incident = web.declare()
    url = f"/api/v1/incidents/{incident}/events?follow=false"
    first = _events(web.client.get(url, headers=web.auth("viewer")).text)
    with unit_of_work(engine) as session:
        add_timeline_entry(
            session=session,
            actor=Actor("cli-user"),
            now=web.clock.now(),
            incident_id=incident,
            kind="note",
            body="written elsewhere",
        )
    later = web.client.get(f"{url}&after={first[-1]['id']}", headers=web.auth("viewer"))
    assert [(e["actor"], e["body"]) for e in _events(later.text)] == [
        ("cli-user", "written elsewhere")
    ]
