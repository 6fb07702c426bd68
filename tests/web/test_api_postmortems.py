"""/api/v1 postmortem routes: draft, read the Markdown, store edits, review, publish."""

from __future__ import annotations

from tests.support.web import Web


def _resolved(web: Web) -> str:
    incident = web.declare("Checkout API 5xx")
    web.client.post(
        f"/api/v1/incidents/{incident}/transitions",
        json={"to": "resolved"},
        headers=web.auth("responder"),
    )
    return incident


def test_postmortem_round_trip_through_the_api(web: Web) -> None:
    incident = _resolved(web)
    base = f"/api/v1/incidents/{incident}/postmortem"
    drafted = web.client.post(base, json={"template": "concise"}, headers=web.auth("responder"))
    assert drafted.status_code == 201, drafted.text
    assert drafted.json()["status"] == "draft"
    shown = web.client.get(base, headers=web.auth("viewer")).json()
    assert shown["markdown"].startswith("---\n")
    assert shown["revision"] == 1

    same = web.client.put(
        f"{base}/markdown", json={"markdown": shown["markdown"]}, headers=web.auth("responder")
    ).json()
    assert same["plan"] == "unchanged"
    edited = shown["markdown"].replace("Checkout API 5xx", "Checkout API 5xx (v2.3.4)", 1)
    saved = web.client.put(
        f"{base}/markdown", json={"markdown": edited}, headers=web.auth("responder")
    ).json()
    assert (saved["plan"], saved["postmortem"]["revision"]) == ("apply", 2)

    rita = web.auth("responder")
    submitted = web.client.post(
        f"{base}/submit", json={"reviewers": ["rita"], "approver": "rita"}, headers=rita
    )
    assert submitted.json()["status"] == "in_review"
    web.client.post(f"{base}/approve", json={"note": "clear"}, headers=rita)
    refused = web.client.post(f"{base}/publish", headers=rita)
    assert refused.status_code == 409
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["code"] == "lint_failed" and "--override-lint" in refused.json()["hint"]
    findings = web.client.get(f"{base}/lint", headers=web.auth("viewer")).json()
    assert {"PM010", "PM002"} <= {f["rule_id"] for f in findings}
    assert all(f["severity"] in ("error", "warning") and f["line"] > 0 for f in findings)
    published = web.client.post(
        f"{base}/publish", json={"override_reason": "tabletop drill"}, headers=rita
    ).json()
    assert published["status"] == "published"
    assert published["signoffs"][-1]["lint_override"] == "tabletop drill"
    listed = web.client.get("/api/v1/postmortems?status=published", headers=web.auth("viewer"))
    assert [p["incident"] for p in listed.json()] == [incident]


def test_postmortem_errors_are_problems(web: Web) -> None:
    incident = web.declare()
    base = f"/api/v1/incidents/{incident}/postmortem"
    missing = web.client.get(base, headers=web.auth("viewer"))
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    too_early = web.client.post(base, json={}, headers=web.auth("responder"))
    assert too_early.status_code in (409, 422)
    assert too_early.json()["code"]
    assert web.client.post(base, json={}, headers=web.auth("viewer")).status_code == 403


def test_changes_requested_goes_back_to_draft(web: Web) -> None:
    incident = _resolved(web)
    base = f"/api/v1/incidents/{incident}/postmortem"
    rita = web.auth("responder")
    web.client.post(base, json={}, headers=rita)
    web.client.post(
        f"{base}/submit", json={"reviewers": ["rita"], "approver": "alice"}, headers=rita
    )
    back = web.client.post(
        f"{base}/request-changes", json={"reason": "5 Whys stop early"}, headers=rita
    )
    assert back.json()["status"] == "draft"
    early = web.client.post(f"{base}/publish", headers=web.auth("admin"))
    assert early.status_code == 409
