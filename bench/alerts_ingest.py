"""Alert ingestion benchmark: sustained Alertmanager webhooks (5 alerts each) over loopback.

    .venv/bin/python bench/alerts_ingest.py [--requests 6000] [--seconds 20] [--concurrency 16]
        [--appliers thread,process]

For each target (a bare Starlette endpoint that only returns 200 -- the ceiling --,
warroom on SQLite, warroom on PostgreSQL) it starts the server as its own process,
then a separate load process that keeps `concurrency` keep-alive connections busy
with webhook deliveries, each a new alert group of 5 firing alerts. A 2xx means the
raw delivery is stored; the applier (a thread of the server, as `warroom serve` runs
it, or its own process, as `warroom serve --no-worker` + `warroom worker`) turns each
into a group, 5 alerts, an episode and its auto-recovery job. The load is bounded by
request count and by time; after it ends the orchestrator waits (bounded) for the
backlog of pending deliveries to empty and reports how long that took. Figures go to
stdout as a Markdown table and to bench/out/alerts_ingest.json
(docs/benchmarks-alerts.md records a run).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PATH = "/api/v1/alerts/alertmanager"
ALERTS_PER_REQUEST = 5
CATCH_UP_BOUND = 600.0  # seconds to wait for the applier after the load ends
PG_ADMIN = os.environ.get(
    "WARROOM_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


# ---------------------------------------------------------------- the load process


def payload(n: int) -> bytes:
    from tests.support.alert_payloads import am_alert, am_payload

    alerts = [am_alert(f"Bench{n}", instance=f"node-{i}") for i in range(ALERTS_PER_REQUEST)]
    return json.dumps(am_payload(*alerts, group_key=f'{{}}:{{alertname="Bench{n}"}}')).encode()


def request_bytes(body: bytes, token: str) -> bytes:
    head = (
        f"POST {PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Authorization: Bearer {token}\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def _connection(
    port: int, queue: list[bytes], latencies: list[float], statuses: list[int], stop_at: float
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while queue and time.perf_counter() < stop_at:
            data = queue.pop()
            started = time.perf_counter()
            writer.write(data)
            status_line = await reader.readline()
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("latin-1").partition(":")
                if name.lower() == "content-length":
                    length = int(value.strip())
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            statuses.append(int(status_line.split()[1]))
    finally:
        writer.close()


async def _load(
    port: int, token: str, requests: int, seconds: float, concurrency: int, groups: int
) -> dict[str, Any]:
    queue = [request_bytes(payload(n % groups if groups else n), token) for n in range(requests)]
    queue.reverse()
    latencies: list[float] = []
    statuses: list[int] = []
    started = time.perf_counter()
    stop_at = started + seconds
    await asyncio.gather(
        *(_connection(port, queue, latencies, statuses, stop_at) for _ in range(concurrency))
    )
    elapsed = time.perf_counter() - started
    latencies.sort()
    ok = sum(1 for s in statuses if 200 <= s < 300)

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    return {
        "requests": len(statuses),
        "ok": ok,
        "errors": len(statuses) - ok,
        "seconds": round(elapsed, 2),
        "requests_per_s": round(len(statuses) / elapsed, 1),
        "alerts_per_s": round(ok * ALERTS_PER_REQUEST / elapsed, 1),
        "p50_ms": round(pct(0.50), 2),
        "p99_ms": round(pct(0.99), 2),
    }


def run_load(args: argparse.Namespace) -> int:
    result = asyncio.run(
        _load(args.port, args.token, args.requests, args.seconds, args.concurrency, args.groups)
    )
    print(json.dumps(result))
    return 0


# ---------------------------------------------------------------- the orchestrator


def _token(url: str) -> str:
    from tests.support.alert_server import prepare

    from warroom.alerts.integrations import create_integration
    from warroom.clock import SystemClock
    from warroom.core.actor import Actor
    from warroom.db.engine import make_engine
    from warroom.db.uow import unit_of_work

    prepare(url)
    engine = make_engine(url)
    with unit_of_work(engine) as session:
        created = create_integration(
            session=session,
            actor=Actor("bench"),
            now=SystemClock().now(),
            kind="alertmanager",
            name="bench",
        )
    engine.dispose()
    return created.token


def _pending(url: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            query = "SELECT count(*) FROM alert_deliveries WHERE status = 'pending'"
            return int(conn.execute(text(query)).scalar_one())
    finally:
        engine.dispose()


def _applied_alerts(url: str) -> int:
    """Alerts in the deliveries applied (a redelivery counts though it changes nothing)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    query = "SELECT count(*) FROM alert_deliveries WHERE status IN ('applied', 'unchanged')"
    try:
        with engine.connect() as conn:
            return int(conn.execute(text(query)).scalar_one()) * ALERTS_PER_REQUEST
    finally:
        engine.dispose()


def _catch_up(url: str) -> float:
    """Wait until no delivery is pending; return the seconds it took (bounded)."""
    started = time.perf_counter()
    while _pending(url) and time.perf_counter() - started < CATCH_UP_BOUND:
        time.sleep(0.05)
    return time.perf_counter() - started


