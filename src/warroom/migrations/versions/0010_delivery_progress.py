"""alert deliveries: `progress`, how many of a big delivery's alerts are applied

A delivery with many alerts is applied in chunks, each in its own transaction, so
the write lock (SQLite) is handed back between them; `progress` is where the next
chunk starts. Every existing row starts at 0 (pending ones are applied from the start).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 14:50:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("alert_deliveries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("progress", sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("alert_deliveries", schema=None) as batch_op:
        batch_op.drop_column("progress")
