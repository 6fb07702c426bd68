"""Shared fixtures: a clock, settings, and a database per backend.

`backend` is parametrised over sqlite and postgres, so every test that asks for a
database runs on both (postgres skips visibly when no server answers).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from tests.support import databases
from warroom.clock import FixedClock
from warroom.config import Settings
from warroom.core.actor import Actor

T0 = datetime(2026, 11, 22, 5, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture
def actor() -> Actor:
    return Actor(handle="alice")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", timezone="Asia/Seoul")


@pytest.fixture(
    scope="session", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def schema_engine(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """One schema per backend per session; tests isolate with savepoints or truncation."""
    if backend == "sqlite":
        engine = databases.sqlite_engine(str(tmp_path_factory.mktemp("db") / "suite.db"))
        databases.create_schema(engine)
        yield engine
        engine.dispose()
        return
    with databases.postgres_database() as url:
        from warroom.db.engine import make_engine

        engine = make_engine(url)
        databases.create_schema(engine)
        yield engine
        engine.dispose()


@pytest.fixture
def session(schema_engine: Engine) -> Iterator[Session]:
    """A session inside a transaction that is rolled back after the test."""
    connection = schema_engine.connect()
    transaction = connection.begin()
    db = Session(bind=connection, join_transaction_mode="create_savepoint")
    try:
        yield db
    finally:
        db.close()
        transaction.rollback()
        connection.close()


@pytest.fixture
def engine(schema_engine: Engine) -> Iterator[Engine]:
    """The backend's engine for tests that commit; every table is emptied afterwards."""
    yield schema_engine
    databases.truncate_all(schema_engine)
