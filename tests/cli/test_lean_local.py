"""`incident list` on the stdlib path prints exactly what the full command prints."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.cli.conftest import Run
from warroom.cli import lean, lean_local
from warroom.cli.plain import ACTIVE as SHOWN_ACTIVE
from warroom.cli.runtime import Runtime
from warroom.db.version import HEAD
from warroom.incidents.rules import ACTIVE


@pytest.fixture
def lean_env(cli_runtime: Runtime, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The environment a user's shell would give for the runtime's settings."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WARROOM_DATA_DIR", str(cli_runtime.settings.data_dir))
    monkeypatch.setenv("WARROOM_TIMEZONE", cli_runtime.settings.timezone)
    for name in ("WARROOM_DATABASE_URL", "WARROOM_LANGUAGE", "WARROOM_SEVERITY_SCALE"):
        monkeypatch.delenv(name, raising=False)
    return cli_runtime.settings.data_dir / "warroom.db"


def lean_out(capsys: pytest.CaptureFixture[str], *args: str) -> str | None:
    capsys.readouterr()
    code = lean.run_local(["incident", "list", *args])
    return None if code is None else capsys.readouterr().out


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--json"],
        ["--json", "--state", "detected", "--state", "mitigated"],
        ["--json", "-S", "sev2", "--limit", "1", "--offset", "1"],
        ["--active", "--tz", "UTC"],
    ],
)
def test_lean_list_equals_the_full_command(
    run: Run, lean_env: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    run("incident", "declare", "결제 승인 실패", "-S", "P2", "-s", "결제", "-s", "api")
    run("incident", "declare", "Search slow", "-S", "P2", "--drill")
    run("incident", "declare", "Typo on the status page", "-S", "P4")
    run("incident", "mitigate", "INC-20261122-001")
    full = run("incident", "list", *args).out
    assert lean_out(capsys, *args) == full


def test_lean_list_reads_the_severity_scale(
    run: Run, lean_env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run("incident", "declare", "Checkout down", "-S", "P1")
    monkeypatch.setenv("WARROOM_SEVERITY_SCALE", "SEV")
    page = json.loads(lean_out(capsys, "--json") or "")
    assert page["items"][0]["severity_label"] == "SEV1"
    assert page["items"][0]["declared_at"].endswith("Z")


def test_the_full_command_answers_when_the_lean_path_cannot(
    run: Run, lean_env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert lean_out(capsys) is None  # no database yet: the full path creates it
    run("incident", "declare", "Checkout down", "-S", "P1")
    assert lean_out(capsys, "--service", "checkout") is None
    assert lean_out(capsys, "-S", "P9") is None  # the full path explains the bad level
    with sqlite3.connect(lean_env) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0001'")
    assert lean_out(capsys, "--json") is None  # an older schema: the full path upgrades
    monkeypatch.setenv("WARROOM_DATABASE_URL", "postgresql+psycopg://h/db")
    assert lean_out(capsys) is None


def test_lean_constants_follow_the_code_they_mirror() -> None:
    assert lean_local.expected_head() == HEAD
    assert set(lean_local.ACTIVE) == set(SHOWN_ACTIVE) == {s.value for s in ACTIVE}


@pytest.mark.parametrize("stored", ["2026-11-22 05:32:00.000000", "2026-11-22 05:32:00.120000"])
def test_stored_times_are_written_as_pydantic_writes_them(stored: str) -> None:
    from datetime import UTC, datetime

    from pydantic import TypeAdapter

    aware = datetime.fromisoformat(stored).replace(tzinfo=UTC)
    assert lean_local.stamp(stored) == TypeAdapter(datetime).dump_python(aware, mode="json")
