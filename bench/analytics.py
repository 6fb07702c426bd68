"""Analytics at scale (issue 15): stats, search, related incidents and the insights page
on the shared data set (bench/generate.py: 100k incidents, 2M timeline events).

    .venv/bin/python -m bench.analytics                       # 100k incidents, both DBs
    .venv/bin/python -m bench.analytics --incidents 20000 --repeat 30 --backend sqlite

Times what the user runs, in-process: `warroom stats --since 365d --by severity|service|
month` (the grouped figures plus the total row, as the CLI computes them), `warroom
search` (a selective and a broad query), related incidents of one incident, and the
whole `GET /insights` and `GET /api/v1/stats` requests through the ASGI app (routing,
auth by token, queries, template) with Starlette's TestClient. The baseline measured in
the same run is the issue-2 query, the incident list's first page. Also timed: a full
rebuild of the search index (every document deleted and re-inserted through the same
statements revision 0008 runs). Databases are generated once and reused.
Targets: p95 < 100 ms each; the insights page p95 < 150 ms.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, func, inspect, select, text

from bench.common import percentile, postgres_url, timed
from bench.generate import generate
from bench.web_data import _token, fresh_token
from warroom.analytics.definitions import GroupBy
from warroom.analytics.related import related_incidents
from warroom.analytics.search import hit_dict, search
from warroom.analytics.stats import StatsQuery, compute_with_total
from warroom.core.pagination import PageRequest
from warroom.db.engine import make_engine
from warroom.db.uow import read_session
from warroom.incidents.models import Incident
from warroom.incidents.queries import list_incidents

NOW = datetime(2026, 11, 25, tzinfo=UTC)
YEAR = NOW - timedelta(days=365)


def ready(engine: Engine, incidents: int, events: int) -> str:
    if inspect(engine).has_table("incidents"):
        with engine.connect() as conn:
            have = conn.execute(select(func.count()).select_from(Incident)).scalar()
            users = conn.execute(text("SELECT count(*) FROM users WHERE username = 'bench'"))
            has_user = bool(users.scalar())
        if have != incidents:
            raise SystemExit(f"{engine.url} holds {have} incidents, not {incidents}: remove it")
        return fresh_token(engine) if has_user else _token(engine)
    print(f"  generating {incidents} incidents x {events} events (indexed by triggers) ...")
    started = time.perf_counter()
    generate(engine, incidents, events)
    print(f"  generated and indexed in {time.perf_counter() - started:.0f} s", flush=True)
    return _token(engine)


def rebuild_index(engine: Engine) -> float:
    """Seconds to delete every search document and index them all again (0008's backfill)."""
    from warroom.analytics.index_sql import statements

    backfill = [s for s in statements(engine.dialect.name) if s.startswith("INSERT")]
    started = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM search_documents"))
        for statement in backfill:
            conn.execute(text(statement))
    return time.perf_counter() - started


def row(name: str, what: str, samples: list[float], target: float) -> None:
    p95 = percentile(samples, 95)
    mark = "✓" if p95 < target else "✗"
    print(
        f"{name:10s} {what:44s} p50 {sorted(samples)[len(samples) // 2]:8.2f} ms"
        f"  p95 {p95:8.2f} ms  target < {target:.0f} ms {mark}",
        flush=True,
    )


def bench(
    name: str, engine: Engine, url: str, token: str, repeat: int, rebuild: bool = True
) -> None:
    from starlette.testclient import TestClient

    from warroom.clock import FixedClock
    from warroom.config import Settings
    from warroom.web.app import create_app

    rng = random.Random(5)
    with read_session(engine) as session:
        ids = list(session.scalars(select(Incident.id).limit(20_000)))

        def baseline() -> None:
            list_incidents(session, states=[], severities=[], page=PageRequest(limit=50))

        row(name, "baseline: incident list, first page", timed(baseline, repeat), 100)
        for by in (GroupBy.SEVERITY, GroupBy.SERVICE, GroupBy.MONTH):

            def stats(by: GroupBy = by) -> None:
                compute_with_total(session, StatsQuery(YEAR, NOW, by))

            row(name, f"stats --since 365d --by {by.value}", timed(stats, repeat), 100)
        selective = [f"Synthetic incident {n}" for n in range(1, 40)]

        def search_selective() -> None:
            [hit_dict(h) for h in search(session, rng.choice(selective))]

        def search_broad() -> None:
            [hit_dict(h) for h in search(session, "step")]

        row(name, "search 'Synthetic incident N' (selective)", timed(search_selective, repeat), 100)
        row(
            name,
            "search 'step' (every timeline entry matches)",
            timed(search_broad, max(5, repeat // 5)),
            100,
        )

        def related() -> None:
            related_incidents(session, rng.choice(ids))
            session.expunge_all()

        row(name, "related incidents of one incident", timed(related, repeat), 100)
    settings = Settings(database_url=url, data_dir=Path(__file__).resolve().parent / "out")
    with TestClient(create_app(settings, clock=FixedClock(NOW))) as client:
        headers = {"Authorization": f"Bearer {token}"}

        def page() -> None:
            response = client.get("/insights", headers=headers)
            assert response.status_code == 200, response.status_code

        def api() -> None:
            response = client.get("/api/v1/stats?since=365d&by=month", headers=headers)
            assert response.status_code == 200, response.status_code

        row(name, "GET /insights (365 days)", timed(page, max(5, repeat // 2)), 150)
        row(name, "GET /api/v1/stats?by=month", timed(api, repeat), 100)
    if rebuild:
        seconds = rebuild_index(engine)
        print(f"{name:10s} search index rebuild, whole set: {seconds:.1f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument(
        "--no-rebuild", action="store_true", help="skip timing the search index rebuild"
    )
    args = parser.parse_args()
    rebuild = not args.no_rebuild
    out = Path(__file__).resolve().parent / "out"
    out.mkdir(exist_ok=True)
    print(
        f"warroom analytics benchmark: {args.incidents} incidents, "
        f"{args.incidents * args.events} timeline events, {args.repeat} runs each"
    )
    if args.backend in ("sqlite", "both"):
        url = f"sqlite:///{out / f'analytics-{args.incidents}.db'}"
        engine = make_engine(url)
        bench(
            "sqlite", engine, url, ready(engine, args.incidents, args.events), args.repeat, rebuild
        )
    if args.backend in ("postgresql", "both"):
        url = postgres_url(f"warroom_analytics_{args.incidents}")
        if url is None:
            print("postgresql skipped: no server at 127.0.0.1:5432")
            return
        engine = make_engine(url)
        bench(
            "postgresql",
            engine,
            url,
            ready(engine, args.incidents, args.events),
            args.repeat,
            rebuild,
        )


if __name__ == "__main__":
    sys.exit(main())
