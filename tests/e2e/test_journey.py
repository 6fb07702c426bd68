"""The incident journey in a real browser: sign in, declare with the suggested severity,
watch a note posted through the API arrive live, resolve, open the postmortem, move
action items on the board up to the WIP limit, and read it all on a phone.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import PASSWORD, Live

pytestmark = pytest.mark.e2e


def _sign_in(page: Page, live: Live) -> None:
    page.goto(f"{live.url}/")
    expect(page).to_have_url(f"{live.url}/login?next=/")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    expect(page).to_have_url(f"{live.url}/")


@pytest.fixture(scope="module")
def background(live: Live) -> None:
    """Three other active incidents, so the dashboard has something in each lane."""
    with live.api() as api:
        for title, users, business, services in (
            ("Payments latency p95 over 2 s", "some", "revenue", ["payments"]),
            ("Search results stale", "many", "inconvenience", ["search"]),
            ("Admin console slow", "very_few", "work", ["admin"]),
        ):
            created = api.post(
                "/api/v1/incidents",
                json={
                    "title": title,
                    "user_impact": users,
                    "business_impact": business,
                    "services": services,
                },
            )
            assert created.status_code == 201, created.text
        incident = created.json()["id"]
        api.post(f"/api/v1/incidents/{incident}/transitions", json={"to": "investigating"})


def test_incident_journey(browser: Browser, live: Live, background: None) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live.url}/login")
    page.screenshot(path=str(live.shots / "login.png"))
    _sign_in(page, live)

    # Declare from the form: the severity follows the impact matrix.
    page.click("a[href='/incidents/new']")
    page.fill("input[name=title]", "Checkout API returns 5xx")
    page.select_option("select[name=user_impact]", "many")
    page.select_option("select[name=business_impact]", "revenue")
    expect(page.locator("#suggestion")).to_be_visible()
    expect(page.locator("select[name=severity]")).to_have_value("P1")
    page.fill("input[name=services]", "checkout, payments")
    page.fill("textarea[name=summary]", "5xx on POST /orders since the 14:20 deploy.")
    page.screenshot(path=str(live.shots / "declare.png"), full_page=True)
    page.click("#declare-form button[type=submit]")
    expect(page.locator(".incident-head h1")).to_contain_text("Checkout API returns 5xx")
    incident = page.locator(".inc-id").inner_text()
    expect(page.locator(".status-line .badge")).to_have_text("P1")

    # Someone else posts a note through the API; it appears without a reload.
    expect(page.locator("#live-status")).to_have_class("live on")
    with live.api() as api:
        posted = api.post(
            f"/api/v1/incidents/{incident}/timeline",
            json={"kind": "decision", "body": "Roll back **v2.3.4** to v2.3.3"},
        )
        assert posted.status_code == 201, posted.text
    note = page.locator(f"#ev-{posted.json()['id']}")
    expect(note).to_contain_text("Roll back v2.3.4 to v2.3.3")
    expect(note.locator("strong")).to_have_text("v2.3.4")

    # Roles and state buttons.
    page.select_option("form[action$='/roles'] select[name=role]", "incident_commander")
    page.fill("form[action$='/roles'] input[name=handle]", "alice")
    page.click("form[action$='/roles'] button")
    expect(page.locator("#roles")).to_contain_text("alice")
    page.click("button[data-to=acknowledged]")
    expect(page.locator("#incident-state")).to_have_text("Acknowledged")
    page.click("button[data-to=mitigated]")
    expect(page.locator("#incident-state")).to_have_text("Mitigated")
    page.reload()
    page.screenshot(path=str(live.shots / "incident-room.png"), full_page=True)
    page.click("button[data-to=resolved]")
    expect(page.locator("#incident-state")).to_have_text("Resolved")
    expect(page.locator("#timeline")).to_contain_text("Mitigated → Resolved")

    # Open the postmortem: draft it from the incident, edit, watch the preview.
    page.click("#postmortem-link")
    page.click("#draft-form button[type=submit]")
    editor = page.locator("#pm-text")
    expect(editor).to_be_visible()
    expect(page.locator("#pm-preview")).to_contain_text("Checkout API returns 5xx")
    editor.press("Control+End")
    editor.type("\n\n**Preview check** <script>alert(1)</script>\n")
    expect(page.locator("#pm-preview strong", has_text="Preview check")).to_be_visible()
    expect(page.locator("#pm-preview script")).to_have_count(0)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(live.shots / "postmortem.png"))

    page.goto(f"{live.url}/")
    expect(page.locator("#active-count")).to_have_text("3")
    page.screenshot(path=str(live.shots / "dashboard.png"), full_page=True)
    page.close()


def test_board_moves_a_card_and_refuses_past_the_wip_limit(
    browser: Browser, live: Live, background: None
) -> None:
    with live.api() as api:
        incident = api.post(
            "/api/v1/incidents", json={"title": "DB connection pool exhausted", "severity": "P3"}
        ).json()["id"]
        items = [
            api.post(
                "/api/v1/action-items",
                json={
                    "incident_id": incident,
                    "title": title,
                    "item_type": kind,
                    "priority": "P1",
                    "owner": "alice",
                },
            ).json()["id"]
            for title, kind in (
                ("Alert at 80 % pool usage", "monitoring"),
                ("Load test the pool under peak traffic", "tests"),
                ("Document the pool sizing runbook", "docs"),
            )
        ]
    # Tall enough that card and target column are on screen together: an HTML5 drag
    # does not survive the page scrolling under it.
    page = browser.new_page(viewport={"width": 1400, "height": 1800})
    _sign_in(page, live)
    page.click("a[href='/board']")
    expect(page).to_have_url(f"{live.url}/board")
    page.wait_for_load_state("load")  # app.js wires drag and drop on DOMContentLoaded
    in_progress = page.locator(".lane[data-lane=actions] .column[data-column=in-progress]")
    page.drag_and_drop(f"#card-{items[0]}", ".lane[data-lane=actions] [data-drop=in-progress]")
    expect(in_progress.locator(f"#card-{items[0]}")).to_be_visible()
    page.drag_and_drop(f"#card-{items[1]}", ".lane[data-lane=actions] [data-drop=in-progress]")
    message = page.locator("#board-message")
    expect(message).to_be_visible()
    expect(message).to_have_attribute("data-code", "wip_limit")
    expect(message).to_contain_text("WIP limit of 1")
    expect(in_progress.locator(f"#card-{items[1]}")).to_have_count(0)
    page.screenshot(path=str(live.shots / "board.png"), full_page=True)
    page.close()


def test_phone_sized_pages_in_korean(browser: Browser, live: Live, background: None) -> None:
    context: Any = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True
    )
    page = context.new_page()
    _sign_in(page, live)
    page.click("a[href^='/lang/ko']")
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.locator("h1")).to_contain_text("진행 중인 장애")
    page.screenshot(path=str(live.shots / "phone-dashboard-ko.png"), full_page=True)
    page.locator(".card-title").first.click()
    expect(page.locator("#timeline-section h2")).to_contain_text("타임라인")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the incident room scrolls sideways on a phone"
    page.screenshot(path=str(live.shots / "phone-incident-room-ko.png"), full_page=True)
    context.close()


def test_viewer_refused_and_csrf_enforced_in_the_browser(browser: Browser, live: Live) -> None:
    page = browser.new_page()
    _sign_in(page, live)
    status = page.evaluate(
        """async () => (await fetch('/api/v1/incidents', {method: 'POST',
             headers: {'Content-Type': 'application/json'},
             body: JSON.stringify({title: 'x', severity: 'P4'})})).status"""
    )
    assert status == 403
    page.close()
