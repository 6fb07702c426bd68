"""Who may do what: 401 anonymous, 403 too low a role, CSRF on cookie writes, revocation."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.support.web import PASSWORD, Web, web_app
from warroom.clock import FixedClock

DECLARE = {"title": "Disk full", "severity": "P3"}


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/v1/incidents"),
        ("get", "/api/v1/incidents/INC-20261122-001"),
        ("get", "/api/v1/severity/suggest?users=all&business=revenue"),
        ("get", "/api/v1/me"),
        ("post", "/api/v1/incidents"),
        ("get", "/api/v1/incidents/INC-20261122-001/events"),
    ],
)
def test_anonymous_api_requests_get_401_problem(web: Web, method: str, url: str) -> None:
    response = getattr(web.client, method)(url, **({"json": DECLARE} if method == "post" else {}))
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "unauthenticated"
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_health_and_openapi_need_no_sign_in(web: Web) -> None:
    assert web.client.get("/api/v1/health").json() == {"status": "ok"}
    spec = web.client.get("/api/openapi.json").json()
    assert "/api/v1/incidents/{incident_id}/timeline" in spec["paths"]


def test_viewer_can_read_but_not_write(web: Web) -> None:
    incident = web.declare()
    assert web.client.get(f"/api/v1/incidents/{incident}", headers=web.auth("viewer")).is_success
    response = web.client.post("/api/v1/incidents", json=DECLARE, headers=web.auth("viewer"))
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_viewer_form_post_is_refused_with_403(web: Web) -> None:
    incident = web.declare()
    csrf = web.login("vic")
    response = web.client.post(
        f"/incidents/{incident}/transition",
        data={"to": "acknowledged", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert response.status_code == 403
    detail = web.client.get(f"/api/v1/incidents/{incident}", headers=web.auth("viewer")).json()
    assert detail["state"] == "detected"


def test_unknown_bearer_token_is_401(web: Web) -> None:
    for token in ("nonsense", "wrt_000000000000_secret"):
        response = web.client.get("/api/v1/incidents", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401


def test_revoked_token_stops_working(web: Web) -> None:
    from warroom.accounts.actions import revoke_token
    from warroom.core.actor import SYSTEM
    from warroom.db.uow import unit_of_work

    headers = web.auth("responder")
    assert web.client.get("/api/v1/me", headers=headers).json()["role"] == "responder"
    with unit_of_work(web.engine) as session:
        revoke_token(
            session=session, actor=SYSTEM, now=web.clock.now(), token_id=web.token_ids["responder"]
        )
    response = web.client.get("/api/v1/me", headers=headers)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_token_needs_no_csrf(web: Web) -> None:
    response = web.client.post("/api/v1/incidents", json=DECLARE, headers=web.auth("responder"))
    assert response.status_code == 201


def test_cookie_session_write_without_csrf_is_refused(web: Web) -> None:
    csrf = web.login()
    no_token = web.client.post("/api/v1/incidents", json=DECLARE)
    assert no_token.status_code == 403
    assert no_token.json()["code"] == "csrf_failed"
    wrong = web.client.post("/api/v1/incidents", json=DECLARE, headers={"X-CSRF-Token": "x"})
    assert wrong.json()["code"] == "csrf_failed"
    right = web.client.post("/api/v1/incidents", json=DECLARE, headers={"X-CSRF-Token": csrf})
    assert right.status_code == 201


def test_form_post_without_csrf_field_is_refused(web: Web) -> None:
    web.login()
    response = web.client.post(
        "/incidents/new", data={"title": "x", "severity": "P2"}, follow_redirects=False
    )
    assert response.status_code == 403
    assert "security token" in response.text


def test_login_form_itself_needs_csrf(web: Web) -> None:
    response = web.client.post(
        "/login", data={"username": "alice", "password": PASSWORD}, follow_redirects=False
    )
    assert response.status_code == 403


def test_wrong_password_is_refused_without_saying_which_part(web: Web) -> None:
    web.client.get("/login")
    csrf = web.client.cookies["warroom_csrf"]
    for user, password in (("alice", "wrong password"), ("nobody", PASSWORD)):
        response = web.client.post(
            "/login", data={"username": user, "password": password, "csrf_token": csrf}
        )
        assert response.status_code == 401
        assert "Wrong username or password." in response.text
    assert "warroom_session" not in web.client.cookies


def test_session_cookie_is_httponly_and_lax(web: Web) -> None:
    web.client.get("/login")
    csrf = web.client.cookies["warroom_csrf"]
    response = web.client.post(
        "/login",
        data={"username": "alice", "password": PASSWORD, "csrf_token": csrf},
        follow_redirects=False,
    )
    cookie = response.headers["set-cookie"].lower()
    assert "warroom_session=" in cookie
    assert "httponly" in cookie
    assert "samesite=lax" in cookie


def test_secure_cookies_when_configured(engine: Engine, tmp_path: Path, clock: FixedClock) -> None:
    with web_app(engine, tmp_path, clock, cookie_secure=True) as web:
        response = web.client.get("/login")
        assert "secure" in response.headers["set-cookie"].lower()


def test_password_change_ends_open_sessions(web: Web) -> None:
    from warroom.accounts.actions import set_password
    from warroom.core.actor import SYSTEM
    from warroom.db.uow import unit_of_work

    web.login()
    assert web.client.get("/api/v1/me").status_code == 200
    with unit_of_work(web.engine) as session:
        set_password(
            session=session,
            actor=SYSTEM,
            now=web.clock.now(),
            username="alice",
            password="another long password",
        )
    assert web.client.get("/api/v1/me").status_code == 401


def test_tampered_session_cookie_is_anonymous(web: Web) -> None:
    web.login()
    assert web.client.get("/api/v1/me").status_code == 200
    tampered = web.client.cookies["warroom_session"][:-2] + "xx"
    web.client.cookies.clear()
    web.client.cookies.set("warroom_session", tampered)
    assert web.client.get("/api/v1/me").status_code == 401


def test_logout_clears_the_session(web: Web) -> None:
    csrf = web.login()
    web.client.post("/logout", data={"csrf_token": csrf})
    assert web.client.get("/api/v1/me").status_code == 401


def test_anonymous_page_redirects_to_login(web: Web) -> None:
    response = web.client.get("/incidents?state=active", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/incidents%3Fstate%3Dactive"


def test_login_ignores_offsite_next(web: Web) -> None:
    web.client.get("/login")
    csrf = web.client.cookies["warroom_csrf"]
    response = web.client.post(
        "/login",
        data={
            "username": "alice",
            "password": PASSWORD,
            "csrf_token": csrf,
            "next": "https://evil.example/",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


PROXY = ("127.0.0.1", 50000)  # the test client plays the SSO proxy on loopback


def test_proxy_header_auth_from_a_trusted_address(
    engine: Engine, tmp_path: Path, clock: FixedClock
) -> None:
    with web_app(
        engine,
        tmp_path,
        clock,
        client=PROXY,
        proxy_auth_header="X-Forwarded-User",
        forwarded_allow_ips=("127.0.0.1",),
    ) as web:
        known = web.client.get("/api/v1/me", headers={"X-Forwarded-User": "rita@corp.example"})
        assert known.json() == {"username": "rita", "role": "responder", "via": "proxy"}
        stranger = web.client.get("/api/v1/me", headers={"X-Forwarded-User": "sso.user"})
        assert stranger.json()["role"] == "viewer"


def test_proxy_header_from_an_untrusted_address_is_ignored(
    engine: Engine, tmp_path: Path, clock: FixedClock
) -> None:
    with web_app(
        engine,
        tmp_path,
        clock,
        client=PROXY,
        proxy_auth_header="X-Forwarded-User",
        forwarded_allow_ips=("10.0.0.0/8",),
    ) as web:
        response = web.client.get("/api/v1/me", headers={"X-Forwarded-User": "alice"})
        assert response.status_code == 401


def test_proxy_writes_need_csrf_too(engine: Engine, tmp_path: Path, clock: FixedClock) -> None:
    with web_app(
        engine,
        tmp_path,
        clock,
        client=PROXY,
        proxy_auth_header="X-Forwarded-User",
        forwarded_allow_ips=("127.0.0.1",),
    ) as web:
        headers = {"X-Forwarded-User": "rita"}
        assert (
            web.client.post("/api/v1/incidents", json=DECLARE, headers=headers).status_code == 403
        )


def test_form_post_after_the_session_ended_returns_to_the_page(web: Web) -> None:
    incident = web.declare()
    response = web.client.post(
        f"/incidents/{incident}/transition",
        data={"to": "acknowledged"},
        headers={"referer": f"http://testserver/incidents/{incident}"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/login?next=/incidents/{incident}"


def test_repeated_wrong_passwords_are_throttled(web: Web) -> None:
    from datetime import timedelta

    web.client.get("/login")
    csrf = web.client.cookies["warroom_csrf"]
    form = {"username": "alice", "password": "not the password", "csrf_token": csrf}
    assert [web.client.post("/login", data=form).status_code for _ in range(5)] == [401] * 5
    resting = web.client.post("/login", data={**form, "password": PASSWORD})
    assert resting.status_code == 429
    assert "Too many failed sign-ins" in resting.text
    web.clock.advance(timedelta(minutes=16))
    back = web.client.post("/login", data={**form, "password": PASSWORD}, follow_redirects=False)
    assert back.status_code == 303
