"""The one home of dialect-specific SQL; each function has a SQLite and a PostgreSQL arm."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Table, case, literal
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


def count_in_window(
    session: Session,
    table: Table | Any,
    key: dict[str, Any],
    *,
    now: datetime,
    cutoff: datetime,
    count: str = "attempts",
    since: str = "window_start",
) -> int:
    """Count one event for `key` in a fixed window; return the count, this one included.

    One atomic upsert (INSERT ... ON CONFLICT DO UPDATE ... RETURNING): the first event,
    or the first after a window that began at or before `cutoff`, starts a new window
    at `now` with a count of 1. Concurrent callers in other processes wait on the row
    lock (PostgreSQL) or the write lock (SQLite), so no event goes uncounted.
    """
    module: Any = postgresql if _name(session) == "postgresql" else sqlite
    counted, started = table.c[count], table.c[since]
    expired = started <= cutoff
    statement = module.insert(table).values(**key, **{count: 1, since: now})
    statement = statement.on_conflict_do_update(
        index_elements=list(key),
        set_={
            count: case((expired, 1), else_=counted + 1),
            since: case((expired, literal(now, started.type)), else_=started),
        },
    ).returning(counted)
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
