"""api tokens: `expires_at` (refused after it) and `last_used_at` (at most once a minute)

Existing tokens never expire (NULL) and have not been seen in use yet (NULL).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 15:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import warroom.db.base

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("expires_at", warroom.db.base.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("last_used_at", warroom.db.base.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_column("last_used_at")
        batch_op.drop_column("expires_at")
