"""search index: documents, triggers, FTS5 trigram (SQLite) / pg_trgm (PostgreSQL); deploy index

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 14:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from warroom.analytics.index_sql import POSTGRES_0009, SQLITE_0009

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

SOURCES = ("incidents", "timeline_events", "postmortems", "action_items")


def upgrade() -> None:
    op.create_table(
        "search_documents",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("ref", sa.String(length=64), nullable=False),
        sa.Column("incident_id", sa.String(length=32), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ux_search_documents_kind_ref", "search_documents", ["kind", "ref"], unique=True
    )
    op.create_index("ix_search_documents_incident", "search_documents", ["incident_id"])
    op.create_index("ix_incidents_deploy", "incidents", ["deploy_version"])
    bind = op.get_bind()
    # Triggers and the full-text structures, then every existing row indexed.
    for statement in POSTGRES_0009 if bind.dialect.name == "postgresql" else SQLITE_0009:
        op.execute(sa.text(statement))


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for table in SOURCES:
            op.execute(sa.text(f"DROP TRIGGER IF EXISTS search_sync ON {table}"))
            op.execute(sa.text(f"DROP FUNCTION IF EXISTS search_sync_{table}()"))
    else:
        for table in SOURCES:
            for suffix in ("ai", "au", "ad"):
                op.execute(sa.text(f"DROP TRIGGER IF EXISTS search_{table}_{suffix}"))
        op.execute(sa.text("DROP TABLE IF EXISTS search_fts"))
    op.drop_index("ix_incidents_deploy", table_name="incidents")
    op.drop_table("search_documents")
