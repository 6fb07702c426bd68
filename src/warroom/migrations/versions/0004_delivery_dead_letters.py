"""alert deliveries: attempts, backoff and dead letters

A delivery whose application fails is retried with a backoff (`attempts`,
`next_attempt_at`) and, after the last attempt, kept as a dead letter (status
`failed`) that an operator can send back (`retried_by`, `retried_at`). Rows that the
earlier code marked `failed` after one attempt count that attempt.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 10:10:31.438051
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import warroom.db.base

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("alert_deliveries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("attempts", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(
            sa.Column("next_attempt_at", warroom.db.base.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("retried_by", sa.String(length=128), nullable=True))
        batch_op.add_column(
            sa.Column("retried_at", warroom.db.base.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.create_index("ix_alert_deliveries_next_attempt", ["next_attempt_at"], unique=False)
    op.execute("UPDATE alert_deliveries SET attempts = 1 WHERE status = 'failed'")


def downgrade() -> None:
    with op.batch_alter_table("alert_deliveries", schema=None) as batch_op:
        batch_op.drop_index("ix_alert_deliveries_next_attempt")
        batch_op.drop_column("retried_at")
        batch_op.drop_column("retried_by")
        batch_op.drop_column("next_attempt_at")
        batch_op.drop_column("attempts")
