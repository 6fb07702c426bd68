"""Generate a large incident history for benchmarks: N incidents, M events each.

    .venv/bin/python bench/generate.py --url sqlite:///bench/out/big.db --incidents 100000

Rows go in through SQLAlchemy Core in batches (no per-row ORM work), with IDs,
counters and timestamps shaped like real ones so indexes see realistic data.
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert

from warroom.db.counters import Counter as CounterRow
from warroom.db.engine import make_engine
from warroom.incidents.models import Incident, IncidentService
from warroom.migrations.runner import upgrade
from warroom.timeline.models import TimelineEvent

STATES = (
    ["closed"] * 90
    + ["resolved"] * 5
    + ["investigating", "mitigated", "acknowledged", "detected", "investigating"]
)
SEVERITIES = ["P1"] * 5 + ["P2"] * 20 + ["P3"] * 45 + ["P4"] * 30
SERVICES = ["checkout", "payments", "search", "api", "auth", "uploads", "llm-gateway", "postgres"]
KINDS = ["note", "action", "decision", "communication", "alert", "evidence", "runbook_step"]
BATCH = 5_000


def _incident(rng: random.Random, day: datetime, number: int) -> dict[str, Any]:
    detected = day + timedelta(seconds=rng.randrange(86_400))
    state = rng.choice(STATES)
    sev = rng.choice(SEVERITIES)
    ack = detected + timedelta(minutes=rng.randrange(1, 40))
    mitigated = ack + timedelta(minutes=rng.randrange(5, 120))
    resolved = mitigated + timedelta(minutes=rng.randrange(1, 60))
    done = {"closed": 4, "resolved": 3, "mitigated": 2, "investigating": 1, "acknowledged": 1}
    level = done.get(state, 0)
    return {
        "id": f"INC-{day:%Y%m%d}-{number:03d}",
        "title": f"Synthetic incident {number} on {day:%F}",
        "summary": "",
        "state": state,
        "severity": sev,
        "user_impact": None,
        "business_impact": None,
        "detection_source": "monitoring",
        "services": rng.sample(SERVICES, rng.randrange(1, 3)),
        "deploy_version": None,
        "is_drill": False,
        "declared_by": "bench",
        "started_at": detected - timedelta(minutes=2),
        "detected_at": detected,
        "declared_at": detected,
        "acknowledged_at": ack if level >= 1 else None,
        "investigating_at": ack if level >= 1 else None,
        "mitigated_at": mitigated if level >= 2 else None,
        "resolved_at": resolved if level >= 3 else None,
        "closed_at": resolved + timedelta(minutes=30) if level >= 4 else None,
        "close_override": None,
        "reopen_count": 0,
        "response_due_at": detected + timedelta(minutes=15),
        "rto_due_at": detected + timedelta(hours=1),
        "last_update_at": None,
        "updated_at": detected,
    }


def _events(rng: random.Random, incident: dict[str, Any], count: int) -> list[dict[str, Any]]:
    start: datetime = incident["detected_at"]
    return [
        {
            "incident_id": incident["id"],
            "seq": seq,
            "kind": rng.choice(KINDS),
            "occurred_at": start + timedelta(minutes=seq * 3),
            "recorded_at": start + timedelta(minutes=seq * 3),
            "actor": "bench",
            "body": f"step {seq} of {incident['id']}",
            "data": {},
            "key": seq % 5 == 0,
            "supersedes_id": None,
        }
        for seq in range(1, count + 1)
    ]


def generate(
    engine: Engine, incidents: int = 100_000, events_per_incident: int = 20, seed: int = 7
) -> None:
    """Fill an empty database (migrated here) with a deterministic synthetic history."""
    upgrade(engine)
    rng = random.Random(seed)
    per_day = max(1, incidents // 730)
    first_day = datetime(2024, 11, 25, tzinfo=UTC)
    counters: Counter[str] = Counter()
    rows: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    with engine.begin() as conn:
        for n in range(incidents):
            day = first_day + timedelta(days=n // per_day)
            counters[f"INC-{day:%Y%m%d}"] += 1
            row = _incident(rng, day, counters[f"INC-{day:%Y%m%d}"])
            rows.append(row)
            events.extend(_events(rng, row, events_per_incident))
            if len(rows) >= BATCH:
                _flush(conn, rows, events)
        _flush(conn, rows, events)
        conn.execute(insert(CounterRow), [{"scope": k, "value": v} for k, v in counters.items()])
    _settle(engine)


def _settle(engine: Engine) -> None:
    """Refresh planner statistics as autovacuum / a long-lived database would have."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE")


def _flush(conn: Any, rows: list[dict[str, Any]], events: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(insert(Incident), [without_services(r) for r in rows])
        if linked := service_rows(rows):
            conn.execute(insert(IncidentService), linked)
        conn.execute(insert(TimelineEvent), events)
    rows.clear()
    events.clear()


def without_services(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != "services"}


def service_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The `incident_services` rows of generated incidents (their `services` lists)."""
    return [
        {"incident_id": row["id"], "name": name, "position": n}
        for row in rows
        for n, name in enumerate(row["services"])
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=20)
    args = parser.parse_args()
    started = time.perf_counter()
    generate(make_engine(args.url), args.incidents, args.events)
    print(
        f"generated {args.incidents} incidents, {args.incidents * args.events} events "
        f"in {time.perf_counter() - started:.1f}s"
    )


if __name__ == "__main__":
    main()