def _applier_process(db: str, log: Path) -> subprocess.Popen[bytes]:
    handle = log.open("ab")
    try:
        return subprocess.Popen(
            [sys.executable, "-m", "tests.support.alert_server", "--db", db, "--applier-only"],
            cwd=ROOT,
            stdout=handle,
            stderr=subprocess.STDOUT,
            env=os.environ | {"PYTHONPATH": str(ROOT)},
        )
    finally:
        handle.close()


def _target(
    name: str, db: str, args: argparse.Namespace, log: Path, applier: str = "thread"
) -> dict[str, Any]:
    from tests.support.processes import free_port, warroom_server

    port = free_port()
    bare = name == "bare"
    token = "none" if bare else _token(db)
    server = warroom_server(db, port, log, bare=bare, applier=applier).start()
    worker = _applier_process(db, log) if applier == "process" and not bare else None
    try:
        load = subprocess.run(
            [
                sys.executable,
                __file__,
                "--load",
                "--port",
                str(port),
                "--token",
                token,
                "--requests",
                str(args.requests),
                "--seconds",
                str(args.seconds),
                "--concurrency",
                str(args.concurrency),
                "--groups",
                str(args.groups),
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=args.seconds + 120,
        )
        result = {"target": name if bare else f"{name}, applier {applier}"}
        result |= json.loads(load.stdout.strip().splitlines()[-1])
        if not bare:
            result |= _caught_up(db, result)
    finally:
        server.stop()
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=60)
    return result


def _caught_up(db: str, result: dict[str, Any]) -> dict[str, Any]:
    backlog = _pending(db)
    catch_up = _catch_up(db)
    alerts = _applied_alerts(db)
    total = result["seconds"] + catch_up
    return {
        "backlog_at_end": backlog,
        "catch_up_s": round(catch_up, 2),
        "applied_alerts": alerts,
        "applied_alerts_per_s": round(alerts / total, 1),
    }


def _postgres_db() -> tuple[str, str] | None:
    from sqlalchemy import create_engine, text

    name = f"warroom_bench_{uuid.uuid4().hex[:8]}"
    try:
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
    except Exception as exc:
        print(f"PostgreSQL skipped: {exc}".splitlines()[0], file=sys.stderr)
        return None
    return PG_ADMIN.rsplit("/", 1)[0] + f"/{name}", name


def _drop(name: str) -> None:
    from sqlalchemy import create_engine, text

    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def orchestrate(args: argparse.Namespace) -> int:
    out = ROOT / "bench/out"
    out.mkdir(parents=True, exist_ok=True)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        results.append(_target("bare", "", args, out / "bare.log"))
        for applier in args.appliers.split(","):
            db = f"sqlite:///{tmp}/bench-{applier}.db"
            results.append(_target("sqlite", db, args, out / "sqlite.log", applier))
        for applier in args.appliers.split(","):
            pg = _postgres_db()
            if pg is None:
                break
            try:
                results.append(_target("postgres", pg[0], args, out / "postgres.log", applier))
            finally:
                _drop(pg[1])
    ceiling = results[0]["requests_per_s"]
    for row in results:
        row["of_ceiling"] = round(row["requests_per_s"] / ceiling, 2)
    settings = {k: getattr(args, k) for k in ("requests", "seconds", "concurrency", "groups")}
    print(f"settings: {settings}; load average {os.getloadavg()[0]:.2f}; cpus {os.cpu_count()}")
    (out / "alerts_ingest.json").write_text(
        json.dumps({"settings": settings, "results": results}, indent=2)
    )
    print(
        "| target | requests | errors | acked alerts/s | requests/s | p50 ms | p99 ms "
        "| of ceiling | backlog at end | catch-up s | applied alerts/s |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['target']} | {r['requests']} | {r['errors']} | {r['alerts_per_s']} | "
            f"{r['requests_per_s']} | {r['p50_ms']} | {r['p99_ms']} | {r['of_ceiling']} | "
            f"{r.get('backlog_at_end', '')} | {r.get('catch_up_s', '')} | "
            f"{r.get('applied_alerts_per_s', '')} |"
        )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--load", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--token", default="", help=argparse.SUPPRESS)
    parser.add_argument("--requests", type=int, default=6000, help="Bound on deliveries.")
    parser.add_argument("--seconds", type=float, default=20.0, help="Bound on load time.")
    parser.add_argument("--concurrency", type=int, default=16, help="Connections in flight.")
    parser.add_argument(
        "--groups",
        type=int,
        default=0,
        help="0: every delivery is a new group; N: cycle over N groups (redeliveries).",
    )
    parser.add_argument(
        "--appliers",
        default="thread,process",
        help="Where warroom applies deliveries: thread (in the server), process, or both.",
    )
    args = parser.parse_args()
    return run_load(args) if args.load else orchestrate(args)


if __name__ == "__main__":
    sys.exit(main())
