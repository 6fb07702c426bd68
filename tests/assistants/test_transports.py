"""Both MCP transports, as a user connects them: `warroom mcp` over stdio and `/mcp` over HTTP.

Each runs the real process; the same scripted agent drives it to a postmortem that the
`warroom lint` command then passes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx
import httpx2
import pytest
from mcp import Client, StdioServerParameters
from mcp.client.streamable_http import streamable_http_client

from tests.support import databases
from tests.support.mcp_agent import call, refused, write_postmortem
from tests.support.processes import Process, free_port

BIN = Path(sys.executable).parent
pytestmark = pytest.mark.slow


def _env(tmp: Path, db_url: str) -> dict[str, str]:
    return {
        "WARROOM_DATABASE_URL": db_url,
        "WARROOM_DATA_DIR": str(tmp / "data"),
        "WARROOM_POSTMORTEM_DIR": str(tmp / "postmortems"),
        "WARROOM_TIMEZONE": "Asia/Seoul",
        "PATH": os.environ["PATH"],
        "HOME": str(tmp),
    }


def _warroom(env: dict[str, str], cwd: Path, *args: str) -> str:
    result = subprocess.run(
        [str(BIN / "warroom"), *args], env=env, cwd=cwd, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _prepared(tmp: Path, db_url: str) -> dict[str, str]:
    env = _env(tmp, db_url)
    _warroom(env, tmp, "demo")
    _warroom(env, tmp, "user", "add", "rita", "--role", "responder", "--no-password")
    _warroom(env, tmp, "user", "add", "vic", "--role", "viewer", "--no-password")
    return env


def _lint_exported(env: dict[str, str], tmp: Path, incident_id: str) -> None:
    _warroom(env, tmp, "postmortem", "export", incident_id, "-o", str(tmp / "pm.md"))
    _warroom(env, tmp, "lint", str(tmp / "pm.md"))


def test_stdio_warroom_mcp_acts_for_the_named_user(tmp_path: Path) -> None:
    env = _prepared(tmp_path, f"sqlite:///{tmp_path / 'w.db'}")

    async def main() -> dict[str, Any]:
        params = StdioServerParameters(
            command=str(BIN / "warroom"), args=["mcp", "--user", "rita"], env=env, cwd=tmp_path
        )
        async with Client(params) as client:
            return await write_postmortem(client, "ko")

    report = anyio.run(main)
    assert report["errors"] == 0, report["findings"]
    _lint_exported(env, tmp_path, report["incident_id"])
    shown = json.loads(_warroom(env, tmp_path, "incident", "show", report["incident_id"], "--json"))
    assert "agent:rita" in {event["actor"] for event in shown["timeline"]}


def test_stdio_refuses_an_unknown_account(tmp_path: Path) -> None:
    env = _env(tmp_path, f"sqlite:///{tmp_path / 'w.db'}")
    _warroom(env, tmp_path, "init")
    result = subprocess.run(
        [str(BIN / "warroom"), "mcp", "--user", "nobody"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        input="",
    )
    assert result.returncode != 0
    assert "no enabled account 'nobody'" in result.stderr
    assert "warroom user add" in result.stderr


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[str, dict[str, str], dict[str, str]]]:
    """`warroom serve` on PostgreSQL with the demo; yields its /mcp URL, env and tokens."""
    tmp_path = tmp_path_factory.mktemp("served")
    with databases.postgres_database() as url:
        env = _prepared(tmp_path, url)
        tokens = {
            name: json.loads(_warroom(env, tmp_path, "token", "create", "--user", name, "--json"))[
                "token"
            ]
            for name in ("rita", "vic")
        }
        port = free_port()
        server = Process(
            [str(BIN / "warroom"), "serve", "--port", str(port), "--no-worker"],
            f"http://127.0.0.1:{port}/login",
            tmp_path / "serve.log",
            env=env,
        ).start()
        try:
            yield f"http://127.0.0.1:{port}/mcp", env, tokens
        finally:
            server.stop()


def _over_http(url: str, token: str, script: Any) -> Any:
    async def main() -> Any:
        headers = {"Authorization": f"Bearer {token}"}
        async with (
            httpx2.AsyncClient(headers=headers, timeout=30) as http,
            Client(streamable_http_client(url, http_client=http)) as client,
        ):
            return await script(client)

    return anyio.run(main)


def test_http_mcp_on_postgresql_drafts_with_a_responder_token(
    served: tuple[str, dict[str, str], dict[str, str]], tmp_path: Path
) -> None:
    url, env, tokens = served
    report = _over_http(url, tokens["rita"], lambda client: write_postmortem(client, "en"))
    assert report["errors"] == 0, report["findings"]
    _lint_exported(env, tmp_path, report["incident_id"])


def test_http_mcp_refuses_without_a_token_and_keeps_viewers_read_only(
    served: tuple[str, dict[str, str], dict[str, str]],
) -> None:
    url, _, tokens = served
    anonymous = httpx.post(url, json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"})
    assert anonymous.status_code == 401
    assert anonymous.headers["content-type"].startswith("application/problem+json")
    assert anonymous.json()["code"] == "unauthenticated"
    bogus = httpx.post(
        url,
        json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
        headers={"Authorization": "Bearer wrt_nope_nope"},
    )
    assert bogus.status_code == 401

    async def script(client: Any) -> str:
        listed = await call(client, "list_incidents")
        key = listed["items"][0]["id"]
        return await refused(client, "add_timeline_note", incident_id=key, text="hi")

    error = _over_http(url, tokens["vic"], script)
    assert "forbidden" in error
