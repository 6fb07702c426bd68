"""One huge Alertmanager delivery next to a trickle of small ones, over real HTTP (issue 21).

    .venv/bin/python bench/alerts_big_delivery.py [--alerts 10000] [--seconds 90]
        [--interval 0.5] [--baseline main] [--databases sqlite,postgres]

For each code version (the baseline, a `git worktree` of `--baseline` made for the run,
and this tree) and each database, it starts the server as `warroom serve` runs it
(embedded applier thread) on a fresh database with an integration whose
auto-recovery window is 0 (every alert opens or feeds an incident at once: the heavy
case). It POSTs one delivery of `--alerts` alerts with httpx, then one small delivery
(a new group, one alert) every `--interval` seconds until the big one is applied and
5 small ones more have been sent (bounded by `--seconds`). It reports, per run:

- the big delivery's acknowledgement time and how long after it the delivery was
  applied (its drain time);
- the small deliveries' acknowledgement latency (p50 / max): what Alertmanager waits;
- their end-to-end lag from the 2xx to the incident existing (p50 / max), polled in
  the database every 20 ms.

The issue's figures for the baseline on SQLite: the big delivery held the write lock
for 34 s, acknowledgements waited as long, incident lag reached 110 s. Output: a
Markdown table on stdout and bench/out/alerts_big_delivery.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
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
PG_ADMIN = os.environ.get(
    "WARROOM_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
TOKEN_SCRIPT = """
import sys
from tests.support.alert_server import prepare
from warroom.alerts.integrations import create_integration
from warroom.clock import SystemClock
from warroom.core.actor import Actor
from warroom.db.engine import make_engine
from warroom.db.uow import unit_of_work
prepare(sys.argv[1])
engine = make_engine(sys.argv[1])
with unit_of_work(engine) as session:
    made = create_integration(session=session, actor=Actor("bench"), now=SystemClock().now(),
        kind="alertmanager", name="bench", config={"auto_recovery_seconds": 0})
