"""On-call resolution at scale (issue 11), on SQLite and PostgreSQL.

1. `who`: 1,000 schedules (two weekly rotations each, 003's after-hours windows, five
   zones including DST ones); each schedule asked once at the same instant, a fresh
   session per call as a CLI command or an API request would have. Beside it, in the
   same run: the baseline (loading the schedule row alone) and the HTTP request
   `GET /api/v1/oncall/schedules/{name}/who` in-process.
2. One year of shifts for a schedule with 3 layers, 20 people and 200 overrides
   (`shifts_between`, what `GET .../shifts` and the iCal feed call); the pure
   resolution alone is reported second, labelled as an inner loop.

    .venv/bin/python bench/oncall.py [--schedules 1000] [--runs 30]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import percentile, postgres_url
from warroom.core.actor import Actor
from warroom.db.engine import make_engine
from warroom.migrations.runner import upgrade
from warroom.oncall import actions, queries, resolve
from warroom.people.actions import register_person

LEAD = Actor(handle="bench", kind="system")
ZONES = ["Asia/Seoul", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "UTC"]
AFTER_HOURS = ["mon-fri 18:00-09:00", "sat-sun", "mon 00:00-09:00"]
PEOPLE = [f"p{i:02d}" for i in range(20)]
NOW = datetime(2027, 3, 10, 3, 0, tzinfo=UTC)
START = date(2027, 1, 4)


def populate(engine: Engine, schedules: int) -> None:
    from warroom.db.uow import unit_of_work

    with unit_of_work(engine) as session:
        for handle in PEOPLE:
            register_person(session, handle=handle, now=NOW)
    rng = random.Random(11)
    for index in range(schedules):
        with unit_of_work(engine) as session:
            name = f"team-{index:04d}"
            actions.create_schedule(
                session=session, actor=LEAD, now=NOW, name=name, timezone=ZONES[index % 5]
            )
            team = rng.sample(PEOPLE, 4)
            for role, offset in (("primary", 0), ("secondary", 1)):
                actions.add_rotation(
                    session=session, actor=LEAD, now=NOW, schedule=name, role=role,
                    people=team, handoff="mon 10:00", start=START, offset=offset,
                    windows=AFTER_HOURS, holidays=True,
                )  # fmt: skip
    with unit_of_work(engine) as session:
        big(session, rng)


def big(session: Session, rng: random.Random) -> None:
    """3 layers of primary (all week; after hours; weekends), 20 people, 200 overrides."""
    actions.create_schedule(
        session=session, actor=LEAD, now=NOW, name="big", timezone="Europe/Berlin"
    )
    layers = [([], "daily"), (["mon-fri 18:00-09:00"], "weekly"), (["sat-sun"], "weekly")]
    for layer, (windows, length) in enumerate(layers, start=1):
        actions.add_rotation(
            session=session, actor=LEAD, now=NOW, schedule="big", role="primary",
            name=f"layer{layer}", people=PEOPLE[layer * 5 : layer * 5 + 8] if layer > 1 else PEOPLE,
            length=length, handoff="mon 09:00" if length == "weekly" else "09:00",
            start=START, layer=layer, windows=windows, holidays=layer == 3,
        )  # fmt: skip
    year = datetime(2027, 1, 1, tzinfo=UTC)
    for _ in range(200):
        begin = year + timedelta(minutes=rng.randrange(0, 365 * 24 * 60, 30))
        actions.add_override(
            session=session, actor=LEAD, now=NOW, schedule="big",
            person=rng.choice(PEOPLE), start=begin,
            end=begin + timedelta(hours=rng.choice([2, 8, 15, 24, 63])),
            kind=rng.choice(["replace", "replace", "add", "remove"]), reason="bench",
        )  # fmt: skip


def database(kind: str, schedules: int, folder: Path) -> Engine | None:
    if kind == "sqlite":
        engine = make_engine(f"sqlite:///{folder / 'oncall-bench.db'}")
    else:
        url = postgres_url("warroom_bench_oncall")
        if url is None:
            print("PostgreSQL: no server on 127.0.0.1:5432, skipped")
            return None
        engine = make_engine(url)
    if _loaded(engine, schedules):
        print(f"{kind}: reusing the {schedules} schedules loaded before")
        return engine
    if kind == "postgres":
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    upgrade(engine)
    started = time.perf_counter()
    populate(engine, schedules)
    print(f"{kind}: {schedules} schedules + big loaded in {time.perf_counter() - started:.1f} s")
    if kind == "postgres":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    return engine


def _loaded(engine: Engine, schedules: int) -> bool:
    try:
        with engine.connect() as conn:
            count = conn.execute(text("SELECT count(*) FROM oncall_schedules")).scalar()
    except Exception:  # no table yet
        return False
    return count == schedules + 1


CPU: dict[int, list[float]] = {}


def per_call(engine: Engine, names: list[str], fn: object) -> list[float]:
    """Wall times (returned) and this process's CPU times (kept in CPU) of each call."""
    samples, cpu = [], []
    for name in names:
        with Session(engine) as session:
            started, busy = time.perf_counter(), time.process_time()
            fn(session, name)  # type: ignore[operator]
            samples.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - busy) * 1000)
    CPU[id(samples)] = cpu
    return samples


