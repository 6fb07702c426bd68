"""Incident list and show at scale (issue 2): 100k incidents, 2M timeline events.

    .venv/bin/python bench/scale.py [--incidents 100000] [--events 20] [--repeat 200]

Times the same query functions the CLI and API call (`list_incidents` + JSON shape,
`get_incident` + `list_events` + detail), in-process, on SQLite and PostgreSQL.
Target: p95 under 100 ms for both. Databases are generated once and reused.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sqlalchemy import Engine, func, inspect, select

from common import postgres_url, summary, timed
from generate import generate
from warroom.core.pagination import PageRequest
from warroom.db.engine import make_engine
from warroom.db.uow import read_session
from warroom.incidents.models import Incident
from warroom.incidents.policy import IncidentPolicy
from warroom.incidents.queries import get_incident, list_incidents
from warroom.incidents.schemas import detail
from warroom.incidents.schemas import summary as summarize
from warroom.timeline.queries import list_events

POLICY = IncidentPolicy()
NOW = datetime(2026, 11, 25, tzinfo=UTC)
FILTERS = [
    {"states": ["investigating"], "severities": ["P1"]},
    {"states": ["closed"], "severities": ["P3"]},
    {"states": ["resolved", "closed"], "severities": ["P2", "P3"]},
    {"states": [], "severities": []},
]


def ready(engine: Engine, incidents: int, events: int) -> None:
    if inspect(engine).has_table("incidents"):
        with engine.connect() as conn:
            have = conn.execute(select(func.count()).select_from(Incident)).scalar()
        if have == incidents:
            return
        raise SystemExit(f"{engine.url} holds {have} incidents, not {incidents}: remove it")
    print(f"  generating {incidents} incidents x {events} events ...", flush=True)
    generate(engine, incidents, events)


def bench(name: str, engine: Engine, repeat: int) -> None:
    rng = random.Random(3)
    with read_session(engine) as session:
        ids = list(session.scalars(select(Incident.id).limit(50_000)))

        def list_page() -> None:
            f = rng.choice(FILTERS)
            page = list_incidents(
                session, states=f["states"], severities=f["severities"], page=PageRequest(limit=50)
            )
            [summarize(i, POLICY).model_dump(mode="json") for i in page.items]

        def show() -> None:
            incident = get_incident(session, rng.choice(ids))
            detail(incident, list_events(session, incident.id), POLICY, NOW).model_dump(mode="json")
            session.expunge_all()

        print(
            f"{name:10s} incident list (first page, filtered)  {summary(timed(list_page, repeat))}"
        )
        print(f"{name:10s} incident show (20 events)              {summary(timed(show, repeat))}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    out = Path(__file__).resolve().parent / "out"
    out.mkdir(exist_ok=True)
    print(
        f"warroom scale benchmark: {args.incidents} incidents, "
        f"{args.incidents * args.events} timeline events, {args.repeat} runs each"
    )
    sqlite = make_engine(f"sqlite:///{out / f'scale-{args.incidents}.db'}")
    ready(sqlite, args.incidents, args.events)
    bench("sqlite", sqlite, args.repeat)
    url = postgres_url(f"warroom_bench_{args.incidents}")
    if url is None:
        print("postgresql skipped: no server at 127.0.0.1:5432")
        return
    pg = make_engine(url)
    ready(pg, args.incidents, args.events)
    bench("postgresql", pg, args.repeat)


if __name__ == "__main__":
    main()
