"""Signing in never holds the database's write lock while argon2 works.

On SQLite every writer waits for the one lock: a sign-in that checked its password
inside its write transaction stalled alert ingestion, notes and every other sign-in
for as long as argon2 ran (a password-spraying caller could keep it held).
"""

from __future__ import annotations

import threading

import pytest

from tests.support.web import PASSWORD, Web
from warroom.accounts import passwords
from warroom.accounts.actions import add_user
from warroom.accounts.queries import find_user
from warroom.core.actor import Actor
from warroom.db.uow import read_session, unit_of_work

BOUND = 20  # seconds: a stuck writer fails the test instead of hanging it (not a timing)


def test_another_writer_commits_while_a_password_is_being_checked(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    checking, release = threading.Event(), threading.Event()
    real = passwords.verify_password

    def held(stored: str | None, password: str) -> bool:
        checking.set()
        release.wait(BOUND)
        return real(stored, password)

    monkeypatch.setattr(passwords, "verify_password", held)
    web.client.get("/login")
    csrf = web.client.cookies["warroom_csrf"]
    answers: list[int] = []

    def sign_in() -> None:
        form = {"username": "alice", "password": PASSWORD, "csrf_token": csrf, "next": "/"}
        answers.append(web.client.post("/login", data=form, follow_redirects=False).status_code)

    def another_write() -> None:
        with unit_of_work(web.engine) as session:
            add_user(
                session=session, actor=Actor(handle="admin"), now=web.clock.now(),
                username="late-joiner", role="viewer",
            )  # fmt: skip
        committed.set()

    committed = threading.Event()
    signing_in = threading.Thread(target=sign_in)
    signing_in.start()
    try:
        assert checking.wait(BOUND), "the sign-in never reached the password check"
        writer = threading.Thread(target=another_write)
        writer.start()
        assert committed.wait(BOUND), "a write waited for the sign-in's password check"
    finally:
        release.set()
        signing_in.join(BOUND)
    assert answers == [303]  # and the sign-in itself went through
    with read_session(web.engine) as session:
        assert find_user(session, "late-joiner") is not None


def test_a_password_changed_during_the_check_does_not_sign_in(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = passwords.verify_password

    def changed_meanwhile(stored: str | None, password: str) -> bool:
        ok = real(stored, password)
        with unit_of_work(web.engine) as session:
            user = find_user(session, "alice")
            assert user is not None
            user.password_hash = passwords.hash_password("a-new-password-123")
        return ok

    monkeypatch.setattr(passwords, "verify_password", changed_meanwhile)
    web.client.get("/login")
    form = {
        "username": "alice", "password": PASSWORD, "next": "/",
        "csrf_token": web.client.cookies["warroom_csrf"],
    }  # fmt: skip
    refused = web.client.post("/login", data=form, follow_redirects=False)
    assert refused.status_code == 401
    assert "warroom_session" not in web.client.cookies
