"""Which modules the lean path loads: the guard that keeps `warroom` quick to start.

Asserts on module names, never on time (bench/cli_start.py measures time). Each case
runs a fresh interpreter; remote answers come from a canned HTTP response, so what
is checked is the whole command, parsing and rendering included.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("typer", "click", "sqlalchemy", "pydantic", "rich", "httpx", "fastapi", "alembic")
ALSO_AVOIDED = (
    "http.client",
    "email",
    "urllib",
    "pathlib",
    "typing",
    "dataclasses",
    "warroom.config",
    "warroom.db",
)

PAGE = {
    "items": [
        {
            "id": "INC-20261122-001",
            "title": "결제 승인 실패",
            "state": "detected",
            "severity": "P1",
            "severity_label": "P1",
            "services": ["payments"],
            "detection_source": "monitoring",
            "is_drill": False,
            "declared_at": "2026-11-22T05:32:00Z",
            "response_due_at": None,
            "rto_due_at": None,
        }
    ],
    "total": 1,
    "limit": 50,
    "offset": 0,
    "next_offset": None,
}

PROGRAM = """
import json, sys
import warroom.cli.http as http
body = json.dumps(json.loads(sys.argv[1])).encode()
head = b"HTTP/1.1 200 OK\\r\\ncontent-type: application/json\\r\\ncontent-length: %d\\r\\n\\r\\n"
http.exchange = lambda *a: head % len(body) + body
from warroom.cli.main import main
code = main(sys.argv[2:])
print("\\x00" + json.dumps([code, sorted(sys.modules)]))
"""


def loaded(
    tmp_path: Path, args: list[str], answer: object, *, remote: bool
) -> tuple[int, str, set[str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WARROOM_")}
    env |= {"WARROOM_CONFIG_DIR": str(tmp_path / "cfg"), "WARROOM_DATA_DIR": str(tmp_path)}
    if remote:
        env |= {"WARROOM_URL": "http://warroom.invalid:8000", "WARROOM_TOKEN": "wrt_x"}
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, json.dumps(answer), *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    out, _sep, tail = done.stdout.rpartition("\x00")
    code, modules = json.loads(tail)
    return code, out, set(modules)


def top_level(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules} | modules


@pytest.mark.parametrize(
    "args",
    [
        ["incident", "list"],
        ["incident", "list", "--json", "--state", "detected", "-S", "P1"],
        ["incident", "show", "INC-20261122-001", "--json"],
    ],
)
def test_remote_incident_commands_load_no_framework(tmp_path: Path, args: list[str]) -> None:
    answer = PAGE if args[1] == "list" else PAGE["items"][0]
    code, out, modules = loaded(tmp_path, args, answer, remote=True)
    assert code == 0
    assert "INC-20261122-001" in out
    names = top_level(modules)
    assert not names & set(HEAVY)
    assert not names & set(ALSO_AVOIDED)


def test_remote_list_output_is_the_table(tmp_path: Path) -> None:
    _code, out, _modules = loaded(tmp_path, ["incident", "list"], PAGE, remote=True)
    assert out.splitlines()[0] == "Incidents (1 of 1)"
    assert "결제 승인 실패" in out and "2026-11-22 05:32:00 UTC" in out


def test_an_option_the_lean_path_does_not_know_goes_to_the_full_command(tmp_path: Path) -> None:
    code, out, modules = loaded(tmp_path, ["incident", "list", "--help"], PAGE, remote=True)
    assert code == 0 and "--state" in out
    assert "typer" in top_level(modules)


def test_root_help_and_version_load_no_framework(tmp_path: Path) -> None:
    for args in (["--help"], ["--version"]):
        code, out, modules = loaded(tmp_path, args, {}, remote=False)
        assert code == 0 and "warroom" in out
        assert not top_level(modules) & set(HEAVY)


def test_a_group_help_loads_typer_but_no_database_or_models(tmp_path: Path) -> None:
    code, out, modules = loaded(tmp_path, ["incident", "--help"], {}, remote=False)
    assert code == 0 and "declare" in out
    names = top_level(modules)
    assert "typer" in names
    assert not names & {"sqlalchemy", "pydantic", "fastapi", "httpx"}


def test_local_incident_list_reads_sqlite_without_the_orm(tmp_path: Path) -> None:
    import sqlite3

    from warroom.db.version import HEAD

    with sqlite3.connect(tmp_path / "warroom.db") as conn:  # the two tables the list reads
        conn.execute("CREATE TABLE alembic_version (version_num TEXT)")
        conn.execute("INSERT INTO alembic_version VALUES (?)", (HEAD,))
        conn.execute(
            "CREATE TABLE incidents (id, title, state, severity, detection_source, is_drill, "
            "declared_at, response_due_at, rto_due_at)"
        )
        conn.execute("CREATE TABLE incident_services (incident_id, name, position)")
    code, out, modules = loaded(tmp_path, ["incident", "list"], {}, remote=False)
    assert code == 0 and out.startswith("Incidents (0 of 0)")
    assert not top_level(modules) & set(HEAVY + ALSO_AVOIDED)