print(made.token)
"""


def body(name: str, alerts: int) -> bytes:
    """A v4 body of `alerts` small firing alerts (about 200 bytes each, under 4 MiB)."""
    items = [
        {
            "status": "firing",
            "labels": {"alertname": name, "instance": f"node-{i}"},
            "annotations": {},
            "startsAt": "2026-12-02T05:00:00Z",
            "endsAt": "0001-01-01T00:00:00Z",
        }
        for i in range(alerts)
    ]
    data = {
        "version": "4",
        "groupKey": f'{{}}:{{alertname="{name}"}}',
        "status": "firing",
        "receiver": "warroom",
        "groupLabels": {"alertname": name},
        "commonLabels": {"alertname": name},
        "commonAnnotations": {},
        "externalURL": "http://alertmanager:9093",
        "alerts": items,
    }
    return json.dumps(data).encode()


def _env(src: Path) -> dict[str, str]:
    return os.environ | {"PYTHONPATH": f"{src / 'src'}{os.pathsep}{src}"}


def _token(src: Path, url: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", TOKEN_SCRIPT, url],
        cwd=src,
        env=_env(src),
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


def _statuses(url: str, ids: list[int]) -> dict[int, str]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT id, status FROM alert_deliveries"))
            wanted = set(ids)
            return {int(i): str(s) for i, s in rows if int(i) in wanted}
    finally:
        engine.dispose()


def _run(src: Path, url: str, args: argparse.Namespace, log: Path) -> dict[str, Any]:
    import httpx
    from tests.support.processes import free_port

    token = _token(src, url)
    port = free_port()
    command = [sys.executable, "-m", "tests.support.alert_server", "--port", str(port)]
    command += ["--db", url, "--applier", "thread"]
    with log.open("ab") as handle:  # the version's own code: its tree first on the path
        server = subprocess.Popen(command, cwd=src, env=_env(src), stdout=handle, stderr=handle)
    _wait_ready(f"http://127.0.0.1:{port}/api/v1/health")
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    sent: dict[int, float] = {}  # delivery id -> when its 2xx arrived
    acks: list[float] = []
    applied: dict[int, float] = {}
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=600) as client:
            started = time.perf_counter()
            big = client.post(PATH, content=body("Big", args.alerts), headers=headers)
            big.raise_for_status()
            big_ack = time.perf_counter() - started
            big_id = int(big.json()["delivery"])
            sent[big_id] = time.perf_counter()
            deadline = started + args.seconds
            extra, n = 0, 0
            while time.perf_counter() < deadline and extra < 5:
                n += 1
                t0 = time.perf_counter()
                small = client.post(PATH, content=body(f"Small{n}", 1), headers=headers)
                small.raise_for_status()
                acks.append(time.perf_counter() - t0)
                sent[int(small.json()["delivery"])] = time.perf_counter()
                extra += big_id in applied
                _poll(url, sent, applied, until=time.perf_counter() + args.interval)
            while len(applied) < len(sent) and time.perf_counter() < deadline + 60:
                _poll(url, sent, applied, until=time.perf_counter() + 0.5)
    finally:
        server.terminate()
        server.wait(timeout=60)
    lags = [applied[i] - sent[i] for i in sent if i in applied and i != big_id]
    return {
        "big_ack_s": round(big_ack, 2),
        "big_drain_s": round(applied[big_id] - sent[big_id], 1) if big_id in applied else None,
        "small_sent": len(acks),
        "ack_p50_ms": round(statistics.median(acks) * 1000, 1),
        "ack_max_ms": round(max(acks) * 1000, 1),
        "lag_p50_s": round(statistics.median(lags), 2) if lags else None,
        "lag_max_s": round(max(lags), 2) if lags else None,
        "not_applied": len(sent) - len(applied),
    }


def _wait_ready(url: str) -> None:
    import httpx

    for _ in range(600):
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the server did not answer {url}")


def _poll(url: str, sent: dict[int, float], applied: dict[int, float], *, until: float) -> None:
    while True:
        waiting = [i for i in sent if i not in applied]
        if waiting:
            for delivery_id, status in _statuses(url, waiting).items():
                if status != "pending":
                    applied[delivery_id] = time.perf_counter()
        if time.perf_counter() >= until:
            return
        time.sleep(0.02)


def _database(kind: str, tmp: Path) -> tuple[str, str | None]:
    if kind == "sqlite":
        return f"sqlite:///{tmp / uuid.uuid4().hex}.db", None
    from sqlalchemy import create_engine, text

    name = f"warroom_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return PG_ADMIN.rsplit("/", 1)[0] + f"/{name}", name


def _drop(name: str) -> None:
    from sqlalchemy import create_engine, text

    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alerts", type=int, default=10_000, help="Alerts in the big one.")
    parser.add_argument("--seconds", type=float, default=90.0, help="Bound on each run.")
    parser.add_argument("--interval", type=float, default=0.5, help="Between small ones.")
    parser.add_argument("--baseline", default="main", help="Git ref of the baseline code.")
    parser.add_argument("--databases", default="sqlite,postgres")
    args = parser.parse_args()
    out = ROOT / "bench/out"
    out.mkdir(parents=True, exist_ok=True)
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="warroom-bench-") as tmp_name:
        tmp = Path(tmp_name)
        baseline = tmp / "baseline"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(baseline), args.baseline],
            check=True,
            capture_output=True,
        )
        try:
            for kind in args.databases.split(","):
                for label, src in ((f"baseline ({args.baseline})", baseline), ("this", ROOT)):
                    url, pg_name = _database(kind, tmp)
                    try:
                        row = {"database": kind, "code": label}
                        row |= _run(src, url, args, tmp / f"{kind}-{len(results)}.log")
                    finally:
                        if pg_name:
                            _drop(pg_name)
                    print(json.dumps(row), file=sys.stderr, flush=True)
                    results.append(row)
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(baseline)],
                check=False,
                capture_output=True,
            )
            shutil.rmtree(baseline, ignore_errors=True)
    (out / "alerts_big_delivery.json").write_text(json.dumps(results, indent=2))
    keys = list(results[0]) if results else []
    print("| " + " | ".join(keys) + " |")
    print("|" + "---|" * len(keys))
    for row in results:
        print("| " + " | ".join(str(row[k]) for k in keys) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
