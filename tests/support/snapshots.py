"""Database snapshots as JSON: rows written by a released schema, replayed into a new database.

A snapshot is taken once, from a database at a released revision, and never regenerated:
it is what a team's database holds when they upgrade. Values that JSON cannot carry are
tagged (`{"$dt": iso}` for datetimes, `{"$b64": ...}` for bytes).
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, MetaData, func, select, text

SKIP = {"alembic_version"}


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return {"$dt": aware.astimezone(UTC).isoformat()}
    if isinstance(value, bytes):
        return {"$b64": base64.b64encode(value).decode()}
    return value


def _decode(value: Any, dialect: str) -> Any:
    if isinstance(value, dict) and set(value) == {"$dt"}:
        moment = datetime.fromisoformat(value["$dt"])
        return moment.replace(tzinfo=None) if dialect == "sqlite" else moment
    if isinstance(value, dict) and set(value) == {"$b64"}:
        return base64.b64decode(value["$b64"])
    return value


def dump(engine: Engine, path: Path) -> None:
    meta = MetaData()
    meta.reflect(engine)
    tables: dict[str, list[dict[str, Any]]] = {}
    with engine.connect() as conn:
        for table in meta.sorted_tables:
            if table.name in SKIP:
                continue
            rows = conn.execute(select(table).order_by(*table.primary_key.columns)).mappings()
            tables[table.name] = [{k: _encode(v) for k, v in row.items()} for row in rows]
    path.write_text(json.dumps(tables, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def load(engine: Engine, path: Path) -> dict[str, int]:
    """Insert the snapshot's rows into a database at the snapshot's revision; count per table."""
    data: dict[str, list[dict[str, Any]]] = json.loads(path.read_text())
    meta = MetaData()
    meta.reflect(engine)
    dialect = engine.dialect.name
    with engine.begin() as conn:
        for table in meta.sorted_tables:
            rows = data.get(table.name) or []
            if rows:
                conn.execute(
                    table.insert(),
                    [{k: _decode(v, dialect) for k, v in row.items()} for row in rows],
                )
            if dialect == "postgresql":
                _advance_sequences(conn, table)
    return {name: len(rows) for name, rows in data.items()}


def _advance_sequences(conn: Any, table: Any) -> None:
    for column in table.primary_key.columns:
        seq = conn.execute(
            text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": column.name}
        ).scalar()
        if seq:
            top = conn.execute(select(func.max(column))).scalar()
            if top is not None:
                conn.execute(text("SELECT setval(:s, :v)"), {"s": seq, "v": top})
