"""Pages: signed-in views, forms through the same actions, language and time zone."""

from __future__ import annotations

from datetime import timedelta

from tests.support.web import Web


def test_dashboard_shows_active_incidents_by_severity_and_overdue_updates(web: Web) -> None:
    incident = web.declare("Checkout API 5xx")
    web.clock.advance(timedelta(minutes=7))
    web.login()
    page = web.client.get("/").text
    assert "Checkout API 5xx" in page
    assert 'data-severity="P1"' in page
    assert 'id="overdue"' in page
    assert f'href="/incidents/{incident}"' in page
    assert 'data-due="2026-11-22T05:05:00+00:00"' in page
    assert "Asia/Seoul (KST)" in page


def test_every_page_shows_the_time_zone_and_a_language_switch(web: Web) -> None:
    incident = web.declare()
    web.login()
    for url in ("/", "/incidents", "/incidents/new", f"/incidents/{incident}"):
        page = web.client.get(url)
        assert page.status_code == 200, url
        assert "Asia/Seoul" in page.text
        assert "/lang/ko?next=" in page.text
        assert 'name="viewport"' in page.text


def test_korean_pages(web: Web) -> None:
    incident = web.declare()
    web.login()
    switched = web.client.get(f"/lang/ko?next=/incidents/{incident}", follow_redirects=False)
    assert switched.headers["location"] == f"/incidents/{incident}"
    page = web.client.get(f"/incidents/{incident}").text
    assert '<html lang="ko">' in page
    assert "타임라인" in page
    assert "사고 선언" in page


def test_declare_form_creates_the_incident_and_redirects_to_its_room(web: Web) -> None:
    csrf = web.login()
    response = web.client.post(
        "/incidents/new",
        data={
            "csrf_token": csrf,
            "title": "Search down",
            "user_impact": "all",
            "business_impact": "work",
            "services": "search, api",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/incidents/INC-20261122-001"
    room = web.client.get(response.headers["location"]).text
    assert "Search down" in room
    assert "Incident declared." in room


def test_form_error_goes_back_with_the_message(web: Web) -> None:
    incident = web.declare()
    csrf = web.login()
    room = f"/incidents/{incident}"
    response = web.client.post(
        f"{room}/transition",
        data={"csrf_token": csrf, "to": "closed"},
        headers={"referer": f"http://testserver{room}"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == room
    assert "cannot close an incident" in web.client.get(room).text


def test_room_forms_write_through_the_actions(web: Web) -> None:
    incident = web.declare()
    csrf = web.login()
    room = f"/incidents/{incident}"
    web.client.post(
        f"{room}/roles", data={"csrf_token": csrf, "role": "tech_lead", "handle": "rita"}
    )
    web.client.post(
        f"{room}/timeline",
        data={"csrf_token": csrf, "kind": "decision", "body": "Roll back v2.3.4"},
    )
    web.client.post(f"{room}/status-updates", data={"csrf_token": csrf, "body": "Rolling back"})
    web.client.post(f"{room}/transition", data={"csrf_token": csrf, "to": "resolved"})
    web.client.post(f"{room}/reopen", data={"csrf_token": csrf, "reason": "errors back"})
    web.client.post(
        f"{room}/severity", data={"csrf_token": csrf, "to": "P2", "reason": "one region"}
    )
    detail = web.client.get(f"/api/v1/incidents/{incident}", headers=web.auth("viewer")).json()
    assert detail["state"] == "investigating"
    assert detail["severity"] == "P2"
    assert [r["handle"] for r in detail["roles"]] == ["rita"]
    assert [e["actor"] for e in detail["timeline"]][1:] == ["alice"] * 6


def test_user_markdown_is_sanitized_in_the_room(web: Web) -> None:
    incident = web.declare()
    web.client.post(
        f"/api/v1/incidents/{incident}/timeline",
        json={"kind": "note", "body": "<img src=x onerror=alert(1)> [a](javascript:alert(1))"},
        headers=web.auth("responder"),
    )
    web.login()
    page = web.client.get(f"/incidents/{incident}").text
    assert "<img" not in page
    assert 'href="javascript' not in page


def test_incident_list_page_paginates_and_filters(web: Web) -> None:
    for n in range(3):
        web.declare(f"Incident number {n}")
    web.login()
    page = web.client.get("/incidents?severity=P1").text
    assert page.count('href="/incidents/INC-') == 3
    assert "Page 1 of 1" in page
    assert "Incident number" not in web.client.get("/incidents?state=closed").text


def test_viewer_sees_no_write_forms(web: Web) -> None:
    incident = web.declare()
    web.login("vic")
    page = web.client.get(f"/incidents/{incident}").text
    assert 'action="/incidents/' not in page.replace('action="/logout"', "")


def test_unknown_incident_page_is_a_404_page(web: Web) -> None:
    web.login()
    response = web.client.get("/incidents/INC-20261122-404")
    assert response.status_code == 404
    assert "<html" in response.text


def test_static_assets_ship_in_the_package(web: Web) -> None:
    assert "EventSource" in web.client.get("/static/app.js").text
    assert web.client.get("/static/app.css").status_code == 200


def test_dashboard_shows_a_bounded_lane_with_a_link_to_all(web: Web) -> None:
    for n in range(14):
        web.declare(f"Checkout incident {n}")
    web.login()
    page = web.client.get("/").text
    assert page.count('class="card"') == 12
    assert 'href="/incidents?state=active&amp;severity=P1">All 14 →' in page
    assert '<span class="count" id="active-count">14</span>' in page


def test_pages_and_api_carry_security_headers(web: Web) -> None:
    web.login()
    for url in ("/", "/api/v1/me", "/static/app.js"):
        headers = web.client.get(url).headers
        assert "script-src 'self'" in headers["content-security-policy"], url
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"


def test_correct_a_timeline_entry_from_the_room(web: Web) -> None:
    incident = web.declare()
    note = web.client.post(
        f"/api/v1/incidents/{incident}/timeline",
        json={"kind": "note", "body": "DB CPU 59 %"},
        headers=web.auth("responder"),
    ).json()
    csrf = web.login()
    room = web.client.get(f"/incidents/{incident}").text
    assert f'action="/incidents/{incident}/timeline/{note["id"]}/correct"' in room
    assert f'action="/incidents/{incident}/timeline/1/correct"' not in room  # a status change
    web.client.post(
        f"/incidents/{incident}/timeline/{note['id']}/correct",
        data={"csrf_token": csrf, "body": "DB CPU 95 %"},
    )
    events = web.client.get(f"/api/v1/incidents/{incident}", headers=web.auth("viewer")).json()
    assert [(e["body"], e["superseded"]) for e in events["timeline"][1:]] == [
        ("DB CPU 59 %", True),
        ("DB CPU 95 %", False),
    ]


def test_amend_facts_from_the_room(web: Web) -> None:
    incident = web.declare()
    csrf = web.login()
    web.client.post(
        f"/incidents/{incident}/facts",
        data={"csrf_token": csrf, "services": "checkout, cart", "deploy_version": "v2.3.4"},
    )
    detail = web.client.get(f"/api/v1/incidents/{incident}", headers=web.auth("viewer")).json()
    assert (detail["services"], detail["deploy_version"]) == (["cart", "checkout"], "v2.3.4")
    assert detail["timeline"][-1]["body"].startswith("Facts updated")
