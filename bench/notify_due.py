"""10,000 escalation steps falling due in the same minute: how late is each page handed
to its channel? PostgreSQL with two worker processes, SQLite with one.

    .venv/bin/python bench/notify_due.py [--steps 10000] [--backend sqlite|postgres|both]

Each step is one incident's escalation step (one person, one verified e-mail method),
its job due at an even spread over one minute that starts once the workers are up. The
workers are the real `warroom worker` code (`tests.support.notify_worker`) with every
transport replaced by a recorder that notes the moment `send` is called — "handed to
its channel" — and sends nothing. Latency = that moment - the step's due time; the
path measured is: claim the step job, resolve the target, write the delivery and its
send job, claim that, render the page (ack link included), hand it over.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, insert, select, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import PG_ADMIN, percentile  # noqa: E402
from warroom.db.engine import make_engine  # noqa: E402

PEOPLE = 100
LEAD = 20.0  # seconds between loading and the first step falling due (workers start)


def _schema(url: str) -> None:
    from warroom.migrations.runner import upgrade

    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()


def _load(url: str, steps: int, start: datetime) -> None:
    import warroom.schema
    from warroom.jobs import kinds
    from warroom.jobs.models import Job
    from warroom.notifications.models import ContactMethod, EscalationRun
    from warroom.people.models import Person

    engine = make_engine(url)
    now = datetime.now(UTC)
    incidents = warroom.schema.metadata().tables["incidents"]
    with engine.begin() as conn:
        conn.execute(
            insert(Person),
            [
                {"handle": f"p{i}", "name": f"P {i}", "timezone": "UTC", "created_at": now}
                for i in range(PEOPLE)
            ],
        )
        conn.execute(
            insert(ContactMethod),
            [
                {
                    "person": f"p{i}",
                    "kind": "email",
                    "address": f"p{i}@example.com",
                    "label": "",
                    "verified_at": now,
                    "code_attempts": 0,
                    "created_at": now,
                }
                for i in range(PEOPLE)
            ],
        )
        rows, runs, jobs = [], [], []
        for n in range(steps):
            due = start + timedelta(seconds=60 * n / steps)
            iid = f"INC-20991231-{n + 1:03d}"
            rows.append(
                {
                    "id": iid,
                    "title": f"Bench {n}",
                    "summary": "",
                    "state": "detected",
                    "severity": "P1",
                    "detection_source": "monitoring",
                    "services": [],
                    "is_drill": False,
                    "declared_by": "bench",
                    "started_at": now,
                    "detected_at": now,
                    "declared_at": now,
                    "reopen_count": 0,
                    "updated_at": now,
                }
            )
            runs.append(
                {
                    "id": n + 1,
                    "incident_id": iid,
                    "severity": "P1",
                    "state": "active",
                    "started_at": due,
                    "policy": {
                        "name": "bench",
                        "steps": [{"at": 0, "targets": [f"person:p{n % PEOPLE}"], "note": ""}],
                        "repeat": 0,
                        "repeat_after_minutes": 30,
                    },
                }
            )
            jobs.append(
                {
                    "kind": kinds.STEP,
                    "payload": {"run": n + 1, "step": 0, "repeat": 0},
                    "status": "queued",
                    "attempts": 0,
                    "max_attempts": 10,
                    "run_at": due,
                    "created_at": now,
                    "dedupe_key": f"step:{n + 1}:0:0",
                    "scope": kinds.page_scope(iid),
                }
            )
        for chunk in range(0, steps, 2000):
            conn.execute(insert(incidents), rows[chunk : chunk + 2000])
            conn.execute(insert(EscalationRun), runs[chunk : chunk + 2000])
            conn.execute(insert(Job), jobs[chunk : chunk + 2000])
        if engine.dialect.name == "postgresql":
            conn.execute(
                text("SELECT setval(pg_get_serial_sequence('escalation_runs', 'id'), :n)"),
                {"n": steps},
            )
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    engine.dispose()


def _workers(url: str, count: int, record: Path, log: Path) -> list[subprocess.Popen[bytes]]:
    procs = []
    for _ in range(count):
        handle = log.open("ab")
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tests.support.notify_worker",
                    "--db",
                    url,
                    "--record",
                    str(record),
                    "--offline",
                    "--poll",
                    "0.25",
                    "--batch",
                    "20",
                ],
                cwd=ROOT,
                stdout=handle,
                stderr=subprocess.STDOUT,
                env=os.environ | {"PYTHONPATH": str(ROOT)},
            )
        )
        handle.close()
    return procs


def _latencies(url: str, record: Path) -> list[float]:
    from warroom.notifications.models import Delivery

    handed: dict[str, float] = {}
    for line in record.read_text().splitlines():
        key, at = line.split("\t")
        handed.setdefault(key, float(at))  # the first hand-over counts
    engine = make_engine(url)
    with engine.connect() as conn:
        due = dict(conn.execute(select(Delivery.key, Delivery.due_at)).all())
    engine.dispose()
    return [(handed[k] - due[k].timestamp()) * 1000 for k in handed if k in due]


def run(url: str, name: str, steps: int, workers: int) -> dict[str, Any]:
    _schema(url)
    start = datetime.now(UTC) + timedelta(seconds=LEAD)
    _load(url, steps, start)
    tmp = Path(tempfile.mkdtemp(prefix="notify-bench-"))
    record = tmp / "handed.tsv"
    record.touch()
    procs = _workers(url, workers, record, tmp / "workers.log")
    deadline = time.monotonic() + LEAD + 60 + 240
    while time.monotonic() < deadline:
        if len(record.read_text().splitlines()) >= steps:
            break
        time.sleep(1)
    for proc in procs:
        proc.terminate()
    for proc in procs:
        proc.wait(timeout=30)
    samples = _latencies(url, record)
    lines = record.read_text().splitlines()
    return {
        "backend": name,
        "workers": workers,
        "steps": steps,
        "handed": len(samples),
        "doubled": len(lines) - len({ln.split("\t")[0] for ln in lines}),
        "p50": percentile(samples, 50) if samples else float("nan"),
        "p99": percentile(samples, 99) if samples else float("nan"),
        "max": max(samples) if samples else float("nan"),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=10_000)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    args = parser.parse_args()
    results = []
    if args.backend in ("sqlite", "both"):
        path = Path(tempfile.mkdtemp(prefix="notify-bench-")) / "bench.db"
        results.append(run(f"sqlite:///{path}", "SQLite", args.steps, 1))
    if args.backend in ("postgres", "both"):
        name = f"warroom_notify_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            results.append(
                run(PG_ADMIN.rsplit("/", 1)[0] + f"/{name}", "PostgreSQL", args.steps, 2)
            )
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    print(
        "| backend | workers | steps due in one minute | handed over | doubled | "
        "p50 late | p99 late | max late | target |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in results:
        ok = "✓" if r["p99"] <= 1000 and r["handed"] == r["steps"] else "✗"
        print(
            f"| {r['backend']} | {r['workers']} | {r['steps']:,} | {r['handed']:,} | "
            f"{r['doubled']} | {r['p50']:.0f} ms | {r['p99']:.0f} ms | {r['max']:.0f} ms | "
            f"p99 ≤ 1 s {ok} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
