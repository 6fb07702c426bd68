"""Database backends for the suite: SQLite always, PostgreSQL when it answers.

PostgreSQL tests run against 127.0.0.1:5432 (user postgres). When no server answers
they are skipped with a visible reason, except under CI=true, where that is a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Engine, create_engine, text

from warroom.db.engine import make_engine

PG_ADMIN_URL = os.environ.get(
    "WARROOM_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def postgres_available() -> str | None:
    """Return None when PostgreSQL answers, else the reason it does not."""
    try:
        engine = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
    except Exception as exc:  # any failure means "no server here"
        return f"{type(exc).__name__}: {exc}".splitlines()[0]
    return None


def require_postgres() -> None:
    reason = postgres_available()
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL is required in CI but did not answer: {reason}")
    pytest.skip(f"PostgreSQL tests skipped: no server at 127.0.0.1:5432 ({reason})")


@contextmanager
def postgres_database() -> Iterator[str]:
    """Create a throwaway database and yield its URL; drop it afterwards."""
    require_postgres()
    name = f"warroom_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :n AND pid <> pg_backend_pid()"
                ),
                {"n": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def create_schema(engine: Engine) -> None:
    import warroom.schema  # noqa: F401 - registers every table on the metadata
    from warroom.db.base import Base

    Base.metadata.create_all(engine)


def truncate_all(engine: Engine) -> None:
    from warroom.db.base import Base

    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())


def sqlite_engine(path: str) -> Engine:
    return make_engine(f"sqlite:///{path}")
