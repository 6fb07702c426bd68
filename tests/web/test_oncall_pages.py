"""On-call pages: the schedule page, overrides from the page, the dashboard and the room."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.support.web import Web
from tests.web.test_api_oncall import BASE


@pytest.fixture
def seeded(web: Web) -> Web:
    from tests.web.test_api_oncall import seeded as build

    return build.__wrapped__(web)  # type: ignore[attr-defined]


def test_schedule_page_shows_the_weeks_today_and_who_is_on(seeded: Web) -> None:
    seeded.clock.set(datetime(2026, 12, 24, 15, 0, tzinfo=UTC))  # Christmas Day 00:00 KST
    seeded.login()
    page = seeded.client.get("/oncall/platform").text
    assert 'id="on-call-now"' in page and "minsu" in page
    assert "holiday 12-25 Christmas Day" in page
    assert 'class="oc-today"' in page
    assert page.count('class="oc-week"') == 4
    listing = seeded.client.get("/oncall").text
    assert 'href="/oncall/platform"' in listing
    dashboard = seeded.client.get("/").text
    assert 'id="on-call-board"' in dashboard and "minsu" in dashboard
    korean = seeded.client.get("/lang/ko?next=/oncall/platform")
    assert korean.status_code == 200
    page_ko = seeded.client.get("/oncall/platform").text
    assert "당번" in page_ko or "온콜" in page_ko


def test_an_admin_adds_and_cancels_an_override_from_the_page(seeded: Web) -> None:
    seeded.clock.set(datetime(2026, 12, 3, 3, 0, tzinfo=UTC))
    csrf = seeded.login()  # alice: a warroom admin, so a schedule admin too
    posted = seeded.client.post(
        "/oncall/platform/overrides",
        data={"csrf_token": csrf, "person": "jane", "role": "primary", "start": "2026-12-24T18:00",
              "end": "2026-12-26T09:00", "reason": "swap"},
        follow_redirects=False,
    )  # fmt: skip
    assert posted.status_code == 303
    who = seeded.client.get(
        f"{BASE}/platform/who",
        params={"at": "2026-12-25T03:00:00+09:00"},
        headers=seeded.auth("viewer"),
    ).json()
    assert who[0]["person"] == "jane"
    page = seeded.client.get("/oncall/platform").text
    assert "swap" in page
    [override] = seeded.client.get(f"{BASE}/platform", headers=seeded.auth("viewer")).json()[
        "overrides"
    ]
    cancelled = seeded.client.post(
        f"/oncall/platform/overrides/{override['id']}/cancel",
        data={"csrf_token": csrf},
        follow_redirects=False,
    )
    assert cancelled.status_code == 303
    assert (
        seeded.client.get(f"{BASE}/platform", headers=seeded.auth("viewer")).json()["overrides"]
        == []
    )


def test_the_room_shows_who_was_on_call_at_detection_and_page_oncall_assigns(seeded: Web) -> None:
    seeded.clock.set(datetime(2026, 12, 24, 18, 0, tzinfo=UTC))  # 12-25 03:00 KST
    incident = seeded.declare(services=["checkout"], page_oncall="platform")
    detail = seeded.client.get(
        f"/api/v1/incidents/{incident}", headers=seeded.auth("viewer")
    ).json()
    assert [(r["role"], r["handle"]) for r in detail["roles"]] == [("oncall_engineer", "minsu")]
    seeded.login()
    room = seeded.client.get(f"/incidents/{incident}").text
    assert 'id="on-call-at-detection"' in room
    missing = seeded.client.post(
        "/api/v1/incidents",
        json={"title": "x", "severity": "P2", "page_oncall": "nope"},
        headers=seeded.auth("responder"),
    )
    assert missing.status_code == 422
    assert missing.headers["content-type"].startswith("application/problem+json")
    assert "nope" in missing.json()["detail"]
