"""Migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine

from tests.support import databases
from warroom.db.engine import make_engine
from warroom.db.version import HEAD, current_revision
from warroom.migrations.runner import head_revision, upgrade
from warroom.schema import include_name, metadata


@pytest.fixture
def empty_engine(backend: str, tmp_path: Path) -> Iterator[Engine]:
    if backend == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'm.db'}")
        yield engine
        engine.dispose()
        return
    with databases.postgres_database() as url:
        engine = make_engine(url)
        yield engine
        engine.dispose()


def test_upgrade_on_an_empty_database_matches_the_models(empty_engine: Engine) -> None:
    upgrade(empty_engine)
    with empty_engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(
                conn, opts={"compare_type": True, "include_name": include_name}
            ),
            metadata(),
        )
    assert diff == []
    assert current_revision(empty_engine) == HEAD


def test_the_code_expects_the_newest_migration(empty_engine: Engine) -> None:
    assert head_revision(empty_engine) == HEAD
