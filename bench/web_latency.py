"""Web latency on a 100k-incident data set: p50/p95/p99 of the dashboard, the incident
list API and one incident page, over real HTTP, on SQLite and PostgreSQL.

    .venv/bin/python -m bench.web_latency --backend both            # 100k incidents
    .venv/bin/python -m bench.web_latency --incidents 10000 --requests 50   # quick look

The server runs in its own process (uvicorn, one worker, the `warroom.web.asgi`
factory); this process only sends requests, one at a time, after a warm-up. Results
go to stdout and bench/out/web_latency.json; docs/benchmarks-web.md records them.
The loop is bounded by --requests and talks only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
from sqlalchemy import Engine, create_engine, text

from bench.web_data import fresh_token, generate_dataset, pick_incident

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN = os.environ.get(
    "WARROOM_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
TARGET_MS = 100.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _database(backend: str, workdir: Path) -> str:
    if backend == "sqlite":
        path = workdir / "bench.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text('DROP DATABASE IF EXISTS "warroom_bench"'))
        conn.execute(text('CREATE DATABASE "warroom_bench"'))
    admin.dispose()
    return PG_ADMIN.rsplit("/", 1)[0] + "/warroom_bench"


def _reuse_url(backend: str, workdir: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{workdir / 'bench.db'}"
    return PG_ADMIN.rsplit("/", 1)[0] + "/warroom_bench"


def _server(url: str, workdir: Path, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "WARROOM_DATABASE_URL": url,
        "WARROOM_DATA_DIR": str(workdir),
        "WARROOM_SECRET_KEY": "bench-secret",
        "WARROOM_TIMEZONE": "Asia/Seoul",
    }
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "warroom.web.asgi:app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    return subprocess.Popen(command, env=env, cwd=ROOT)


def _wait(client: httpx.Client) -> None:
    for _ in range(300):
        try:
            if client.get("/api/v1/health").status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise SystemExit("the server did not start")


def _measure(client: httpx.Client, path: str, requests: int) -> dict[str, float]:
    for _ in range(max(5, requests // 10)):
        assert client.get(path).status_code == 200, path
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(path)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    samples.sort()

    def pct(p: float) -> float:
        return samples[min(len(samples) - 1, round(p / 100 * len(samples)) - 1)]

    return {
        "p50": round(statistics.median(samples), 1),
        "p95": round(pct(95), 1),
        "p99": round(pct(99), 1),
        "max": round(samples[-1], 1),
    }


def run(
    backend: str, incidents: int, events: int, requests: int, workdir: Path, *, reuse: bool = False
) -> dict[str, object]:
    from warroom.db.engine import make_engine

    url = _reuse_url(backend, workdir) if reuse else _database(backend, workdir)
    engine: Engine = make_engine(url)
    started = time.perf_counter()
    if reuse:
        token = fresh_token(engine)
    else:
        token = generate_dataset(engine, incidents=incidents, events_per_incident=events)
    loaded = time.perf_counter() - started
    incident = pick_incident(engine)
    engine.dispose()
    port = _free_port()
    server = _server(url, workdir, port)
    try:
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(
            base_url=f"http://127.0.0.1:{port}", headers=headers, timeout=30
        ) as client:
            _wait(client)
            paths = {
                "dashboard (HTML)": "/",
                "incident list API (50 per page)": "/api/v1/incidents?limit=50",
                "incident list API, filtered": "/api/v1/incidents?state=resolved&severity=P2",
                "incident page (HTML)": f"/incidents/{incident}",
                "incident API (JSON)": f"/api/v1/incidents/{incident}",
            }
            results = {name: _measure(client, path, requests) for name, path in paths.items()}
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {
        "backend": backend,
        "incidents": incidents,
        "events_per_incident": events,
        "requests": requests,
        "load_seconds": None if reuse else round(loaded, 1),
        "results": results,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=20, help="timeline events per incident")
    parser.add_argument("--requests", type=int, default=200, help="measured requests per page")
    parser.add_argument(
        "--reuse", action="store_true", help="measure the data set a previous run left behind"
    )
    args = parser.parse_args()
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    report = [
        run(b, args.incidents, args.events, args.requests, out, reuse=args.reuse) for b in backends
    ]
    for entry in report:
        print(
            f"\n{entry['backend']}: {entry['incidents']} incidents × "
            f"{entry['events_per_incident']} events (loaded in {entry['load_seconds']} s), "
            f"{entry['requests']} requests each"
        )
        print(
            f"  {'endpoint':36} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7}"
            f"  (ms; target p95 < {TARGET_MS:.0f})"
        )
        for name, r in entry["results"].items():  # type: ignore[attr-defined]
            flag = "" if r["p95"] < TARGET_MS else "  over target"
            print(f"  {name:36} {r['p50']:7} {r['p95']:7} {r['p99']:7} {r['max']:7}{flag}")
    (out / "web_latency.json").write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
