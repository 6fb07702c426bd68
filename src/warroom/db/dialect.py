"""The one home of dialect-specific SQL; each function has a SQLite and a PostgreSQL arm."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def increment_counter(session: Session, table: Table | Any, scope: str) -> int:
    name = session.get_bind().dialect.name
    module: Any = postgresql if name == "postgresql" else sqlite
    statement = module.insert(table).values(scope=scope, value=1)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.scope], set_={"value": table.c.value + 1}
    ).returning(table.c.value)
    return int(session.execute(statement).scalar_one())
