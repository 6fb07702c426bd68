"""Schemathesis against a running server: every operation, a fixed seed, bounded runs.

The server is `warroom serve` on a free loopback port over a database holding the demo
(closed incidents with postmortems and action items) and one active incident, once on
SQLite and once on PostgreSQL (where text cannot hold U+0000, for one).
Path parameters are drawn from the stored ids most of the time (schemathesis
dictionaries), so the cases reach past 404. One run carries an admin's API token, one
carries no credentials. The checks: no 5xx, only documented status codes and content
types, and bodies that match the documented schemas. The figures of each run are
written to the pytest log (`-s` shows them) and to `schemathesis-*.txt` in the test's
temporary folder.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from tests.support import databases
from tests.support.processes import Process, free_port
from warroom.db.engine import make_engine

pytestmark = pytest.mark.slow

SEED = 20261122
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
)
AUTHENTICATED_EXAMPLES = 15  # per operation, after the coverage phase's boundary cases
ANONYMOUS_EXAMPLES = 10  # every answer is a 401 (or 403, 404, 413): few are enough
RUN_LIMIT = 1200  # seconds: a hung run fails instead of holding the suite (not a timing)


@dataclass
class Served:
    url: str
    token: str
    config: Path
    folder: Path
    operations: int


def _warroom(env: dict[str, str], *args: str) -> str:
    command = [sys.executable, "-m", "warroom", *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _config(database_url: str, path: Path) -> Path:
    """Schemathesis dictionaries of the ids the database holds."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as db:
            incidents = list(db.scalars(text("SELECT id FROM incidents ORDER BY id")))
            items = list(db.scalars(text("SELECT id FROM action_items ORDER BY id")))
    finally:
        engine.dispose()
    quoted = lambda values: ", ".join(json.dumps(v) for v in values)  # noqa: E731
    path.write_text(
        f"""
[dictionaries.incidents]
values = [{quoted(incidents)}]

[dictionaries.items]
values = [{quoted(items)}]

[parameters]
"path.incident_id" = {{ dictionary = "incidents", probability = 0.8 }}
"body.incident_id" = {{ dictionary = "incidents", probability = 0.8 }}
"query.incident" = {{ dictionary = "incidents", probability = 0.5 }}
"path.item_id" = {{ dictionary = "items", probability = 0.8 }}
# A following stream stays open for minutes by design (tests/web/test_stream.py covers
# it); here every stream sends what exists and ends.
"query.follow" = false
"""
    )
    return path


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp(f"schemathesis-{request.param}")
    with ExitStack() as stack:
        if request.param == "postgres":
            url = stack.enter_context(databases.postgres_database())
        else:
            url = f"sqlite:///{folder / 'data' / 'warroom.db'}"
        yield stack.enter_context(_serve(folder, url))


@contextmanager
def _serve(folder: Path, database_url: str) -> Iterator[Served]:
    data = folder / "data"
    env = dict(os.environ)
    for name in [n for n in env if n.startswith("WARROOM_")]:  # the suite's own settings
        del env[name]
    env |= {
        "WARROOM_DATABASE_URL": database_url,
        "WARROOM_DATA_DIR": str(data),
        "WARROOM_POSTMORTEM_DIR": str(data / "postmortems"),
        "WARROOM_TIMEZONE": "Asia/Seoul",
    }
    _warroom(env, "demo")
    _warroom(env, "incident", "declare", "Checkout API 5xx", "--service", "checkout",
             "--users", "many", "--business", "revenue")  # fmt: skip
    token = json.loads(_warroom(env, "token", "create", "--user", "demo", "--json"))["token"]
    config = _config(database_url, folder / "schemathesis.toml")
    port = free_port()
    server = Process(
        [sys.executable, "-m", "warroom", "serve", "--port", str(port), "--no-worker"],
        f"http://127.0.0.1:{port}/api/v1/health",
        folder / "server.log",
        env=env,
    ).start()
    try:
        url = f"http://127.0.0.1:{port}"
        spec = httpx.get(f"{url}/api/openapi.json", timeout=30).json()
        operations = sum(len(ops) for ops in spec["paths"].values())
        yield Served(url, token, config, folder, operations)
    finally:
        server.stop()


def _schemathesis(
    served: Served, name: str, examples: int, phases: str, *headers: str
) -> dict[str, int]:
    report = served.folder / f"schemathesis-{name}.txt"
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "--config-file", str(served.config),
        "run", f"{served.url}/api/openapi.json",
        "--checks", ",".join(CHECKS),
        "--seed", str(SEED),
        "--max-examples", str(examples),
        "--phases", phases,
        "--workers", "1",
        "--request-timeout", "30",
        "--output-truncate", "false",
        *[part for header in headers for part in ("--header", header)],
    ]  # fmt: skip
    started = time.monotonic()
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=RUN_LIMIT, check=False,
        cwd=served.folder,  # its cache (.schemathesis/) stays out of the checkout
        env={**os.environ, "NO_COLOR": "1", "SCHEMATHESIS_TELEMETRY": "false"},
    )  # fmt: skip
    seconds = time.monotonic() - started
    report.write_text(done.stdout + done.stderr)
    cases = re.search(r"(\d+) generated", done.stdout)
    operations = re.search(r"Tested:\s+(\d+)", done.stdout)
    figures = {
        "cases": int(cases.group(1)) if cases else 0,
        "operations": int(operations.group(1)) if operations else 0,
        "seconds": round(seconds),
    }
    print(f"schemathesis {name}: {figures}")
    assert done.returncode == 0, done.stdout[-20000:] + done.stderr[-5000:]
    return figures


def test_an_admin_finds_no_failures(served: Served) -> None:
    bearer = f"Authorization: Bearer {served.token}"
    figures = _schemathesis(
        served, "admin", AUTHENTICATED_EXAMPLES, "examples,coverage,fuzzing", bearer
    )
    assert figures["operations"] == served.operations  # all of them
    assert figures["cases"] > 20 * served.operations


def test_no_credentials_find_no_failures(served: Served) -> None:
    figures = _schemathesis(served, "anonymous", ANONYMOUS_EXAMPLES, "examples,fuzzing")
    assert figures["operations"] == served.operations
    assert figures["cases"] > 3 * served.operations
