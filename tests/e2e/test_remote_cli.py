"""The CLI on a laptop against a real `warroom serve`, on SQLite and on PostgreSQL.

A second home directory logs in with a token, then declares, acknowledges, adds a
note, drafts and imports a postmortem, and reads it all back both through the server
and straight from the server's database (local mode): the JSON must be identical.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.databases import postgres_database
from tests.support.processes import Process, free_port
from warroom.accounts.actions import add_user, create_token
from warroom.cli import runtime as runtime_module
from warroom.cli.main import main
from warroom.cli.runtime import use_runtime
from warroom.clock import SystemClock
from warroom.core.actor import SYSTEM
from warroom.db.engine import make_engine
from warroom.db.uow import unit_of_work
from warroom.migrations.runner import upgrade

pytestmark = pytest.mark.slow


@dataclass
class Server:
    url: str
    db_url: str
    admin: str  # an admin's API token
    viewer: str  # a viewer's API token


@dataclass
class Result:
    code: int
    out: str
    err: str


def _tokens(db_url: str) -> tuple[str, str]:
    engine = make_engine(db_url)
    upgrade(engine)
    with unit_of_work(engine) as session:
        now = SystemClock().now()
        add_user(session=session, actor=SYSTEM, now=now, username="alice", role="admin")
        add_user(session=session, actor=SYSTEM, now=now, username="vic", role="viewer")
        admin = create_token(session=session, actor=SYSTEM, now=now, username="alice").secret
        viewer = create_token(session=session, actor=SYSTEM, now=now, username="vic").secret
    engine.dispose()
    return admin, viewer


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    data = tmp_path_factory.mktemp(f"server-{request.param}")
    with ExitStack() as stack:
        if request.param == "postgres":
            db_url = stack.enter_context(postgres_database())
        else:
            db_url = f"sqlite:///{data / 'warroom.db'}"
        admin, viewer = _tokens(db_url)
        port = free_port()
        env = os.environ | {
            "WARROOM_DATA_DIR": str(data),
            "WARROOM_DATABASE_URL": db_url,
            "WARROOM_SECRET_KEY": "e2e-remote-cli",
            "WARROOM_TIMEZONE": "Asia/Seoul",
        }
        for name in ("WARROOM_URL", "WARROOM_TOKEN", "WARROOM_CONTEXT"):
            env.pop(name, None)
        args = [sys.executable, "-m", "warroom", "serve", "--port", str(port), "--no-worker"]
        url = f"http://127.0.0.1:{port}"
        proc = Process(args, f"{url}/api/v1/health", data / "serve.log", env=env).start()
        stack.callback(proc.stop)
        yield Server(url, db_url, admin, viewer)


@pytest.fixture
def laptop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[object]:
    """A second home: its own config dir and local database, no server configured yet."""
    monkeypatch.setenv("WARROOM_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("WARROOM_DATA_DIR", str(tmp_path / "local"))
    monkeypatch.setenv("WARROOM_TIMEZONE", "Asia/Seoul")
    for name in ("WARROOM_URL", "WARROOM_TOKEN", "WARROOM_CONTEXT", "WARROOM_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    yield capsys
    fresh_runtime()


def fresh_runtime() -> None:
    """As if each command were a new process: settings re-read, connections closed."""
    built = runtime_module._runtime
    for rt in built:
        if "engine" in rt.__dict__:
            rt.engine.dispose()
    use_runtime(None)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> Result:
    fresh_runtime()
    capsys.readouterr()
    code = main(list(args))
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err)


def ok(capsys: pytest.CaptureFixture[str], *args: str) -> Result:
    result = run(capsys, *args)
    assert result.code == 0, result.err
    return result


def test_login_then_the_incident_journey_reads_the_same_in_both_modes(
    server: Server,
    laptop: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    cap = laptop
    login = ok(cap, "login", server.url, "--token", server.admin, "--name", "team")
    assert "alice (admin)" in login.out
    saved = Path(os.environ["WARROOM_CONFIG_DIR"]) / "contexts.json"
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    listed = json.loads(ok(cap, "context", "list", "--json").out)
    assert [(c["name"], c["current"]) for c in listed] == [("local", False), ("team", True)]

    declared = ok(cap, "incident", "declare", "결제 승인 실패", "-S", "P2", "-s", "payments")
    incident = declared.out.split()[0]
    assert incident.startswith("INC-") and "declared" in declared.out
    acked = ok(cap, "incident", "ack", incident, "--note", "on it")
    assert f"{incident} acknowledged: 결제 승인 실패" in acked.out
    note = ok(cap, "timeline", "add", incident.lower(), "note", "rolled back 1.4.2")
    assert note.out.strip().startswith("added #") and incident in note.out
    raised = ok(cap, "action", "add", incident, "Add a canary step", "-t", "code-fix", "-p", "P1")
    assert "raised: Add a canary step" in raised.out
    for state in ("investigate", "mitigate", "resolve"):
        ok(cap, "incident", state, incident)
    draft_file = tmp_path / "pm.md"
    ok(cap, "postmortem", "draft", incident, "--lang", "en", "-o", str(draft_file))
    text = draft_file.read_text(encoding="utf-8")
    assert f"incident: {incident}" in text
    edited = re.sub(
        r"<!-- wr:root_cause_summary -->.*?<!-- /wr:root_cause_summary -->",
        "<!-- wr:root_cause_summary -->A bad deploy.<!-- /wr:root_cause_summary -->",
        text,
        flags=re.DOTALL,
    )
    draft_file.write_text(edited, encoding="utf-8")
    imported = ok(cap, "postmortem", "import", str(draft_file))
    assert "imported as revision 2" in imported.out, imported.out

    remote_show = json.loads(ok(cap, "incident", "show", incident, "--json").out)
    remote_list = json.loads(ok(cap, "incident", "list", "--json").out)
    remote_text = ok(cap, "incident", "list").out
    remote_actions = json.loads(ok(cap, "action", "list", "--open", "--json").out)
    assert [a["title"] for a in remote_actions["items"]] == ["Add a canary step"]
    exported = tmp_path / "remote.md"
    ok(cap, "postmortem", "export", incident, "-o", str(exported))
    assert "rolled back 1.4.2" in [e["body"] for e in remote_show["timeline"]]
    assert remote_show["state"] == "resolved"
    assert "A bad deploy." in exported.read_text(encoding="utf-8")

    # local mode on the server's own database: the same data reads the same
    ok(cap, "context", "use", "local")
    monkeypatch.setenv("WARROOM_DATABASE_URL", server.db_url)
    assert json.loads(ok(cap, "incident", "show", incident, "--json").out) == remote_show
    assert json.loads(ok(cap, "incident", "list", "--json").out) == remote_list
    assert ok(cap, "incident", "list").out == remote_text
    assert json.loads(ok(cap, "action", "list", "--open", "--json").out) == remote_actions
    local_export = tmp_path / "local.md"
    ok(cap, "postmortem", "export", incident, "-o", str(local_export))
    assert local_export.read_text(encoding="utf-8") == exported.read_text(encoding="utf-8")


def test_lean_path_prints_what_the_full_commands_print(
    server: Server, laptop: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cap = laptop
    monkeypatch.setenv("WARROOM_URL", server.url)
    monkeypatch.setenv("WARROOM_TOKEN", server.admin)
    made = ok(cap, "incident", "declare", "Search slow", "-S", "P3", "--json")
    incident = json.loads(made.out)["id"]
    commands = [
        ("incident", "list"),
        ("incident", "list", "--json", "--state", "detected", "-S", "P3", "--limit", "5"),
        ("incident", "show", incident, "--json"),
    ]
    for args in commands:
        lean = ok(cap, *args).out
        monkeypatch.setenv("WARROOM_LEAN", "0")
        full = ok(cap, *args).out
        monkeypatch.delenv("WARROOM_LEAN")
        assert lean == full, args
    lean_ack = ok(cap, "incident", "ack", incident).out
    monkeypatch.setenv("WARROOM_LEAN", "0")
    note = ok(cap, "timeline", "add", incident, "note", "full path").out
    full_show = ok(cap, "incident", "show", incident, "--json").out
    monkeypatch.delenv("WARROOM_LEAN")
    assert lean_ack.startswith(f"{incident} acknowledged: Search slow")
    assert note.startswith("added #")
    assert json.loads(full_show)["state"] == "acknowledged"


def test_server_errors_are_messages_with_hints_and_exit_codes(
    server: Server, laptop: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cap = laptop
    monkeypatch.setenv("WARROOM_URL", server.url)
    monkeypatch.setenv("WARROOM_TOKEN", "wrt_revoked_or_wrong")
    denied = run(cap, "incident", "list")
    assert denied.code == 5
    assert "hint: Log in again: `warroom login" in denied.err

    monkeypatch.setenv("WARROOM_TOKEN", server.viewer)
    readonly = run(cap, "incident", "declare", "x", "-S", "P4")
    assert readonly.code == 5 and "error:" in readonly.err

    monkeypatch.setenv("WARROOM_TOKEN", server.admin)
    missing = run(cap, "incident", "show", "INC-20200101-999", "--json")
    assert missing.code == 3 and "error:" in missing.err
    incident = json.loads(ok(cap, "incident", "declare", "y", "-S", "P4", "--json").out)["id"]
    ok(cap, "incident", "investigate", incident)
    back = run(cap, "incident", "ack", incident)
    assert back.code == 4 and "hint:" in back.err
    unported = run(cap, "incident", "assign", incident, "commander", "alice")
    assert unported.code == 6 and "context use local" in unported.err

    monkeypatch.setenv("WARROOM_URL", f"http://127.0.0.1:{free_port()}")
    down = run(cap, "incident", "list")
    assert down.code == 7 and "cannot reach" in down.err and "hint:" in down.err
