"""Affected services as rows: incident_services replaces the incidents.services JSON list.

The list was matched with LIKE on its JSON text, where non-ASCII names are escaped
(`\\uacb0\\uc81c`) and `%` / `_` are wildcards. Each name becomes one row, in the
incident's order (`position`), indexed by name for exact matches.

Data: every incident's list is copied, each name trimmed and lower-cased as the
actions store them, blanks and repeats dropped (the first occurrence keeps its
place), then the column is dropped. Downgrade writes the lists back.

Portable on purpose: plain SELECT / INSERT through SQLAlchemy Core, no dialect SQL.
The column is dropped with ALTER TABLE ... DROP COLUMN on both databases (SQLite
3.35+), not by batch mode's copy-and-rename: SQLite's DROP TABLE of `incidents`
would run the ON DELETE CASCADE of every table that refers to it while foreign keys
are on, and they cannot be switched off inside the migration's transaction.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 10:10:08.384524
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

CHUNK = 1000

_incidents = sa.table("incidents", sa.column("id", sa.String(32)), sa.column("services", sa.JSON()))
_rows = sa.table(
    "incident_services",
    sa.column("incident_id", sa.String(32)),
    sa.column("name", sa.Text()),
    sa.column("position", sa.Integer()),
)


def upgrade() -> None:
    _require_drop_column()
    op.create_table(
        "incident_services",
        sa.Column("incident_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            name=op.f("fk_incident_services_incident_id_incidents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("incident_id", "name", name=op.f("pk_incident_services")),
    )
    op.create_index("ix_incident_services_name", "incident_services", ["name", "incident_id"])
    conn = op.get_bind()
    batch: list[dict[str, Any]] = []
    for incident_id, services in _lists(conn):
        batch += [
            {"incident_id": incident_id, "name": name, "position": n}
            for n, name in enumerate(_names(services))
        ]
        if len(batch) >= CHUNK:
            conn.execute(_rows.insert(), batch)
            batch = []
    if batch:
        conn.execute(_rows.insert(), batch)
    op.drop_column("incidents", "services")


def _require_drop_column() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite" and sqlite3.sqlite_version_info < (3, 35):
        msg = "revision 0003 needs SQLite 3.35 or newer (ALTER TABLE ... DROP COLUMN)"
        raise RuntimeError(msg)


def _lists(conn: sa.Connection) -> Iterator[tuple[str, Any]]:
    """Every incident's stored list, read a page at a time in id order."""
    last = ""
    while True:
        page = conn.execute(
            sa.select(_incidents.c.id, _incidents.c.services)
            .where(_incidents.c.id > last)
            .order_by(_incidents.c.id)
            .limit(CHUNK)
        ).all()
        if not page:
            return
        yield from ((row.id, row.services) for row in page)
        last = page[-1].id


def _names(services: Any) -> list[str]:
    """The list as the actions store it: trimmed, lower case, no blanks, no repeats."""
    if not isinstance(services, list):
        return []
    names: list[str] = []
    for value in services:
        name = str(value).strip().lower() if value is not None else ""
        if name and name not in names:
            names.append(name)
    return names


def downgrade() -> None:
    op.add_column(
        "incidents",
        sa.Column("services", sa.JSON(), nullable=False, server_default=sa.text("'[]'")),
    )
    conn = op.get_bind()
    lists: dict[str, list[str]] = {}
    query = sa.select(_rows.c.incident_id, _rows.c.name).order_by(
        _rows.c.incident_id, _rows.c.position
    )
    for incident_id, name in conn.execute(query):
        lists.setdefault(incident_id, []).append(name)
    for incident_id, names in lists.items():
        conn.execute(
            _incidents.update().where(_incidents.c.id == incident_id).values(services=names)
        )
    op.drop_index("ix_incident_services_name", table_name="incident_services")
    op.drop_table("incident_services")
