"""API tokens: an expiry (refused from then on) and "last used" (written at most once a
minute per token), on the accounts page; the last-admin guard shown there."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import select

from tests.support.web import Web
from warroom.accounts.models import ApiToken
from warroom.db.uow import read_session


def _new_token(web: Web, csrf: str, expires: str) -> tuple[int, dict[str, str]]:
    created = web.client.post(
        "/admin/tokens",
        data={"csrf_token": csrf, "username": "rita", "name": "grafana", "expires": expires},
    )
    assert created.status_code == 201, created.text
    secret = re.search(r'<code class="secret">(wrt_[^<]+)</code>', created.text)
    assert secret is not None
    newest = max(int(n) for n in re.findall(r"/admin/tokens/(\d+)/revoke", created.text))
    return newest, {"Authorization": f"Bearer {secret.group(1)}"}


def _last_used(web: Web, token_id: int) -> datetime | None:
    with read_session(web.engine) as session:
        return session.scalar(select(ApiToken.last_used_at).where(ApiToken.id == token_id))


def _row(page: str, token_id: int) -> str:
    return page.split(f"<td>{token_id}</td>", 1)[1].split("</tr>", 1)[0]


def test_a_token_is_refused_once_it_expires(web: Web) -> None:
    csrf = web.login()
    token_id, bearer = _new_token(web, csrf, "1d")
    assert web.client.get("/api/v1/me", headers=bearer).status_code == 200
    assert "expired" not in _row(web.client.get("/admin").text, token_id)
    web.clock.advance(timedelta(days=1))
    refused = web.client.get("/api/v1/me", headers=bearer)
    assert refused.status_code == 401
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert "expired" in refused.json()["detail"]
    web.login()  # the browser session ended too (12 hours)
    assert "expired" in _row(web.client.get("/admin").text, token_id)


def test_last_used_is_written_at_most_once_a_minute(web: Web) -> None:
    csrf = web.login()
    token_id, bearer = _new_token(web, csrf, "")
    assert "not yet" in _row(web.client.get("/admin").text, token_id)
    first = web.clock.now()
    web.client.get("/api/v1/me", headers=bearer)
    assert _last_used(web, token_id) == first
    web.clock.advance(timedelta(seconds=59))
    web.client.get("/api/v1/me", headers=bearer)
    assert _last_used(web, token_id) == first  # no write within the minute
    web.clock.advance(timedelta(seconds=1))
    web.client.get("/api/v1/me", headers=bearer)
    assert _last_used(web, token_id) == first + timedelta(minutes=1)
    assert "not yet" not in _row(web.client.get("/admin").text, token_id)


def test_a_past_or_unreadable_expiry_is_refused(web: Web) -> None:
    csrf = web.login()
    before = web.client.get("/admin").text.count("/revoke")
    for bad, said in (("-1h", "must be in the future"), ("someday", "cannot read the time")):
        refused = web.client.post(
            "/admin/tokens",
            data={"csrf_token": csrf, "username": "rita", "expires": bad},
            headers={"referer": "http://testserver/admin"},
            follow_redirects=False,
        )
        assert refused.status_code == 303
        page = web.client.get(refused.headers["location"]).text
        assert said in page
        assert "wrt_" not in page
    script = web.client.post(
        "/admin/tokens", data={"username": "rita", "expires": "-1h"}, headers=web.auth("admin")
    )
    assert script.status_code == 422
    assert script.headers["content-type"].startswith("application/problem+json")
    assert web.client.get("/admin").text.count("/revoke") == before


def test_the_last_admin_has_no_demote_or_disable_buttons(web: Web) -> None:
    csrf = web.login()
    page = web.client.get("/admin").text
    assert 'action="/admin/users/alice/role"' not in page
    assert 'action="/admin/users/alice/access"' not in page
    assert "The last admin: make another user admin" in page
    assert 'action="/admin/users/rita/role"' in page
    web.client.cookies.set("warroom_lang", "ko")
    assert "마지막 관리자" in web.client.get("/admin").text
    web.client.post("/admin/users/rita/role", data={"csrf_token": csrf, "role": "admin"})
    page = web.client.get("/admin").text
    assert 'action="/admin/users/alice/role"' in page
    assert 'action="/admin/users/rita/access"' in page
