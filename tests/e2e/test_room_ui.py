"""What an on-call engineer reaches for: the note box above the timeline, keyboard
shortcuts, time since detection, the commander on the dashboard card, a phone's first
screen showing incidents rather than empty lanes, preview tables that keep ids whole.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import Live
from tests.e2e.test_live import _declare, _signed_in

pytestmark = pytest.mark.e2e


def _top(page: Page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return float(box["y"])


def test_room_note_box_shortcuts_and_time_since_detection(browser: Browser, live: Live) -> None:
    incident = _declare(live, "Cache stampede on product pages", severity="P2")
    with live.api() as api:
        api.post(
            f"/api/v1/incidents/{incident}/roles",
            json={"role": "incident_commander", "handle": "jiyoung"},
        )
    context, page = _signed_in(browser, live)
    card = page.locator(".card", has_text="Cache stampede")
    expect(card.locator(".commander")).to_have_text("jiyoung")
    expect(card.locator(".elapsed")).to_have_text(lambda_free_elapsed())
    page.goto(f"{live.url}/incidents/{incident}")
    assert _top(page, "#note-form") < _top(page, "#timeline"), "the note box is below the timeline"
    expect(page.locator("#since-detection .elapsed")).to_have_text(lambda_free_elapsed())

    page.keyboard.press("n")
    expect(page.locator("#note-form textarea")).to_be_focused()
    page.keyboard.type("typing n here writes, it does not jump")
    expect(page.locator("#note-form textarea")).to_have_value(
        "typing n here writes, it does not jump"
    )
    page.locator("#note-form textarea").blur()
    page.keyboard.press("a")
    expect(page.locator("button[data-to=acknowledged]")).to_be_focused()
    expect(page.locator("#incident-state")).to_have_text("Detected")  # a key only aims
    # Only decisions: the status change that opened the incident is filtered out.
    with live.api() as api:
        api.post(
            f"/api/v1/incidents/{incident}/timeline",
            json={"kind": "decision", "body": "Warm the cache before traffic"},
        )
    decision = page.locator("#timeline .ev-decision")
    expect(decision).to_contain_text("Warm the cache")
    page.select_option("#kind-filter", "decision")
    expect(page.locator("#timeline .ev-status_change").first).to_be_hidden()
    expect(decision).to_be_visible()
    entry = decision.get_attribute("id")
    expect(decision.locator("a.permalink")).to_have_attribute("href", f"#{entry}")
    page.select_option("#kind-filter", "")
    page.locator("#kind-filter").blur()
    page.keyboard.press("Shift+?")
    expect(page.locator("#shortcuts-help")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#shortcuts-help")).to_be_hidden()
    context.close()


def lambda_free_elapsed() -> object:
    import re

    return re.compile(r"^(\d+d \d+h|\d+h \d\dm|\d+m \d\ds)$")


def test_phone_first_screen_shows_the_incident_not_empty_lanes(
    browser: Browser, live: Live
) -> None:
    _declare(live, "Only a P4 is open: typo on the status page", severity="P4")
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{live.url}/login")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", "correct horse battery")
    page.click("form[action='/login'] button[type=submit]")
    first = page.locator(".sev-col:not(.empty-lane) .card").first
    expect(first).to_be_visible()
    assert _top(page, ".sev-col:not(.empty-lane) .card") < 844, "the first card is off screen"
    expect(page.locator("#live-status")).to_have_class("live on")
    page.screenshot(path=str(live.shots / "phone-dashboard-en.png"))
    context.close()


def test_korean_desktop_dashboard_and_room(browser: Browser, live: Live) -> None:
    """The README's Korean desktop pictures: the live dashboard and the room's note box."""
    incident = _declare(live, "결제 승인 지연 (PG사 응답 5초 이상)", severity="P1")
    context, page = _signed_in(browser, live)
    page.goto(f"{live.url}/lang/ko?next=/")
    expect(page.locator("#live-status")).to_have_class("live on")
    page.screenshot(path=str(live.shots / "dashboard-ko.png"))
    page.goto(f"{live.url}/incidents/{incident}")
    expect(page.locator("#note-form")).to_be_visible()
    expect(page.locator("#live-status")).to_have_class("live on")
    page.screenshot(path=str(live.shots / "incident-room-ko.png"), full_page=True)
    context.close()


def test_preview_tables_keep_ids_whole(browser: Browser, live: Live) -> None:
    context, page = _signed_in(browser, live)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live.url}/incidents")  # any page with the stylesheet
    lines = page.evaluate(
        """() => {
             const box = document.createElement('div');
             box.className = 'pm-preview';
             box.style.width = '160px';
             box.innerHTML = '<table><tr><th>ID</th><th>Owner</th><th>Due</th></tr>' +
               '<tr><td id="cell">AI-20261122-0001</td><td>platform-team</td>' +
               '<td>2026-12-01</td></tr></table>';
             document.querySelector('main').appendChild(box);
             const range = document.createRange();
             range.selectNodeContents(document.getElementById('cell'));
             return range.getClientRects().length;
           }"""
    )
    assert lines == 1, "an action-item id broke across lines in a preview table"
    context.close()


def test_a_star_in_one_tab_shows_live_in_another(browser: Browser, live: Live) -> None:
    incident = _declare(live, "Stale prices after deploy", severity="P2")
    context, page = _signed_in(browser, live)
    page.goto(f"{live.url}/incidents/{incident}")
    other = context.new_page()
    other.goto(f"{live.url}/incidents/{incident}")
    with live.api() as api:
        api.post(
            f"/api/v1/incidents/{incident}/timeline",
            json={"kind": "note", "body": "Purged the price cache"},
        )
    note = page.locator("#timeline .ev-note", has_text="Purged the price cache")
    button = note.locator(".star-btn")  # a live entry gets the star button too
    expect(button).to_have_attribute("aria-pressed", "false")
    button.click()
    expect(page.locator(".ev-note", has_text="Purged").locator(".star-btn")).to_have_attribute(
        "aria-pressed", "true"
    )
    mirrored = other.locator("#timeline .ev-note", has_text="Purged the price cache")
    expect(mirrored).to_have_class(re.compile(r"\bkey\b"))
    expect(mirrored.locator(".star-btn")).to_have_attribute("aria-pressed", "true")
    other.select_option("#kind-filter", "key")
    expect(mirrored).to_be_visible()
    context.close()
