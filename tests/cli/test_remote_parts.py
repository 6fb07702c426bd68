"""The pieces of remote mode: contexts on disk, the HTTP reader, the lean parser."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from warroom.cli import contexts, lean, prefs
from warroom.cli.http import Client, ServerError, dechunk, parse_response, query, split_url
from warroom.config import Settings
from warroom.errors import ConfigError, Conflict, NotFound, Unauthenticated


@pytest.fixture(autouse=True)
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WARROOM_CONFIG_DIR", str(tmp_path / "cfg"))
    for name in ("WARROOM_URL", "WARROOM_TOKEN", "WARROOM_CONTEXT"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path / "cfg"


def test_contexts_keep_tokens_in_a_0600_file_and_switch(config_home: Path) -> None:
    assert contexts.active() is None  # nothing configured: local mode
    path = contexts.add("prod", "https://warroom.example.com/", "wrt_secret")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    server = contexts.active()
    assert server is not None
    assert (server.name, server.url, server.token) == (
        "prod",
        "https://warroom.example.com",
        "wrt_secret",
    )
    contexts.use("local")
    assert contexts.active() is None
    with pytest.raises(ConfigError, match="no context named 'staging'"):
        contexts.use("staging")
    assert json.loads(path.read_text())["current"] == "local"


def test_environment_wins_over_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    contexts.add("prod", "https://warroom.example.com", "wrt_file")
    monkeypatch.setenv("WARROOM_TOKEN", "wrt_env")
    server = contexts.active()
    assert server is not None and server.token == "wrt_env"
    monkeypatch.setenv("WARROOM_URL", "http://ci.example:8000")
    server = contexts.active()
    assert server is not None and (server.url, server.token) == (
        "http://ci.example:8000",
        "wrt_env",
    )
    monkeypatch.setenv("WARROOM_URL", "ci.example")
    with pytest.raises(ConfigError) as caught:
        contexts.active()
    assert "https://" in caught.value.hint


def test_a_damaged_contexts_file_is_a_message_with_a_hint(config_home: Path) -> None:
    config_home.mkdir()
    (config_home / "contexts.json").write_text("{not json")
    with pytest.raises(ConfigError) as caught:
        contexts.active()
    assert "warroom login" in caught.value.hint


def test_responses_are_read_whole_chunked_or_by_length() -> None:
    head = b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n"
    raw = head + b'4\r\n{"a"\r\n3\r\n: 1\r\n1\r\n}\r\n0\r\n\r\n'
    assert parse_response(raw) == (200, "OK", b'{"a": 1}')
    sized = b"HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\n{}extra"
    assert parse_response(sized) == (404, "Not Found", b"{}")
    assert dechunk(b"0\r\n\r\n") == b""
    with pytest.raises(ConnectionError):
        parse_response(b"SSH-2.0-OpenSSH\r\n\r\n")


def test_addresses_and_queries() -> None:
    assert split_url("https://w.example") == ("https", "w.example", 443, "")
    assert split_url("http://[::1]:8080/warroom/") == ("http", "[::1]", 8080, "/warroom")
    assert query({"state": ["detected", "acknowledged"], "active": False, "service": "결제"}) == (
        "?state=detected&state=acknowledged&service=%EA%B2%B0%EC%A0%9C"
    )


def test_problem_answers_become_the_errors_local_commands_raise() -> None:
    client = Client("https://w.example", "wrt_x")
    problem = (
        b'{"detail": "cannot go back", "hint": "Reopen instead.", "code": "illegal_transition"}'
    )
    with pytest.raises(Conflict) as conflict:
        client._answer(409, "Conflict", problem)
    assert (conflict.value.code, conflict.value.exit_code) == ("illegal_transition", 4)
    with pytest.raises(Unauthenticated) as expired:
        client._answer(401, "Unauthorized", b"{}")
    assert "warroom login https://w.example" in expired.value.hint
    with pytest.raises(NotFound) as elsewhere:  # a web server that is not warroom
        client._answer(404, "Not Found", b"<html>File not found</html>")
    assert "did not answer like a warroom server" in elsewhere.value.hint
    with pytest.raises(ServerError) as broken:
        client._answer(502, "Bad Gateway", b"<html>")
    assert broken.value.exit_code == 8 and broken.value.hint


def test_only_plainly_understood_arguments_take_the_lean_path() -> None:
    spec = lean.SPECS[("incident", "list")]
    assert lean.parse(["--state", "detected", "-S", "P1", "--json"], spec) == (
        [],
        {"state": ["detected"], "severity": ["P1"], "json": True},
    )
    assert lean.parse(["--limit=5"], spec) == ([], {"limit": "5"})
    assert lean.parse(["--help"], spec) is None
    assert lean.parse(["--no-active"], spec) is None
    assert lean.parse(["extra"], spec) is None
    assert lean.parse(["--tz"], spec) is None
    add = lean.SPECS[("timeline", "add")]
    assert lean.parse(["INC-20261122-001", "note", "-- not an option"], add) is None
    assert lean.parse(["INC-20261122-001", "note", "--", "--flag-like text"], add) == (
        ["INC-20261122-001", "note", "--flag-like text"],
        {},
    )


def test_lean_display_settings_match_the_full_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("WARROOM_TIMEZONE", "WARROOM_LANGUAGE", "WARROOM_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    assert (prefs.setting("timezone"), prefs.language()) == ("UTC", "en")
    (tmp_path / "warroom.toml").write_text('timezone = "Asia/Seoul"\nlanguage = "ko"\n')
    settings = Settings()
    assert (prefs.setting("timezone"), prefs.language()) == (settings.timezone, settings.language)
    monkeypatch.setenv("WARROOM_TIMEZONE", "Europe/Berlin")
    assert prefs.setting("timezone") == Settings().timezone == "Europe/Berlin"
