"""Search and insights in a real browser: marked results, SVG charts with their tables,
readable on a phone in Korean; the screenshots the README shows."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import PASSWORD, Live

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def history(live: Live) -> None:
    with live.api() as api:
        for title, users, business, services, steps in (
            ("결제 API 커넥션풀이 고갈", "many", "revenue", ["checkout"], 4),
            ("Checkout connection pool exhausted again", "many", "revenue", ["checkout"], 4),
            ("검색 결과 지연", "some", "inconvenience", ["search"], 2),
            ("LLM gateway memory leak", "some", "work", ["llm-gateway"], 4),
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
            for to in ("acknowledged", "investigating", "mitigated", "resolved")[:steps]:
                moved = api.post(f"/api/v1/incidents/{incident}/transitions", json={"to": to})
                assert moved.status_code == 200, moved.text


def test_search_and_insights(browser: Browser, live: Live, history: None) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live.url}/login")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.fill("form.header-search input[name=q]", "커넥션")
    page.press("form.header-search input[name=q]", "Enter")
    expect(page.locator("mark").first).to_have_text("커넥션")
    page.screenshot(path=str(live.shots / "search.png"))
    page.goto(f"{live.url}/insights")
    expect(page.locator("figure.chart svg").first).to_be_visible()
    expect(page.locator("figure.chart table").first).to_be_visible()
    page.screenshot(path=str(live.shots / "insights.png"), full_page=True)
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    phone.context.add_cookies(page.context.cookies())
    phone.goto(f"{live.url}/lang/ko?next=/insights")
    expect(phone.locator("h1")).to_have_text("인사이트")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 400  # no sideways scrolling on a phone
