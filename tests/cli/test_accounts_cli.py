"""`warroom user` and `warroom token` through the dispatcher, on the suite's database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from warroom.cli import runtime as cli_runtime
from warroom.cli import setup as cli_setup
from warroom.cli.main import main
from warroom.clock import FixedClock
from warroom.config import Settings
from warroom.core.actor import Actor


@pytest.fixture
def cli(engine: Engine, tmp_path: Path, clock: FixedClock) -> Iterator[None]:
    settings = Settings(
        data_dir=tmp_path, database_url=engine.url.render_as_string(hide_password=False)
    )
    rt = cli_runtime.Runtime(settings=settings, clock=clock, actor=Actor("ops"))
    cli_setup._checked.add(id(rt))  # the suite builds its schema from the models
    cli_runtime.use_runtime(rt)
    yield
    cli_runtime.use_runtime(None)
    rt.engine.dispose()


def test_user_add_list_and_passwd(cli: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["user", "add", "jane", "--role", "admin", "--generate"]) == 0
    out = capsys.readouterr().out
    assert "user jane added (admin)" in out
    assert "password: " in out
    assert main(["user", "list", "--json"]) == 0
    users = json.loads(capsys.readouterr().out)
    assert users == [
        {"username": "jane", "name": "jane", "role": "admin", "password": True, "disabled": False}
    ]
    assert main(["user", "passwd", "jane", "--generate"]) == 0
    assert "signed out" in capsys.readouterr().out
    assert main(["user", "role", "jane", "viewer"]) == 0
    assert "now viewer" in capsys.readouterr().out


def test_duplicate_user_fails_with_a_hint(cli: None, capsys: pytest.CaptureFixture[str]) -> None:
    main(["user", "add", "jane", "--no-password"])
    assert main(["user", "add", "jane", "--no-password"]) == 4
    err = capsys.readouterr().err
    assert "already exists" in err
    assert "hint:" in err


def test_token_create_is_shown_once_then_listed_and_revoked(
    cli: None, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["user", "add", "bot", "--role", "responder", "--no-password"])
    capsys.readouterr()
    assert main(["token", "create", "--user", "bot", "--name", "ci", "--json"]) == 0
    created = json.loads(capsys.readouterr().out)
    assert created["token"].startswith("wrt_")
    assert created["role"] == "responder"
    assert main(["token", "list", "--json"]) == 0
    listed = capsys.readouterr().out
    assert created["token"] not in listed
    assert json.loads(listed)[0]["name"] == "ci"
    assert main(["token", "revoke", str(created["id"])]) == 0
    assert "revoked" in capsys.readouterr().out
    main(["token", "list", "--json"])
    assert json.loads(capsys.readouterr().out) == []


def test_token_role_above_the_user_is_refused(
    cli: None, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["user", "add", "reader", "--role", "viewer", "--no-password"])
    assert main(["token", "create", "--user", "reader", "--role", "admin"]) == 2
    assert "cannot hold" in capsys.readouterr().err
