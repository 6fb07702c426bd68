"""Alert throughput as a user feels it: a realistic client against the real server (issue 21).

    .venv/bin/python bench/alerts_realistic.py [--seconds 10] [--senders 8] [--burst 20000]
        [--targets bare,sqlite-thread,sqlite-process,postgres-thread,postgres-process]

For each target it starts the server as its own process (`tests.support.alert_server`:
the app `warroom serve` runs, with the applier as a thread of it -- `thread` -- or
`--no-worker` plus a separate applier process -- `process`, what `warroom worker` runs)
on a fresh database, with an Alertmanager integration whose auto-recovery window is 0:
every new group opens an incident at once, so "applied" means "the incident exists".
The client is a separate process: asyncio + httpx, `--senders` concurrent senders,
Alertmanager webhook v4 bodies of 1-5 alerts (about 3 kB: real-looking labels,
annotations, generator URLs), every delivery a new group. Two phases per target:

1. **sustained**: `--seconds` of load; acknowledged alerts/s, p50/p99 of the 2xx, and
   the server's CPU (utime+stime from /proc) per request during the load window;
   then the end-to-end lag from each 2xx to its delivery being applied (p50/p99/max),
   polled in the database by this process every 50 ms, and the drain after the load;
2. **burst** (not for `bare`): `--burst` alerts as fast as the senders go; the time from
   the last 2xx until nothing is pending (the drain time).

`bare` is a Starlette endpoint that reads the body and answers 200, under the same
client in the same run: its CPU per request is the baseline of the ratio the issue
asks for. Output: a Markdown table on stdout and bench/out/alerts_realistic.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PATH = "/api/v1/alerts/alertmanager"
DRAIN_BOUND = 150.0
TICKS = os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------- the client process


def body(n: int, rng: random.Random, groups: int = 0) -> tuple[bytes, int]:
    """An Alertmanager v4 body of 1-5 alerts, about 3 kB: a new group, or one of `groups`."""
    name = f"HighLatency{n % groups if groups else n}"
    count = rng.randint(1, 5)
    common = {"alertname": name, "job": "api", "namespace": "payments", "severity": "critical"}
    alerts = []
    for i in range(count):
        labels = common | {
            "instance": f"10.2.{n % 250}.{i}:9100",
            "pod": f"api-{n:06d}-{i}-7d9f8c6b5",
            "container": "api",
            "cluster": "prod-ap-northeast-2",
        }
        alerts.append(
            {
                "status": "firing",
                "labels": labels,
                "annotations": {
                    "summary": f"p99 latency above 800 ms on {labels['pod']}",
                    "description": (
                        "The request latency of the payments API has been above its "
                        "objective for 5 minutes; check the database pool and recent "
                        f"deploys. Instance {labels['instance']}."
                    ),
                    "runbook_url": "https://runbooks.example.com/payments/high-latency",
                },
                "startsAt": "2026-12-02T05:00:00.000Z",
                "endsAt": "0001-01-01T00:00:00Z",
                "generatorURL": (
                    "http://prometheus-0.prometheus:9090/graph?g0.expr=histogram_quantile"
                    "%280.99%2C+sum+by+%28le%29+%28rate%28http_request_duration_seconds_"
                    "bucket%5B5m%5D%29%29%29+%3E+0.8&g0.tab=1"
                ),
                "fingerprint": f"{n:012x}{i:04x}",
            }
        )
    data = {
        "version": "4",
        "groupKey": f'{{}}/{{severity="critical"}}:{{alertname="{name}"}}',
        "truncatedAlerts": 0,
        "status": "firing",
        "receiver": "warroom",
        "groupLabels": {"alertname": name},
        "commonLabels": common,
        "commonAnnotations": {},
        "externalURL": "http://alertmanager-0.alertmanager:9093",
        "alerts": alerts,
    }
    return json.dumps(data).encode(), count


async def _sender(
    client: Any, bodies: list[tuple[bytes, int]], stop_at: float, out: dict[str, list[Any]]
) -> None:
    while bodies and time.perf_counter() < stop_at:
        data, count = bodies.pop()
        started = time.perf_counter()
        response = await client.post(PATH, content=data)
        latency = time.perf_counter() - started
        out["latency"].append(latency)
        if 200 <= response.status_code < 300:
            delivery = response.json().get("delivery")
            out["acked"].append((delivery, time.time(), count))
        else:
            out["errors"].append(response.status_code)


async def _load(args: argparse.Namespace) -> dict[str, Any]:
    import httpx

    rng = random.Random(args.offset)
    bodies: list[tuple[bytes, int]] = []
    alerts = 0
    n = args.offset
    cap = int(args.seconds * 2000)  # more than the senders can send in the time
    while (args.alerts and alerts < args.alerts) or (not args.alerts and len(bodies) < cap):
        made = body(n, rng, args.groups)
        bodies.append(made)
        alerts += made[1]
        n += 1
    bodies.reverse()
    out: dict[str, list[Any]] = {"latency": [], "acked": [], "errors": []}
    headers = {"Authorization": f"Bearer {args.token}", "Content-Type": "application/json"}
    limits = httpx.Limits(max_connections=args.senders, max_keepalive_connections=args.senders)
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{args.port}", headers=headers, limits=limits, timeout=120
    ) as client:
        started = time.perf_counter()
        stop_at = started + (args.seconds if not args.alerts else 3600)
        await asyncio.gather(*(_sender(client, bodies, stop_at, out) for _ in range(args.senders)))
        elapsed = time.perf_counter() - started
    latency = sorted(out["latency"])

    def pct(p: float) -> float:
        return round(latency[min(len(latency) - 1, int(p * len(latency)))] * 1000, 1)

    acked_alerts = sum(c for _, _, c in out["acked"])
    return {
        "requests": len(latency),
        "errors": len(out["errors"]),
        "seconds": round(elapsed, 2),
        "acked_alerts": acked_alerts,
        "alerts_per_s": round(acked_alerts / elapsed, 1),
        "requests_per_s": round(len(latency) / elapsed, 1),
        "p50_ms": pct(0.50),
        "p99_ms": pct(0.99),
        "acked": out["acked"],
    }


# ---------------------------------------------------------------- the orchestrator


def _cpu(pid: int | None) -> float:
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


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
        made = create_integration(
            session=session,
            actor=Actor("bench"),
            now=SystemClock().now(),
            kind="alertmanager",
            name="bench",
            config={"auto_recovery_seconds": 0},
        )
    engine.dispose()
    return made.token


class Watcher:
    """Polls the database every 50 ms: when (wall clock) did each delivery stop pending."""

    def __init__(self, url: str) -> None:
        from sqlalchemy import create_engine

        self.engine = create_engine(url)
        self.applied: dict[int, float] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        from sqlalchemy import text

        query = text("SELECT id FROM alert_deliveries WHERE status <> 'pending' AND id > :lo")
        lo = 0
        while not self.stop.wait(0.05):
            with self.engine.connect() as conn:
                ids = [int(i) for (i,) in conn.execute(query, {"lo": lo})]
            now = time.time()
            for i in ids:
                self.applied.setdefault(i, now)
            while lo + 1 in self.applied:
                lo += 1

    def pending(self) -> int:
        from sqlalchemy import text

        with self.engine.connect() as conn:
            query = text("SELECT count(*) FROM alert_deliveries WHERE status = 'pending'")
            return int(conn.execute(query).scalar_one())

    def wait_drained(self, bound: float) -> float:
        started = time.time()
        while self.pending() and time.time() - started < bound:
            time.sleep(0.05)
        return time.time()

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        self.engine.dispose()


def _client(port: int, token: str, args: argparse.Namespace, alerts: int, offset: int) -> Any:
    command = [sys.executable, __file__, "--load", "--port", str(port), "--token", token]
    command += ["--seconds", str(args.seconds), "--senders", str(args.senders)]
    command += ["--alerts", str(alerts), "--offset", str(offset)]
    command += ["--groups", str(args.burst_groups if alerts else 0)]
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=900)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _warm_up(port: int, token: str) -> None:
    """A few deliveries first: lazy imports and first-request work are not the steady state."""
    import httpx

    rng = random.Random(0)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=headers) as client:
        for n in range(20):
            client.post(PATH, content=body(20_000_000 + n, rng)[0])


def _lags(acked: list[list[Any]], applied: dict[int, float]) -> dict[str, Any]:
    lags = sorted(applied[d] - t for d, t, _ in acked if d in applied)  # 50 ms polling
    if not lags:
        return {"lag_p50_s": None, "lag_p99_s": None, "lag_max_s": None}

    def pct(p: float) -> float:
        return round(lags[min(len(lags) - 1, int(p * len(lags)))], 2)

    return {"lag_p50_s": pct(0.5), "lag_p99_s": pct(0.99), "lag_max_s": round(lags[-1], 2)}


def _target(name: str, args: argparse.Namespace, tmp: Path, log: Path) -> dict[str, Any]:
    from tests.support.processes import free_port, warroom_server

    from bench.alerts_ingest import _applier_process, _drop, _postgres_db

    kind, _, applier = name.partition("-")
    pg = _postgres_db() if kind == "postgres" else None
    url = pg[0] if pg else f"sqlite:///{tmp / name}.db"
    port = free_port()
    token = "none" if kind == "bare" else _token(url)
    server = warroom_server(url, port, log, bare=kind == "bare", applier=applier or "thread")
    server.start()
    worker = _applier_process(url, log) if applier == "process" else None
    pids = [server.proc.pid if server.proc else None, worker.pid if worker else None]
    watcher = Watcher(url) if kind != "bare" else None
    row: dict[str, Any] = {"target": name, "load_average": round(os.getloadavg()[0], 1)}
    try:
        _warm_up(port, token)
        if watcher is not None:
            watcher.wait_drained(DRAIN_BOUND)
        cpu0 = [_cpu(p) for p in pids]
        load = _client(port, token, args, 0, 0)
        cpu1 = [_cpu(p) for p in pids]
        acked = load.pop("acked")
        row |= load
        row["serve_cpu_ms_per_req"] = round((cpu1[0] - cpu0[0]) * 1000 / load["requests"], 3)
        if watcher is None:
            return row
        row["worker_cpu_ms_per_req"] = round((cpu1[1] - cpu0[1]) * 1000 / load["requests"], 3)
        end = time.time()
        row["drain_after_load_s"] = round(watcher.wait_drained(DRAIN_BOUND) - end, 2)
        time.sleep(0.2)
        cpu2 = [_cpu(p) for p in pids]
        row["all_cpu_ms_per_req"] = round((sum(cpu2) - sum(cpu0)) * 1000 / load["requests"], 3)
        row |= _lags(acked, watcher.applied)
        burst = _client(port, token, args, args.burst, 10_000_000)
        last_ack = max(t for _, t, _ in burst["acked"])
        row["burst_alerts"] = burst["acked_alerts"]
        row["burst_send_s"] = burst["seconds"]
        row["burst_alerts_per_s"] = burst["alerts_per_s"]
        row["burst_p99_ms"] = burst["p99_ms"]
        row["burst_drain_s"] = round(watcher.wait_drained(DRAIN_BOUND) - last_ack, 1)
        row["burst_pending_left"] = watcher.pending()
        return row
    finally:
        if watcher is not None:
            watcher.close()
        server.stop()
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=60)
        if pg:
            _drop(pg[1])


COLUMNS = [
    ("target", "target"),
    ("load_average", "load avg"),
    ("requests", "requests"),
    ("errors", "errors"),
    ("alerts_per_s", "acked alerts/s"),
    ("p50_ms", "p50 ms"),
    ("p99_ms", "p99 ms"),
    ("serve_cpu_ms_per_req", "serve CPU ms/req"),
    ("ratio", "bare/serve CPU"),
    ("worker_cpu_ms_per_req", "worker CPU ms/req"),
    ("all_cpu_ms_per_req", "all CPU ms/req incl. drain"),
    ("drain_after_load_s", "drain after load s"),
    ("lag_p50_s", "lag p50 s"),
    ("lag_p99_s", "lag p99 s"),
    ("lag_max_s", "lag max s"),
    ("burst_alerts_per_s", "burst acked alerts/s"),
    ("burst_p99_ms", "burst p99 ms"),
    ("burst_drain_s", "burst drain s"),
    ("burst_pending_left", "left"),
]


def orchestrate(args: argparse.Namespace) -> int:
    out = ROOT / "bench/out"
    out.mkdir(parents=True, exist_ok=True)
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="warroom-bench-") as tmp:
        for name in args.targets.split(","):
            row = _target(name, args, Path(tmp), out / f"realistic-{name}.log")
            print(json.dumps(row), file=sys.stderr, flush=True)
            results.append(row)
    bare = next((r for r in results if r["target"] == "bare"), None)
    for row in results:
        if bare and row["serve_cpu_ms_per_req"]:
            row["ratio"] = round(bare["serve_cpu_ms_per_req"] / row["serve_cpu_ms_per_req"], 2)
    settings = {k: getattr(args, k) for k in ("seconds", "senders", "burst", "burst_groups")}
    print(f"settings {settings}; cpus {os.cpu_count()}; load average now {os.getloadavg()}")
    (out / "alerts_realistic.json").write_text(
        json.dumps({"settings": settings, "results": results}, indent=2)
    )
    print("| " + " | ".join(label for _, label in COLUMNS) + " |")
    print("|---|" + "---:|" * (len(COLUMNS) - 1))
    for row in results:
        print("| " + " | ".join(str(row.get(key, "")) for key, _ in COLUMNS) + " |")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--load", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--token", default="", help=argparse.SUPPRESS)
    parser.add_argument("--alerts", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--offset", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--groups", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument(
        "--burst-groups", type=int, default=200, help="Alert groups the burst's alerts join."
    )
    parser.add_argument("--seconds", type=float, default=10.0, help="Sustained load time.")
    parser.add_argument("--senders", type=int, default=8, help="Concurrent senders.")
    parser.add_argument("--burst", type=int, default=20_000, help="Alerts in the burst.")
    parser.add_argument(
        "--targets", default="bare,sqlite-thread,sqlite-process,postgres-thread,postgres-process"
    )
    args = parser.parse_args()
    if args.load:
        print(json.dumps(asyncio.run(_load(args))))
        return 0
    return orchestrate(args)


if __name__ == "__main__":
    raise SystemExit(main())
