"""The postmortem editor: draft, edit with preview, submit, approve, publish."""

from __future__ import annotations

import html

from tests.support.web import Web


def _resolved(web: Web) -> str:
    incident = web.declare("Checkout API 5xx")
    web.client.post(
        f"/api/v1/incidents/{incident}/transitions",
        json={"to": "resolved"},
        headers=web.auth("responder"),
    )
    return incident


def test_no_postmortem_before_resolve(web: Web) -> None:
    incident = web.declare()
    web.login()
    page = web.client.get(f"/incidents/{incident}/postmortem").text
    assert "drafted once the incident is resolved" in page
    assert 'id="draft-form"' not in page


def test_draft_edit_review_publish(web: Web) -> None:
    incident = _resolved(web)
    csrf = web.login()
    room = web.client.get(f"/incidents/{incident}").text
    assert f'href="/incidents/{incident}/postmortem"' in room
    page = f"/incidents/{incident}/postmortem"
    drafted = web.client.post(f"{page}/draft", data={"csrf_token": csrf, "template": "concise"})
    assert "Postmortem drafted." in drafted.text
    assert 'id="pm-text"' in drafted.text

    editor = web.client.get(page).text
    start = editor.index('id="pm-text"')
    body = editor[editor.index(">", start) + 1 : editor.index("</textarea>", start)]
    original = html.unescape(body)
    assert original.startswith("---\n")
    edited = original.replace("Checkout API 5xx", "Checkout API 5xx <script>x()</script>", 1)
    saved = web.client.post(f"{page}/save", data={"csrf_token": csrf, "text": edited})
    assert "Saved as revision 2." in saved.text
    assert "<script>x()</script>" not in saved.text.split('id="pm-preview"')[1]

    web.client.post(
        f"{page}/submit", data={"csrf_token": csrf, "reviewers": "alice", "approver": "alice"}
    )
    web.client.post(f"{page}/approve", data={"csrf_token": csrf})
    in_review = web.client.get(page).text
    assert 'id="pm-lint"' in in_review and "PM010" in in_review
    assert 'name="override_reason"' in in_review
    refused = web.client.post(f"{page}/publish", data={"csrf_token": csrf})
    assert "linter error" in refused.text and "Published." not in refused.text
    published = web.client.post(
        f"{page}/publish", data={"csrf_token": csrf, "override_reason": "drill write-up"}
    )
    assert "Published." in published.text
    assert "drill write-up" in published.text
    assert 'id="pm-status">published<' in published.text
    assert "readonly" in published.text


def test_only_participants_can_approve(web: Web) -> None:
    incident = _resolved(web)
    csrf = web.login()
    page = f"/incidents/{incident}/postmortem"
    web.client.post(f"{page}/draft", data={"csrf_token": csrf})
    web.client.post(
        f"{page}/submit", data={"csrf_token": csrf, "reviewers": "rita", "approver": "rita"}
    )
    refused = web.client.post(f"{page}/approve", data={"csrf_token": csrf}, follow_redirects=False)
    assert refused.status_code == 403


def test_document_preview_hides_front_matter_and_markers(web: Web) -> None:
    text = "---\nincident: INC-1\n---\n<!-- wr:tldr -->\n**Short** story\n<!-- /wr:tldr -->\n"
    response = web.client.post(
        "/api/v1/markdown/preview",
        json={"text": text, "document": True},
        headers=web.auth("responder"),
    )
    assert response.json()["html"] == "<p><strong>Short</strong> story</p>\n"


def test_sign_off_buttons_only_for_who_may_and_the_file_path_for_admins(web: Web) -> None:
    incident = _resolved(web)
    csrf = web.login()  # alice, an admin, is neither reviewer nor approver
    page = f"/incidents/{incident}/postmortem"
    web.client.post(f"{page}/draft", data={"csrf_token": csrf})
    assert 'id="pm-path"' in web.client.get(page).text
    web.client.post(
        f"{page}/submit", data={"csrf_token": csrf, "reviewers": "rita", "approver": "vic"}
    )
    shown = web.client.get(page).text
    assert 'data-step="approve"' not in shown and 'data-step="publish"' not in shown
    assert 'id="signoff-who"' in shown and "rita" in shown

    web.client.post("/logout", data={"csrf_token": csrf})
    web.login("vic")  # a viewer sees no file path
    assert 'id="pm-path"' not in web.client.get(page).text