def http_calls(engine: Engine, names: list[str]) -> list[float]:
    from fastapi.testclient import TestClient

    from warroom.accounts.actions import add_user, create_token
    from warroom.accounts.queries import find_user
    from warroom.clock import FixedClock
    from warroom.config import Settings
    from warroom.db.uow import unit_of_work
    from warroom.web.app import create_app

    with unit_of_work(engine) as session:
        if find_user(session, "reader") is None:
            add_user(session=session, actor=LEAD, now=NOW, username="reader", role="viewer")
        token = create_token(session=session, actor=LEAD, now=NOW, username="reader").secret
    folder = Path(tempfile.mkdtemp())
    settings = Settings(
        data_dir=folder, database_url=engine.url.render_as_string(hide_password=False),
        secret_key="bench",
    )  # fmt: skip
    app = create_app(settings, clock=FixedClock(NOW))
    headers = {"Authorization": f"Bearer {token}"}
    samples, cpu = [], []
    with TestClient(app) as client:
        client.get(f"/api/v1/oncall/schedules/{names[0]}/who", headers=headers)
        for name in names:
            started, busy = time.perf_counter(), time.process_time()
            response = client.get(f"/api/v1/oncall/schedules/{name}/who", headers=headers)
            samples.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - busy) * 1000)
            assert response.status_code == 200, response.text
    CPU[id(samples)] = cpu
    app.state.warroom.engine.dispose()
    return samples


def run(kind: str, schedules: int, runs: int, folder: Path) -> list[tuple[str, str, list[float]]]:
    engine = database(kind, schedules, folder)
    if engine is None:
        return []
    names = [f"team-{i:04d}" for i in range(schedules)]
    who = lambda s, n: queries.who_is_on_call(s, n, NOW)  # noqa: E731
    per_call(engine, names[:50], who)  # warm-up (holiday tables, zone data, statement cache)
    rows = [
        ("baseline: load the schedule row", per_call(engine, names, queries.get_schedule)),
        ("who_is_on_call (1,000 schedules, one instant)", per_call(engine, names, who)),
        ("GET /api/v1/oncall/schedules/{name}/who", http_calls(engine, names)),
    ]
    year = (datetime(2027, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC))

    def shifts(session: Session, _name: str) -> None:
        found = queries.shifts_between(session, queries.get_schedule(session, "big"), *year)
        assert found

    rows.append(
        (
            "one year of shifts: 3 layers, 20 people, 200 overrides",
            per_call(engine, ["big"] * runs, shifts),
        )
    )
    with Session(engine) as session:
        plan = queries.load_plan(session, queries.get_schedule(session, "big"), *year)
    inner, inner_cpu = [], []
    for _ in range(runs):
        started, busy = time.perf_counter(), time.process_time()
        resolve.shifts(plan, *year)
        inner.append((time.perf_counter() - started) * 1000)
        inner_cpu.append((time.process_time() - busy) * 1000)
    CPU[id(inner)] = inner_cpu
    rows.append(("  inner loop: resolve.shifts alone (no database)", inner))
    engine.dispose()
    return [(kind, label, samples) for label, samples in rows]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schedules", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--db-dir", type=Path, help="Keep (and reuse) the SQLite file here.")
    args = parser.parse_args()
    folder = args.db_dir or Path(tempfile.mkdtemp(prefix="oncall-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    results = []
    for kind in ("sqlite", "postgres"):
        results += run(kind, args.schedules, args.runs, folder)
    print()
    print("| backend | what | wall p50 | wall p95 | CPU p50 | CPU p95 | target (p95) |")
    print("|---|---|---:|---:|---:|---:|---|")
    for kind, label, samples in results:
        cpu = CPU.get(id(samples), [])
        wall95 = percentile(samples, 95)
        target = (
            ""
            if label.startswith(("baseline", "  ", "GET"))
            else ("< 20 ms ✓" if wall95 < 20 else "< 20 ms ✗")
        )
        cells = [f"{statistics.median(samples):.2f} ms", f"{wall95:.2f} ms"]
        cells += (
            [f"{statistics.median(cpu):.2f} ms", f"{percentile(cpu, 95):.2f} ms"]
            if cpu
            else ["", ""]
        )
        print(f"| {kind} | {label} | {' | '.join(cells)} | {target} |")
    print(f"load average at the end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
