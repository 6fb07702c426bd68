"""One live connection per browser: eight rooms and the dashboard open in one browser
share a single stream (HTTP/1.1 allows six per site, so a stream per tab locked the
seventh tab out), every room and the dashboard update live, and a tab hidden for a
while lets go of the stream and catches up when it is shown again.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.e2e.conftest import PASSWORD, Live
from tests.support.eventually import eventually

pytestmark = pytest.mark.e2e
ROOMS = 8


def _open_streams(live: Live) -> int:
    return int(live.app.state.warroom.live_streams)


def _signed_in(browser: Browser, live: Live) -> tuple[BrowserContext, Page]:
    context = browser.new_context(viewport={"width": 1100, "height": 800})
    page = context.new_page()
    page.goto(f"{live.url}/login")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    expect(page).to_have_url(f"{live.url}/")
    return context, page


def _declare(live: Live, title: str, severity: str = "P3") -> str:
    with live.api() as api:
        created = api.post("/api/v1/incidents", json={"title": title, "severity": severity})
        assert created.status_code == 201, created.text
        return str(created.json()["id"])


def _note(live: Live, incident: str, body: str) -> int:
    with live.api() as api:
        posted = api.post(
            f"/api/v1/incidents/{incident}/timeline", json={"kind": "note", "body": body}
        )
        assert posted.status_code == 201, posted.text
        return int(posted.json()["id"])


def _hide(page: Page, hidden: bool) -> None:
    """What the browser does when the tab goes to the background (or comes back)."""
    page.evaluate(
        """(hidden) => {
             document.body.setAttribute('data-live-hidden-ms', '50');
             Object.defineProperty(document, 'hidden', {configurable: true, get: () => hidden});
             Object.defineProperty(document, 'visibilityState',
               {configurable: true, get: () => hidden ? 'hidden' : 'visible'});
             document.dispatchEvent(new Event('visibilitychange'));
           }""",
        hidden,
    )


def test_eight_rooms_and_the_dashboard_share_one_live_stream(browser: Browser, live: Live) -> None:
    incidents = [_declare(live, f"Room {n} on fire") for n in range(ROOMS)]
    context, dashboard = _signed_in(browser, live)
    rooms: list[Page] = []
    for incident in incidents:
        room = context.new_page()
        room.goto(f"{live.url}/incidents/{incident}")
        expect(room.locator("#live-status")).to_have_class("live on")
        rooms.append(room)
    # A ninth and tenth tab still load: the browser holds one stream, not one per tab.
    extra = context.new_page()
    extra.goto(f"{live.url}/incidents")
    expect(extra.locator("h1")).to_be_visible()
    eventually(lambda: _open_streams(live) == 1, "one stream for the whole browser")

    for incident, room in zip(incidents, rooms, strict=True):
        event = _note(live, incident, f"Live in {incident}")
        entry = room.locator(f"#ev-{event}")
        expect(entry).to_contain_text(f"Live in {incident}")
        # A live entry offers the same "Correct" form as one rendered by the server.
        expect(entry.locator("details.fix summary")).to_have_text("Correct")

    # The dashboard and the list update from the same stream: a colleague's new P1.
    dashboard.bring_to_front()
    p1 = _declare(live, "Colleague's new P1: login down", severity="P1")
    expect(dashboard.locator("[data-severity=P1]")).to_contain_text("login down")
    expect(extra.locator("table.list")).to_contain_text(p1)
    assert _open_streams(live) == 1
    context.close()
    eventually(lambda: _open_streams(live) == 0, "the stream ends with the browser")


def test_hidden_tab_lets_go_of_the_stream_and_catches_up(browser: Browser, live: Live) -> None:
    incident = _declare(live, "Disk filling on db-3")
    context, page = _signed_in(browser, live)
    page.goto(f"{live.url}/incidents/{incident}")
    expect(page.locator("#live-status")).to_have_class("live on")
    eventually(lambda: _open_streams(live) == 1, "the room's stream is open")

    _hide(page, True)
    eventually(lambda: _open_streams(live) == 0, "a hidden tab closes its stream")
    missed = _note(live, incident, "Written while the tab was hidden")

    _hide(page, False)
    expect(page.locator(f"#ev-{missed}")).to_contain_text("Written while the tab was hidden")
    eventually(lambda: _open_streams(live) == 1, "the shown tab streams again")
    context.close()


def test_room_changes_are_logged_with_their_own_kind(browser: Browser, live: Live) -> None:
    incident = _declare(live, "Queue backlog growing")
    context, page = _signed_in(browser, live)
    page.goto(f"{live.url}/incidents/{incident}")
    page.click("button[data-to=acknowledged]")
    expect(page.locator("#incident-state")).to_have_text("Acknowledged")
    page.select_option("form[action$='/roles'] select[name=role]", "incident_commander")
    page.fill("form[action$='/roles'] input[name=handle]", "minsu")
    page.click("form[action$='/roles'] button")
    expect(page.locator("#roles")).to_contain_text("minsu")
    timeline = page.locator("#timeline")
    expect(timeline.locator(".ev-status_change .kind").last).to_have_text("Status change")
    expect(timeline.locator(".ev-role_change .kind")).to_have_text("Role change")
    expect(timeline.locator(".ev-role_change .ev-body")).to_have_text("Incident Commander: minsu")
    expect(timeline.locator(".ev-note")).to_have_count(0)
    context.close()


def test_without_shared_worker_a_leader_tab_holds_the_one_stream(
    browser: Browser, live: Live
) -> None:
    """Browsers without SharedWorker (some phones): the tabs elect a leader."""
    incidents = [_declare(live, f"Phone room {n}") for n in range(7)]
    context, first = _signed_in(browser, live)
    context.add_init_script(
        "Object.defineProperty(window, 'SharedWorker', {value: undefined, configurable: true})"
    )
    first.close()  # opened before the script: it would use a SharedWorker
    eventually(lambda: _open_streams(live) == 0, "the dashboard's stream ended")
    rooms: list[Page] = []
    for incident in incidents:
        room = context.new_page()
        room.goto(f"{live.url}/incidents/{incident}")
        expect(room.locator("#live-status")).to_have_class("live on")
        rooms.append(room)
    eventually(lambda: _open_streams(live) == 1, "one stream for seven rooms")
    event = _note(live, incidents[-1], "Seen through the leader")
    expect(rooms[-1].locator(f"#ev-{event}")).to_contain_text("Seen through the leader")

    rooms[0].close()  # the leader's tab: the lock passes to another tab
    later = _note(live, incidents[-1], "Seen through the next leader")
    expect(rooms[-1].locator(f"#ev-{later}")).to_contain_text("Seen through the next leader")
    eventually(lambda: _open_streams(live) == 1, "still one stream")
    context.close()
