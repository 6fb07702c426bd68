"""The schema revision this code expects, checked without importing Alembic.

A test keeps HEAD equal to the newest migration, so start-up can compare it with
the database's `alembic_version` row using one cheap query.
"""

from __future__ import annotations

from sqlalchemy import Engine, inspect, text

HEAD = "0011"


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
