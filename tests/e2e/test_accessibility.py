"""WCAG 2.2 AA with axe-core (vendored, tests/support/axe) on every page, in English and
Korean: no serious or critical violation.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import PASSWORD, Live

pytestmark = pytest.mark.e2e
AXE = Path(__file__).resolve().parents[1] / "support" / "axe" / "axe.min.js"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _incident(live: Live) -> str:
    with live.api() as api:
        incident = str(
            api.post(
                "/api/v1/incidents",
                json={"title": "Checkout API 5xx", "severity": "P1", "services": ["checkout"]},
            ).json()["id"]
        )
        api.post(
            f"/api/v1/incidents/{incident}/roles",
            json={"role": "incident_commander", "handle": "alice"},
        )
        api.post(
            f"/api/v1/incidents/{incident}/timeline",
            json={"kind": "decision", "body": "Roll back to v2.3.3"},
        )
        api.post(f"/api/v1/incidents/{incident}/transitions", json={"to": "resolved"})
        api.post(
            "/api/v1/action-items",
            json={
                "incident_id": incident,
                "title": "Alert on 5xx rate",
                "priority": "P2",
                "item_type": "monitoring",
                "owner": "alice",
            },
        )
    return incident


def _serious(results: dict[str, Any]) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']} {v['help']}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_serious_axe_violations_on_any_page(browser: Browser, live: Live, lang: str) -> None:
    assert hashlib.sha256(AXE.read_bytes()).hexdigest() == AXE_SHA256
    incident = _incident(live)
    # The pages' CSP allows no injected script; axe is the test's, not the page's.
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    found: dict[str, list[str]] = {}

    def check(path: str) -> None:
        page.goto(f"{live.url}{path}")
        page.add_script_tag(path=str(AXE))
        results = page.evaluate(
            "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
        )
        bad = _serious(results)
        if bad:
            found[path] = bad

    page.goto(f"{live.url}/lang/{lang}?next=/login")
    check("/login")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    page.goto(f"{live.url}/incidents/{incident}/postmortem")
    page.click("#draft-form button[type=submit]")
    for path in (
        "/",
        "/incidents",
        "/incidents/new",
        f"/incidents/{incident}",
        f"/incidents/{incident}/postmortem",
        f"/incidents/{incident}/deliveries",
        "/board",
        "/oncall",
        "/escalation",
        "/admin",
    ):
        check(path)
    context.close()
    assert found == {}, f"axe ({lang}): {found}"
