"""Released migrations are frozen, and a database holding their data upgrades cleanly.

0001 shipped; a team's database is at 0001 with real rows in it. Every later schema
change is a new revision on top, so editing 0001 would make existing databases drift
silently from the models. The snapshot in tests/data/migrations was written once by the
0001 code (the demo, two alert groups, incidents with Korean and wildcard-like service
names) and is never regenerated.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, MetaData, Table, func, select

from tests.domain.helpers import declare
from tests.support import databases, snapshots
from warroom.db.engine import make_engine
from warroom.db.uow import read_session, unit_of_work
from warroom.db.version import HEAD, current_revision
from warroom.incidents.queries import get_incident, list_incidents
from warroom.migrations.runner import alembic_config, downgrade, upgrade
from warroom.schema import include_name, metadata

VERSIONS = Path(__file__).resolve().parents[2] / "src/warroom/migrations/versions"
SNAPSHOT_0001 = Path(__file__).resolve().parents[1] / "data/migrations/0001-demo.json"

# sha256 of each released revision file. A released file never changes: put the
# change in a new revision instead (scripts/new-migration).
RELEASED = {
    "0001_initial_schema.py": "c83e17beb382e68c10db2fd60a686ee2be70183a2080a8e6304b2cbd6c91810e",
}


@pytest.mark.parametrize("name", sorted(RELEASED))
def test_released_migrations_are_frozen(name: str) -> None:
    digest = hashlib.sha256((VERSIONS / name).read_bytes()).hexdigest()
    assert digest == RELEASED[name], f"{name} is released: add a new revision instead"


def test_revisions_form_one_line_from_0001_to_head() -> None:
    engine = make_engine("sqlite://")
    script = ScriptDirectory.from_config(alembic_config(engine))
    assert script.get_heads() == [HEAD], "one head only: re-chain down_revision"
    chain = [rev.revision for rev in script.walk_revisions("base", "heads")]
    assert chain[-1] == "0001"


@pytest.fixture
def engine_at_0001(backend: str, tmp_path: Path) -> Iterator[Engine]:
    if backend == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'released.db'}")
        upgrade(engine, "0001")
        yield engine
        engine.dispose()
        return
    with databases.postgres_database() as url:
        engine = make_engine(url)
        upgrade(engine, "0001")
        yield engine
        engine.dispose()


def test_a_database_with_0001_data_upgrades_through_every_revision(
    engine_at_0001: Engine,
) -> None:
    counts = snapshots.load(engine_at_0001, SNAPSHOT_0001)
    upgrade(engine_at_0001)
    assert current_revision(engine_at_0001) == HEAD
    with engine_at_0001.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(
                conn, opts={"compare_type": True, "include_name": include_name}
            ),
            metadata(),
        )
        assert diff == []
        reflected = MetaData()
        reflected.reflect(conn)
        for name in ("incidents", "timeline_events", "postmortems", "action_items", "alerts"):
            kept = conn.execute(select(func.count()).select_from(reflected.tables[name]))
            assert kept.scalar() == counts[name], f"{name}: rows lost in the upgrade"
        # 0004: deliveries applied before it start with no failed attempt, nothing to retry.
        deliveries = reflected.tables["alert_deliveries"]
        rows = conn.execute(select(deliveries.c.attempts, deliveries.c.next_attempt_at)).all()
        assert rows and set(rows) == {(0, None)}
        # 0009: every incident, timeline entry, postmortem and action item is indexed.
        indexed = conn.execute(
            select(func.count()).select_from(reflected.tables["search_documents"])
        )
        sources = ("incidents", "timeline_events", "postmortems", "action_items")
        assert indexed.scalar() == sum(counts[name] for name in sources)
    with unit_of_work(engine_at_0001) as session:
        fresh = declare(session, datetime.now(UTC), title="After the upgrade")
    with read_session(engine_at_0001) as session:
        assert get_incident(session, fresh.id).title == "After the upgrade"
    _services_became_rows(engine_at_0001)


def _services_became_rows(engine: Engine) -> None:
    """0003: the JSON list of affected services became indexed rows, matched exactly."""
    snapshot = {i["id"]: i["services"] for i in json.loads(SNAPSHOT_0001.read_text())["incidents"]}
    with read_session(engine) as session:
        for incident_id, services in snapshot.items():
            assert get_incident(session, incident_id).services == services, incident_id

        def found(service: str) -> list[str]:
            return sorted(i.id for i in list_incidents(session, service=service).items)

        assert found("결제") == ["INC-20261202-004", "INC-20261202-005"]
        assert found("pay_%") == ["INC-20261202-004"]
        assert found("search") == ["INC-20261202-005"]
        assert found("pay") == found("pay__") == found("%") == []
        assert found("user-profile") == ["INC-20240115-001"]
        assert found("api") == ["INC-20240115-001", "INC-20251022-001", "INC-20261202-001"]


def test_downgrading_the_services_revision_writes_the_lists_back(engine_at_0001: Engine) -> None:
    snapshots.load(engine_at_0001, SNAPSHOT_0001)
    upgrade(engine_at_0001)
    script = ScriptDirectory.from_config(alembic_config(engine_at_0001))
    (services,) = [r for r in script.walk_revisions() if "affected_services" in r.path]
    before = str(services.down_revision)
    downgrade(engine_at_0001, before)
    assert current_revision(engine_at_0001) == before
    snapshot = {i["id"]: i["services"] for i in json.loads(SNAPSHOT_0001.read_text())["incidents"]}
    incidents = Table("incidents", MetaData(), autoload_with=engine_at_0001)
    with engine_at_0001.connect() as conn:
        rows = conn.execute(select(incidents.c.id, incidents.c.services)).all()
    assert {r.id: json_list(r.services) for r in rows} == snapshot


def json_list(value: object) -> object:
    return json.loads(value) if isinstance(value, str) else value
