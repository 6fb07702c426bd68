"""IDs stay unique and gap-free when many people declare at once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from sqlalchemy import Engine

from tests.domain.helpers import ALICE
from warroom.db.uow import unit_of_work
from warroom.errors import InvalidInput
from warroom.incidents.actions import declare_incident
from warroom.incidents.policy import IncidentPolicy

T0 = datetime(2026, 11, 22, 5, 0, tzinfo=UTC)


def _declare(engine: Engine, n: int) -> str:
    with unit_of_work(engine) as session:
        incident = declare_incident(
            session=session,
            actor=ALICE,
            now=T0,
            policy=IncidentPolicy(),
            title=f"parallel {n}",
            severity="P2",
        )
        return incident.id


def _declare_then_fail(engine: Engine) -> None:
    try:
        with unit_of_work(engine) as session:
            declare_incident(
                session=session,
                actor=ALICE,
                now=T0,
                policy=IncidentPolicy(),
                title="rolled back",
                severity="P2",
            )
            raise InvalidInput("boom")
    except InvalidInput:
        pass


def test_parallel_declares_get_unique_gap_free_ids(engine: Engine) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = list(pool.map(lambda n: _declare(engine, n), range(40)))
    assert sorted(ids) == [f"INC-20261122-{n:03d}" for n in range(1, 41)]


def test_a_rolled_back_declare_gives_its_number_back(engine: Engine) -> None:
    first = _declare(engine, 1)
    _declare_then_fail(engine)
    assert (first, _declare(engine, 2)) == ("INC-20261122-001", "INC-20261122-002")
