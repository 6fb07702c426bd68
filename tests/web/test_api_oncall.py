"""/api/v1/oncall: the seed schedule through the API, permissions, bad input and feeds."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from icalendar import Calendar

from tests.support.web import Web
from warroom.db.uow import unit_of_work
from warroom.people.actions import register_person

BASE = "/api/v1/oncall/schedules"


@pytest.fixture
def seeded(web: Web) -> Web:
    web.clock.set(datetime(2026, 12, 3, 3, 0, tzinfo=UTC))
    with unit_of_work(web.engine) as session:
        for handle in ("minsu", "jane", "chulsoo", "rita"):
            register_person(session, handle=handle, now=web.clock.now())
    created = web.client.post(
        BASE,
        json={"name": "platform", "timezone": "Asia/Seoul", "services": ["checkout"], "admins": []},
        headers=web.auth("admin"),
    )
    assert created.status_code == 201, created.text
    for role, offset in (("primary", 0), ("secondary", 1)):
        body = {
            "role": role, "people": ["minsu", "jane", "chulsoo"], "handoff": "mon 10:00",
            "start": "2026-11-30", "offset": offset,
            "windows": ["weekdays 18:00-09:00", "weekends", "mon 00:00-09:00"], "holidays": True,
        }  # fmt: skip
        added = web.client.post(f"{BASE}/platform/rotations", json=body, headers=web.auth("admin"))
        assert added.status_code == 201, added.text
    return web


def test_who_and_weeks(seeded: Web) -> None:
    who = seeded.client.get(
        f"{BASE}/platform/who",
        params={"at": "2026-12-25T03:00:00+09:00"},
        headers=seeded.auth("viewer"),
    )
    assert [(o["role"], o["person"]) for o in who.json()] == [
        ("primary", "minsu"),
        ("secondary", "jane"),
    ]
    weeks = seeded.client.get(
        f"{BASE}/platform/weeks",
        params={"start": "2026-12-21", "count": 2},
        headers=seeded.auth("viewer"),
    ).json()
    assert [w["roles"]["primary"][0] for w in weeks] == ["minsu", "jane"]
    assert weeks[0]["holidays"][0][0] == "2026-12-25"
    service = seeded.client.get("/api/v1/oncall/services/checkout", headers=seeded.auth("viewer"))
    assert service.json() == {"service": "checkout", "schedule": "platform"}
    missing = seeded.client.get(f"{BASE}/nope/who", headers=seeded.auth("viewer"))
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


def test_permissions(seeded: Web) -> None:
    span = {"start": "2026-12-24T18:00:00+09:00", "end": "2026-12-26T09:00:00+09:00"}
    url = f"{BASE}/platform/overrides"
    viewer = seeded.client.post(url, json={"person": "rita", **span}, headers=seeded.auth("viewer"))
    assert viewer.status_code == 403
    other = seeded.client.post(
        url, json={"person": "jane", **span}, headers=seeded.auth("responder")
    )
    assert other.status_code == 403 and "themselves" in other.json()["detail"]
    mine = seeded.client.post(
        url, json={"person": "rita", "reason": "swap", **span}, headers=seeded.auth("responder")
    )
    assert mine.status_code == 201
    who = seeded.client.get(
        f"{BASE}/platform/who",
        params={"at": "2026-12-25T03:00:00+09:00"},
        headers=seeded.auth("viewer"),
    ).json()
    assert (who[0]["person"], who[0]["overridden"]) == ("rita", True)
    rotation = seeded.client.post(
        f"{BASE}/platform/rotations", json={"role": "tertiary", "people": ["rita"]},
        headers=seeded.auth("responder"),
    )  # fmt: skip
    assert rotation.status_code == 403
    assert (
        seeded.client.delete(
            f"{url}/{mine.json()['id']}", headers=seeded.auth("responder")
        ).status_code
        == 204
    )


@pytest.mark.parametrize(
    ("path", "body", "code"),
    [
        ("/rotations", {"role": "primary", "name": "p2", "people": ["minsu"]}, 422),
        ("/rotations", {"role": "x", "people": []}, 422),
        ("/rotations", {"role": "x", "people": ["ghost"]}, 422),
        (
            "/overrides",
            {"person": "jane", "start": "2026-12-26T00:00:00Z", "end": "2026-12-24T00:00:00Z"},
            422,
        ),
    ],
)
def test_bad_input_is_a_problem_and_saves_nothing(
    seeded: Web, path: str, body: dict, code: int
) -> None:
    before = seeded.client.get(f"{BASE}/platform", headers=seeded.auth("viewer")).json()
    response = seeded.client.post(f"{BASE}/platform{path}", json=body, headers=seeded.auth("admin"))
    assert response.status_code == code
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["hint"]
    assert seeded.client.get(f"{BASE}/platform", headers=seeded.auth("viewer")).json() == before


def test_feed_urls_serve_ical_and_rotate(seeded: Web) -> None:
    first = seeded.client.post(f"{BASE}/platform/feed", headers=seeded.auth("admin")).json()
    served = seeded.client.get(first["path"])
    assert served.status_code == 200 and served.headers["content-type"].startswith("text/calendar")
    assert list(Calendar.from_ical(served.content).walk("VEVENT"))
    mine = seeded.client.post("/api/v1/oncall/people/rita/feed", headers=seeded.auth("responder"))
    assert mine.status_code == 201
    theirs = seeded.client.post("/api/v1/oncall/people/jane/feed", headers=seeded.auth("responder"))
    assert theirs.status_code == 403
    second = seeded.client.post(f"{BASE}/platform/feed", headers=seeded.auth("admin")).json()
    assert seeded.client.get(first["path"]).status_code == 404
    assert seeded.client.get(second["path"]).status_code == 200


def test_the_openapi_document_lists_the_oncall_routes(seeded: Web) -> None:
    paths = seeded.client.get("/api/openapi.json").json()["paths"]
    assert "/api/v1/oncall/schedules/{name}/who" in paths
    assert "/api/v1/oncall/schedules/{name}/overrides" in paths


def test_declaring_with_an_unknown_schedule_to_page_is_invalid_input(web: Web) -> None:
    answer = web.client.post(
        "/api/v1/incidents",
        json={"title": "Checkout 5xx", "severity": "P1", "page_oncall": "nope"},
        headers=web.auth("responder"),
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["code"] == "invalid_input"
    assert "nope" in answer.json()["detail"]
    assert web.client.get("/api/v1/incidents", headers=web.auth("viewer")).json()["total"] == 0


def test_an_unknown_feed_answers_problem_json_to_calendar_clients(web: Web) -> None:
    answer = web.client.get("/oncall/ical/not-a-token.ics")
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("application/problem+json")
