"""`warroom user` and `warroom token` through the dispatcher, on a migrated database."""

from __future__ import annotations

import json

from tests.cli.conftest import Run
from warroom.cli.runtime import Runtime


def test_user_add_list_and_passwd(run: Run) -> None:
    added = run("user", "add", "jane", "--role", "admin", "--generate")
    assert added.code == 0, added.err
    assert "user jane added (admin)" in added.out
    assert "password: " in added.out
    users = json.loads(run("user", "list", "--json").out)
    assert users == [
        {"username": "jane", "name": "jane", "role": "admin", "password": True, "disabled": False}
    ]
    assert "signed out" in run("user", "passwd", "jane", "--generate").out
    run("user", "add", "kim", "--role", "admin", "--no-password")
    assert "now viewer" in run("user", "role", "jane", "viewer").out


def test_the_last_admin_keeps_the_role_and_stays_enabled(run: Run) -> None:
    run("user", "add", "jane", "--role", "admin", "--no-password")
    for command in (("role", "jane", "responder"), ("disable", "jane")):
        refused = run("user", *command)
        assert refused.code == 4
        assert "last admin" in refused.err
        assert "hint: Make another user admin first" in refused.err
    users = json.loads(run("user", "list", "--json").out)
    assert (users[0]["role"], users[0]["disabled"]) == ("admin", False)


def test_token_list_shows_what_a_token_may_do_now(run: Run) -> None:
    run("user", "add", "bot", "--role", "responder", "--no-password")
    run("token", "create", "--user", "bot")
    run("user", "role", "bot", "viewer")
    listed = json.loads(run("token", "list", "--json").out)[0]
    assert (listed["role"], listed["effective_role"]) == ("responder", "viewer")
    run("user", "role", "bot", "responder")
    listed = json.loads(run("token", "list", "--json").out)[0]
    assert (listed["role"], listed["effective_role"]) == ("responder", "responder")


def test_duplicate_user_fails_with_a_hint(run: Run) -> None:
    run("user", "add", "jane", "--no-password")
    again = run("user", "add", "jane", "--no-password")
    assert again.code == 4
    assert "already exists" in again.err
    assert "hint:" in again.err


def test_token_create_is_shown_once_then_listed_and_revoked(run: Run) -> None:
    run("user", "add", "bot", "--role", "responder", "--no-password")
    created = json.loads(run("token", "create", "--user", "bot", "--name", "ci", "--json").out)
    assert created["token"].startswith("wrt_")
    assert created["role"] == "responder"
    listed = run("token", "list", "--json").out
    assert created["token"] not in listed
    assert json.loads(listed)[0]["name"] == "ci"
    assert "revoked" in run("token", "revoke", str(created["id"])).out
    assert json.loads(run("token", "list", "--json").out) == []
    assert len(json.loads(run("token", "list", "--all", "--json").out)) == 1


def test_token_role_above_the_user_is_refused(run: Run) -> None:
    run("user", "add", "reader", "--role", "viewer", "--no-password")
    refused = run("token", "create", "--user", "reader", "--role", "admin")
    assert refused.code == 2
    assert "cannot hold" in refused.err


def test_demo_prints_a_working_admin_login(run: Run, cli_runtime: Runtime) -> None:
    from warroom.accounts.actions import sign_in
    from warroom.db.uow import unit_of_work

    out = run("demo").out
    line = next(x for x in out.splitlines() if x.startswith("web UI:"))
    user, password = line.rsplit(" as ", 1)[1].split(" / ")
    with unit_of_work(cli_runtime.engine) as session:
        admin = sign_in(session=session, now=cli_runtime.now(), username=user, password=password)
        assert admin.role == "admin"


def test_user_disable_and_enable(run: Run) -> None:
    run("user", "add", "jane", "--no-password")
    assert "disabled" in run("user", "disable", "jane").out
    assert json.loads(run("user", "list", "--json").out)[0]["disabled"] is True
    assert "enabled" in run("user", "enable", "jane").out
    assert run("user", "enable", "jane").code == 4


def test_token_expiry_is_listed_and_a_past_one_refused(run: Run) -> None:
    run("user", "add", "bot", "--role", "responder", "--no-password")
    created = json.loads(run("token", "create", "--user", "bot", "--expires", "90d", "--json").out)
    listed = json.loads(run("token", "list", "--json").out)[0]
    assert listed["expires_at"] == created["expires_at"] is not None
    assert (listed["expired"], listed["last_used_at"]) == (False, None)
    assert "never" in run("token", "list").out  # not used yet
    for bad in ("-1d", "next tuesday"):
        refused = run("token", "create", "--user", "bot", "--expires", bad)
        assert refused.code == 2, refused.err
        assert "hint:" in refused.err
    assert len(json.loads(run("token", "list", "--all", "--json").out)) == 1
