"""Account pages for admins: users, roles, tokens shown once and revoked."""

from __future__ import annotations

import re

from tests.support.web import Web


def test_only_admins_see_the_accounts_page(web: Web) -> None:
    web.login("vic")
    assert web.client.get("/admin").status_code == 403
    assert 'href="/admin"' not in web.client.get("/").text


def test_admin_creates_a_token_once_and_revokes_it(web: Web) -> None:
    csrf = web.login()
    page = web.client.get("/admin").text
    assert 'id="users"' in page
    assert "rita" in page
    created = web.client.post(
        "/admin/tokens",
        data={"csrf_token": csrf, "username": "rita", "role": "viewer", "name": "grafana"},
    )
    assert created.status_code == 201
    assert created.headers["cache-control"] == "no-store"
    secret = re.search(r'<code class="secret">(wrt_[^<]+)</code>', created.text)
    assert secret is not None
    bearer = {"Authorization": f"Bearer {secret.group(1)}"}
    assert web.client.get("/api/v1/me", headers=bearer).json()["role"] == "viewer"
    assert secret.group(1) not in web.client.get("/admin").text
    listed = re.findall(r"/admin/tokens/(\d+)/revoke", created.text)
    newest = max(int(n) for n in listed)
    web.client.post(f"/admin/tokens/{newest}/revoke", data={"csrf_token": csrf})
    assert web.client.get("/api/v1/me", headers=bearer).status_code == 401


def test_admin_adds_a_user_and_changes_a_role(web: Web) -> None:
    csrf = web.login()
    added = web.client.post(
        "/admin/users",
        data={
            "csrf_token": csrf,
            "username": "kim",
            "role": "viewer",
            "password": "long enough password",
        },
    )
    assert "User kim added." in added.text
    web.client.post("/admin/users/kim/role", data={"csrf_token": csrf, "role": "responder"})
    web.client.cookies.clear()
    web.login("kim", "long enough password")
    assert web.client.get("/api/v1/me").json()["role"] == "responder"


def test_responder_cannot_post_to_admin_forms(web: Web) -> None:
    csrf = web.login("vic")
    response = web.client.post(
        "/admin/users",
        data={"csrf_token": csrf, "username": "x", "role": "admin"},
        follow_redirects=False,
    )
    assert response.status_code == 403


def test_admin_disables_and_enables_a_user(web: Web) -> None:
    csrf = web.login()
    web.client.post("/admin/users/rita/access", data={"csrf_token": csrf, "enabled": "no"})
    assert web.client.get("/api/v1/me", headers=web.auth("responder")).status_code == 401
    web.client.post("/admin/users/rita/access", data={"csrf_token": csrf, "enabled": "yes"})
    assert web.client.get("/api/v1/me", headers=web.auth("responder")).status_code == 200


def test_the_last_admin_cannot_demote_or_disable_themselves(web: Web) -> None:
    csrf = web.login()
    back = {"referer": "http://testserver/admin"}
    for url, form in (
        ("/admin/users/alice/role", {"role": "responder"}),
        ("/admin/users/alice/access", {"enabled": "no"}),
    ):
        page = web.client.post(url, data={"csrf_token": csrf, **form}, headers=back)
        assert "alice is the last admin" in page.text
        assert "Make another user admin first" in page.text
    assert web.client.get("/api/v1/me").json()["role"] == "admin"
    web.client.post("/admin/users/rita/role", data={"csrf_token": csrf, "role": "admin"})
    web.client.post("/admin/users/alice/role", data={"csrf_token": csrf, "role": "responder"})
    assert web.client.get("/api/v1/me").json()["role"] == "responder"


def test_the_token_list_says_when_a_token_acts_below_its_role(web: Web) -> None:
    csrf = web.login()
    web.client.post("/admin/users/rita/role", data={"csrf_token": csrf, "role": "viewer"})
    page = web.client.get("/admin").text
    assert "acts as viewer while its owner&#39;s role is lower" in page
    assert web.client.get("/api/v1/me", headers=web.auth("responder")).json()["role"] == "viewer"
    web.client.post("/admin/users/rita/role", data={"csrf_token": csrf, "role": "responder"})
    assert "acts as" not in web.client.get("/admin").text
    me = web.client.get("/api/v1/me", headers=web.auth("responder")).json()
    assert me["role"] == "responder"  # the token is back to its own role
