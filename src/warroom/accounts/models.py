"""Users and their API tokens; secrets are stored only as hashes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from warroom.db.base import Base


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    display_name: Mapped[str] = mapped_column(String(200), nullable=False)
    role: Mapped[str] = mapped_column(String(16), nullable=False)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    # Bumped when the password changes or the account is disabled: every web session
    # started before then stops working (WebSession.auth_version).
    auth_version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[datetime] = mapped_column(nullable=False)
    disabled_at: Mapped[datetime | None] = mapped_column()

    tokens: Mapped[list[ApiToken]] = relationship(back_populates="user", order_by="ApiToken.id")


class ApiToken(Base):
    """A bearer token `wrt_<lookup>_<secret>`: `lookup` finds the row, the secret is hashed."""

    __tablename__ = "api_tokens"
    __table_args__ = (Index("ix_api_tokens_lookup", "lookup", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    lookup: Mapped[str] = mapped_column(String(16), nullable=False)
    secret_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    role: Mapped[str] = mapped_column(String(16), nullable=False)
    name: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(nullable=False)
    created_by: Mapped[str] = mapped_column(String(128), nullable=False)
    revoked_at: Mapped[datetime | None] = mapped_column()
    # Refused from this moment on; None never expires.
    expires_at: Mapped[datetime | None] = mapped_column()
    # When it was last presented, written at most once a minute (see `touch_token`).
    last_used_at: Mapped[datetime | None] = mapped_column()

    user: Mapped[User] = relationship(back_populates="tokens", lazy="joined")


class WebSession(Base):
    """A signed-in browser; the cookie holds a random key, this row only its SHA-256.

    Signing out deletes the row, so a copied cookie stops working at once. The row keeps
    the user's `auth_version` from sign-in: a password change or disabling the account
    bumps it, which ends every session of that user.
    """

    __tablename__ = "web_sessions"
    __table_args__ = (
        Index("ix_web_sessions_key_hash", "key_hash", unique=True),
        Index("ix_web_sessions_expires_at", "expires_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    auth_version: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(nullable=False)
    expires_at: Mapped[datetime] = mapped_column(nullable=False)

    user: Mapped[User] = relationship(lazy="joined")


class LoginAttempts(Base):
    """Sign-in attempts of one user name from one address in the current window.

    Shared by every process on the database (accounts.throttle): the count is one
    atomic upsert, so several servers on PostgreSQL see the same lockout.
    """

    __tablename__ = "login_attempts"
    __table_args__ = (
        Index("ix_login_attempts_key", "username", "client", unique=True),
        Index("ix_login_attempts_window_start", "window_start"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), nullable=False)
    client: Mapped[str] = mapped_column(String(64), nullable=False)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False)
    window_start: Mapped[datetime] = mapped_column(nullable=False)
