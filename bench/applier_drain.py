"""Delivery applier catch-up: how long `Applier.drain()` takes to apply a stored backlog.

    .venv/bin/python bench/applier_drain.py [--deliveries 1500] [--rounds 3]
    PYTHONPATH=/path/to/other/src .venv/bin/python bench/applier_drain.py  # a baseline

An inner-loop figure, labelled as such: no server, no HTTP. Each round stores
`deliveries` Alertmanager deliveries (each a new group of 5 firing alerts, auto-recovery
on, so every one makes a group, 5 alerts, an episode and its escalation job) in one
commit, as the receiver's group commit does, then times the applier draining them with
the batch size `warroom serve` uses (8 on SQLite, 200 on PostgreSQL). Run it once per
code version in the same session, alternating, to compare (the per-batch claim and the
group locks are what changed with dead letters). Prints one line per database.
"""

from __future__ import annotations

import argparse
import inspect
import json
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import PG_ADMIN  # noqa: E402 - after the path set-up above


def _payload(n: int) -> bytes:
    labels = {"alertname": f"Bench{n}", "severity": "warning"}
    alerts = [
        {
            "status": "firing",
            "labels": {**labels, "instance": f"i-{a}"},
            "annotations": {},
            "startsAt": "2026-11-22T05:00:00Z",
            "endsAt": "0001-01-01T00:00:00Z",
            "fingerprint": f"{n:08x}{a:08x}",
        }
        for a in range(5)
    ]
    body = {
        "version": "4",
        "groupKey": f'{{}}:{{alertname="Bench{n}"}}',
        "status": "firing",
        "receiver": "warroom",
        "groupLabels": labels,
        "commonLabels": labels,
        "commonAnnotations": {},
        "externalURL": "http://alertmanager:9093",
        "alerts": alerts,
    }
    return json.dumps(body).encode()


def _round(engine: Engine, count: int) -> float:
    from warroom.alerts import integrations
    from warroom.alerts.intake import check_delivery, store_deliveries
    from warroom.clock import SystemClock
    from warroom.core.actor import Actor
    from warroom.db.uow import unit_of_work
    from warroom.incidents.policy import IncidentPolicy
    from warroom.worker import Applier

    clock = SystemClock()
    with unit_of_work(engine) as session:
        created = integrations.create_integration(
            session=session,
            actor=Actor("bench"),
            now=clock.now(),
            kind="alertmanager",
            name=f"bench-{uuid.uuid4().hex[:8]}",
            config={"auto_recovery_seconds": 300},
        )
        checked = [
            check_delivery(
                integration=created.integration,
                source="alertmanager",
                body=_payload(n),
                new_dedup_key=lambda: "k",
            )
            for n in range(count)
        ]
        store_deliveries(session, checked, now=clock.now())
    kwargs: dict[str, Any] = {"policy": IncidentPolicy()}
    if "clock" in inspect.signature(Applier).parameters:
        kwargs["clock"] = clock
    applier = Applier(engine, **kwargs)
    started = time.perf_counter()
    applied = applier.drain()
    elapsed = time.perf_counter() - started
    assert applied == count, (applied, count)
    return elapsed


def _fresh(kind: str) -> tuple[Engine, Any]:
    import warroom.schema  # noqa: F401 - registers every table
    from warroom.db.base import Base
    from warroom.db.engine import make_engine

    if kind == "sqlite":
        folder = tempfile.mkdtemp()
        engine = make_engine(f"sqlite:///{folder}/bench.db")
        Base.metadata.create_all(engine)
        return engine, None
    name = f"warroom_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(PG_ADMIN.rsplit("/", 1)[0] + f"/{name}")
    Base.metadata.create_all(engine)
    return engine, (admin, name)


def _drop(handle: Any) -> None:
    if handle is None:
        return
    admin, name = handle
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--deliveries", type=int, default=1500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    import warroom

    print(f"code: {Path(warroom.__file__).parent}")
    for kind in args.databases.split(","):
        engine, handle = _fresh(kind)
        try:
            rates = [args.deliveries / _round(engine, args.deliveries) for _ in range(args.rounds)]
        finally:
            engine.dispose()
            _drop(handle)
        print(
            f"{kind:<10} {args.deliveries} deliveries x {args.rounds}: "
            f"median {statistics.median(rates):6.0f} deliveries/s "
            f"({', '.join(f'{r:.0f}' for r in rates)})"
        )


if __name__ == "__main__":
    main()
