"""Web sessions live on the server: signing out ends a session wherever its cookie went."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from tests.support.web import Web


def _copy_of_the_session(web: Web) -> TestClient:
    """A second browser holding a copy of the signed-in browser's session cookie."""
    thief = TestClient(web.client.app)
    thief.cookies.set("warroom_session", web.client.cookies["warroom_session"])
    return thief


def test_a_copied_session_cookie_stops_working_at_sign_out(web: Web) -> None:
    csrf = web.login()
    with _copy_of_the_session(web) as thief:
        assert thief.get("/api/v1/me").json()["username"] == "alice"
        signed_out = web.client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
        assert signed_out.status_code == 303
        assert thief.get("/api/v1/me").status_code == 401
        assert thief.get("/", follow_redirects=False).headers["location"].startswith("/login")


def test_signing_out_ends_only_that_browsers_session(web: Web) -> None:
    web.login()
    with TestClient(web.client.app) as phone:
        phone.get("/login")
        phone.post(
            "/login",
            data={
                "username": "alice",
                "password": "correct horse battery",
                "csrf_token": phone.cookies["warroom_csrf"],
            },
            follow_redirects=False,
        )
        phone.post("/logout", data={"csrf_token": phone.cookies["warroom_csrf"]})
        assert phone.get("/api/v1/me").status_code == 401
    assert web.client.get("/api/v1/me").json()["username"] == "alice"


def test_disabling_a_user_ends_their_open_sessions(web: Web) -> None:
    web.login("vic")
    with _copy_of_the_session(web) as vics_browser:
        assert vics_browser.get("/api/v1/me").json()["username"] == "vic"
        web.client.cookies.clear()
        csrf = web.login()
        web.client.post("/admin/users/vic/access", data={"csrf_token": csrf, "enabled": "no"})
        assert vics_browser.get("/api/v1/me").status_code == 401
        web.client.post("/admin/users/vic/access", data={"csrf_token": csrf, "enabled": "yes"})
        assert vics_browser.get("/api/v1/me").status_code == 401  # ended for good


def test_a_session_ends_after_session_hours(web: Web) -> None:
    web.login()
    web.clock.advance(timedelta(hours=web.settings.session_hours) - timedelta(seconds=1))
    assert web.client.get("/api/v1/me").status_code == 200
    web.clock.advance(timedelta(seconds=1))
    assert web.client.get("/api/v1/me").status_code == 401
