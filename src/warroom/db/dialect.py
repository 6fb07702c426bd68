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


def lock_counter(session: Session, table: Table | Any, scope: str) -> None:
    """Hold the counter row of `scope` (created at 0) until the transaction ends.

    An upsert that leaves the value as it is: PostgreSQL locks the row it updates, so
    a second transaction doing the same waits here until the first commits. SQLite's
    writers are serialised already (BEGIN IMMEDIATE); the statement is harmless there.
    """
    module: Any = postgresql if _name(session) == "postgresql" else sqlite
    statement = module.insert(table).values(scope=scope, value=0)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.scope], set_={"value": table.c.value}
    )
    session.execute(statement)


def insert_unless_conflict(
    session: Session,
    table: Table | Any,
    values: dict[str, Any],
    *,
    index_elements: list[str],
    index_where: Any = None,
) -> Any:
    """Insert one row unless a unique index refuses it; return its id, or None.

    `index_where` names a partial unique index (both dialects infer it from the
    predicate), which is how "unique among unfinished jobs" is enforced.
    """
    module: Any = postgresql if _name(session) == "postgresql" else sqlite
    statement = (
        module.insert(table)
        .values(**values)
        .on_conflict_do_nothing(index_elements=index_elements, index_where=index_where)
        .returning(table.c.id)
    )
    return session.execute(statement).scalar_one_or_none()


def insert_entity_unless_conflict(
    session: Session, entity: Any, values: dict[str, Any], *, index_elements: list[str]
) -> Any:
    """Insert one ORM row unless a unique index refuses it; return the loaded object or None.

    One statement (INSERT ... ON CONFLICT DO NOTHING RETURNING) instead of a lookup,
    an insert and a reload.
    """
    module: Any = postgresql if _name(session) == "postgresql" else sqlite
    statement = (
        module.insert(entity)
        .values(**values)
        .on_conflict_do_nothing(index_elements=index_elements)
        .returning(entity)
    )
    return session.scalars(statement).one_or_none()


def skip_locked(statement: Any, session: Session) -> Any:
    """Make a claiming sub-select skip rows other transactions hold.

    PostgreSQL: `FOR UPDATE SKIP LOCKED`, so concurrent workers never wait for or
    take the same row. SQLite has one writer at a time (writes begin IMMEDIATE, and
    the claim is a single UPDATE ... RETURNING), so the plain select is already safe.
    """
    if _name(session) == "postgresql":
        return statement.with_for_update(skip_locked=True)
    return statement


def _name(session: Session) -> str:
    return session.get_bind().dialect.name
