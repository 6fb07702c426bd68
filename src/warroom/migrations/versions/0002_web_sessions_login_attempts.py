"""server-side web sessions and a shared login throttle

Two new tables, no change to existing ones: `web_sessions` (signing out deletes the
row, so a copied cookie stops working) and `login_attempts` (the sign-in throttle,
shared by every process on the database). Cookies issued before this revision name no
session row, so everyone signs in once more after the upgrade.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 10:09:56.256854
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import warroom.db.base

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("window_start", warroom.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempts")),
    )
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.create_index("ix_login_attempts_key", ["username", "client"], unique=True)
        batch_op.create_index("ix_login_attempts_window_start", ["window_start"], unique=False)

    op.create_table(
        "web_sessions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("auth_version", sa.Integer(), nullable=False),
        sa.Column("created_at", warroom.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", warroom.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_web_sessions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_sessions")),
    )
    with op.batch_alter_table("web_sessions", schema=None) as batch_op:
        batch_op.create_index("ix_web_sessions_expires_at", ["expires_at"], unique=False)
        batch_op.create_index("ix_web_sessions_key_hash", ["key_hash"], unique=True)
        batch_op.create_index(batch_op.f("ix_web_sessions_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("web_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_web_sessions_user_id"))
        batch_op.drop_index("ix_web_sessions_key_hash")
        batch_op.drop_index("ix_web_sessions_expires_at")

    op.drop_table("web_sessions")
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_login_attempts_window_start")
        batch_op.drop_index("ix_login_attempts_key")

    op.drop_table("login_attempts")
