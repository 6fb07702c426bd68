"""A large, plausible data set for the web benchmark, written with bulk inserts.

Uses the lead's `bench.generate.generate(engine, incidents=..., events_per_incident=...)`
when it exists; otherwise writes its own: incidents over three years (about 40 still
active), each with a status trail and notes, one admin user and an API token.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert, select

SERVICES = ["checkout", "payments", "search", "auth", "api", "cart", "db", "cdn", "mobile", "admin"]
LEVELS = ["P1", "P2", "P3", "P4"]
WEIGHTS = [2, 8, 30, 60]
CHUNK = 5_000


def generate_dataset(engine: Engine, *, incidents: int, events_per_incident: int) -> str:
    """Create the schema, fill it, and return an admin's API token."""
    try:
        from bench.generate import generate
    except ImportError:
        from tests.support.databases import create_schema

        create_schema(engine)
        _generate(engine, incidents, events_per_incident)
    else:  # the project's shared data set (it migrates the empty database itself)
        generate(engine, incidents=incidents, events_per_incident=events_per_incident)
    return _token(engine)


def fresh_token(engine: Engine) -> str:
    """Another token for the bench admin of an existing data set."""
    from warroom.accounts.actions import create_token
    from warroom.core.actor import SYSTEM
    from warroom.db.uow import unit_of_work

    with unit_of_work(engine) as session:
        return create_token(
            session=session, actor=SYSTEM, now=datetime.now(UTC), username="bench"
        ).secret


def _token(engine: Engine) -> str:
    from warroom.accounts.actions import add_user, create_token
    from warroom.core.actor import SYSTEM
    from warroom.db.uow import unit_of_work

    now = datetime.now(UTC)
    with unit_of_work(engine) as session:
        add_user(session=session, actor=SYSTEM, now=now, username="bench", role="admin")
        return create_token(session=session, actor=SYSTEM, now=now, username="bench").secret


def _generate(engine: Engine, incidents: int, events: int) -> None:
    from warroom.incidents.models import Incident, IncidentService
    from warroom.timeline.models import TimelineEvent

    rng = random.Random(20261125)
    end = datetime(2026, 11, 25, tzinfo=UTC)
    start = end - timedelta(days=3 * 365)
    span = (end - start).total_seconds()
    moments = sorted(start + timedelta(seconds=rng.random() * span) for _ in range(incidents))
    per_day: dict[str, int] = {}
    rows: list[dict[str, Any]] = []
    trail: list[dict[str, Any]] = []
    active_from = incidents - 40
    with engine.begin() as conn:
        for n, declared in enumerate(moments):
            day = declared.strftime("%Y%m%d")
            per_day[day] = per_day.get(day, 0) + 1
            key = f"INC-{day}-{per_day[day]:03d}"
            rows.append(_incident(rng, key, declared, active=n >= active_from))
            trail.extend(_events(rng, key, declared, events))
            if len(rows) >= CHUNK:
                _write(conn, Incident, IncidentService, TimelineEvent, rows, trail)
                rows, trail = [], []
        if rows:
            _write(conn, Incident, IncidentService, TimelineEvent, rows, trail)


def _write(conn: Any, *tables: Any) -> None:
    """Insert incidents (their services as `incident_services` rows) and their events."""
    incident, service, event, rows, trail = tables
    conn.execute(insert(incident), [{k: v for k, v in r.items() if k != "services"} for r in rows])
    linked = [
        {"incident_id": r["id"], "name": name, "position": n}
        for r in rows
        for n, name in enumerate(r["services"])
    ]
    conn.execute(insert(service), linked)
    conn.execute(insert(event), trail)


def _incident(rng: random.Random, key: str, declared: datetime, *, active: bool) -> dict[str, Any]:
    level = rng.choices(LEVELS, WEIGHTS)[0]
    step = timedelta(minutes=rng.randint(2, 30))
    state = (
        rng.choice(["detected", "acknowledged", "investigating", "mitigated"])
        if active
        else ("closed" if rng.random() < 0.9 else "resolved")
    )
    order = ["detected", "acknowledged", "investigating", "mitigated", "resolved", "closed"]
    reached = order.index(state)
    stamp = {s: (declared + step * i if i <= reached else None) for i, s in enumerate(order)}
    return {
        "id": key,
        "title": f"{rng.choice(SERVICES)} {rng.choice(['5xx', 'latency', 'errors', 'timeouts'])}",
        "summary": "",
        "state": state,
        "severity": level,
        "user_impact": None,
        "business_impact": None,
        "detection_source": "monitoring",
        "services": sorted(rng.sample(SERVICES, rng.randint(1, 3))),
        "deploy_version": None,
        "is_drill": False,
        "declared_by": "bench",
        "started_at": declared - step,
        "detected_at": declared,
        "declared_at": declared,
        "acknowledged_at": stamp["acknowledged"],
        "investigating_at": stamp["investigating"],
        "mitigated_at": stamp["mitigated"],
        "resolved_at": stamp["resolved"],
        "closed_at": stamp["closed"],
        "close_override": None,
        "reopen_count": 0,
        "response_due_at": declared + timedelta(minutes=30),
        "rto_due_at": declared + timedelta(hours=4),
        "last_update_at": None,
        "updated_at": declared + step * reached,
    }


def _events(rng: random.Random, key: str, declared: datetime, count: int) -> list[dict[str, Any]]:
    kinds = ["note", "action", "decision", "communication", "status_change"]
    return [
        {
            "incident_id": key,
            "seq": seq,
            "kind": "status_change" if seq == 1 else rng.choice(kinds),
            "occurred_at": declared + timedelta(minutes=3 * seq),
            "recorded_at": declared + timedelta(minutes=3 * seq),
            "actor": rng.choice(["alice", "bob", "carol", "dave"]),
            "body": f"Step {seq}: checked {rng.choice(SERVICES)} dashboards and logs",
            "data": {},
            "key": seq == 1,
            "supersedes_id": None,
        }
        for seq in range(1, count + 1)
    ]


def pick_incident(engine: Engine) -> str:
    """A closed incident in the middle of the range, with its full timeline."""
    from sqlalchemy import func

    from warroom.incidents.models import Incident

    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(Incident)).scalar_one()
        query = select(Incident.id).order_by(Incident.declared_at).offset(total // 2).limit(1)
        return str(conn.execute(query).scalar_one())
