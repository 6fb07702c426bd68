"""Saving postmortem Markdown: on the incident in the URL only, and never dropping text.

The API used to store the postmortem named in the document's front matter whatever the
URL said, and text typed outside the section markers vanished while the editor said
"Saved".
"""

from __future__ import annotations

import html

from tests.support.web import Web

STRAY = "We also paged the payments team, who confirmed the fix."


def _drafted(web: Web, title: str) -> tuple[str, str]:
    incident = web.declare(title)
    rita = web.auth("responder")
    web.client.post(
        f"/api/v1/incidents/{incident}/transitions", json={"to": "resolved"}, headers=rita
    )
    drafted = web.client.post(f"/api/v1/incidents/{incident}/postmortem", json={}, headers=rita)
    assert drafted.status_code == 201, drafted.text
    shown = web.client.get(f"/api/v1/incidents/{incident}/postmortem", headers=rita).json()
    return incident, shown["markdown"]


def test_put_on_another_incident_is_a_409_and_changes_nothing(web: Web) -> None:
    a, a_text = _drafted(web, "Checkout API 5xx")
    b, _b_text = _drafted(web, "Search slow")
    edited = a_text.replace("Checkout API 5xx", "Checkout API 5xx (v2.3.4)", 1)
    rita = web.auth("responder")
    refused = web.client.put(
        f"/api/v1/incidents/{b}/postmortem/markdown", json={"markdown": edited}, headers=rita
    )
    assert refused.status_code == 409
    assert refused.headers["content-type"] == "application/problem+json"
    problem = refused.json()
    assert problem["code"] == "wrong_incident"
    assert a in problem["detail"] and b in problem["detail"]
    for incident in (a, b):
        stored = web.client.get(f"/api/v1/incidents/{incident}/postmortem", headers=rita).json()
        assert stored["revision"] == 1
    saved = web.client.put(
        f"/api/v1/incidents/{a}/postmortem/markdown", json={"markdown": edited}, headers=rita
    )
    assert saved.status_code == 200 and saved.json()["plan"] == "apply"


def test_put_with_text_outside_the_sections_is_a_422_naming_the_line(web: Web) -> None:
    incident, text = _drafted(web, "Checkout API 5xx")
    typed = text.replace("## TL;DR\n", f"## TL;DR\n\n{STRAY}\n", 1)
    assert typed != text
    rita = web.auth("responder")
    refused = web.client.put(
        f"/api/v1/incidents/{incident}/postmortem/markdown", json={"markdown": typed}, headers=rita
    )
    assert refused.status_code == 422
    problem = refused.json()
    assert problem["code"] == "text_outside_sections"
    line = typed.split("\n").index(STRAY) + 1
    assert f"line {line}" in problem["detail"] and STRAY[:40] in problem["detail"]
    assert "Nothing was saved" in problem["hint"]
    stored = web.client.get(f"/api/v1/incidents/{incident}/postmortem", headers=rita).json()
    assert stored["revision"] == 1 and STRAY not in stored["markdown"]


def test_the_editor_keeps_the_typed_text_and_says_it_was_not_saved(web: Web) -> None:
    incident, text = _drafted(web, "Checkout API 5xx")
    csrf = web.login()
    page = f"/incidents/{incident}/postmortem"
    typed = text.replace("## TL;DR\n", f"## TL;DR\n\n{STRAY}\n", 1)
    response = web.client.post(f"{page}/save", data={"csrf_token": csrf, "text": typed})
    assert response.status_code == 422
    assert "Saved as revision" not in response.text
    assert "Not saved: text outside the section markers would be lost" in response.text
    start = response.text.index('id="pm-text"')
    body = response.text[
        response.text.index(">", start) + 1 : response.text.index("</textarea>", start)
    ]
    assert html.unescape(body) == typed
    assert 'id="pm-status">draft<' in web.client.get(page).text
    assert STRAY not in web.client.get(page).text
