"""The search index's documents: one row per searchable thing, written by triggers.

Incidents (title, summary), timeline entries (text), postmortems (title and every text
of the document) and action items (title, description) each have one row here, kept in
step by database triggers in the same transaction as the write (`index_sql`). SQLite
indexes the rows with an FTS5 trigram table, PostgreSQL with a pg_trgm GIN index.
"""

from __future__ import annotations

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from warroom.db.base import Base


class SearchDocument(Base):
    __tablename__ = "search_documents"
    __table_args__ = (
        Index("ux_search_documents_kind_ref", "kind", "ref", unique=True),
        Index("ix_search_documents_incident", "incident_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    ref: Mapped[str] = mapped_column(String(64), nullable=False)
    incident_id: Mapped[str] = mapped_column(String(32), nullable=False)
    title: Mapped[str] = mapped_column(Text, nullable=False, default="")
    body: Mapped[str] = mapped_column(Text, nullable=False, default="")
