"""The search index's triggers and full-text structures, per database (docs/analytics.md).

Revision 0009 runs `SQLITE_0009` / `POSTGRES_0009`; test schemas built with
`create_all` run the same statements (`install`). The lists are frozen with their
revision: a later change to the index is a new list for a new revision.

SQLite: an FTS5 table with the trigram tokenizer over `search_documents` (external
content), so `커넥션` is found inside `커넥션풀이`; PostgreSQL: pg_trgm's GIN index on
title and body, which answers `ILIKE '%커넥션%'` from the index.
"""

from __future__ import annotations

from sqlalchemy import Connection, MetaData, event, text

# (table, kind, ref, incident id, title, body, columns whose change re-indexes)
SOURCES = (
    ("incidents", "incident", "{r}.id", "{r}.id", "{r}.title", "{r}.summary", "title, summary"),
    (
        "timeline_events",
        "timeline",
        "CAST({r}.id AS TEXT)",
        "{r}.incident_id",
        "''",
        "{r}.body",
        "body",
    ),
    (
        "postmortems",
        "postmortem",
        "{r}.incident_id",
        "{r}.incident_id",
        "{r}.title",
        "{doc}",
        "title, document",
    ),
    (
        "action_items",
        "action",
        "{r}.id",
        "{r}.incident_id",
        "{r}.title",
        "{r}.description",
        "title, description",
    ),
)

_SQLITE_DOC = (
    "coalesce((SELECT group_concat(value, char(10)) FROM json_tree({r}.document) "
    "WHERE type = 'text'), '')"
)
_PG_DOC = (
    "coalesce((SELECT string_agg(v #>> '{{}}', E'\\n') FROM "
    "jsonb_path_query({r}.document::jsonb, 'strict $.**') AS v "
    "WHERE jsonb_typeof(v) = 'string'), '')"
)


def _values(row: str, doc: str, spec: tuple[str, ...]) -> list[str]:
    return [part.format(r=row, doc=doc.format(r=row)) for part in spec[2:6]]


def _sqlite() -> list[str]:
    out = [
        "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, "
        "content='search_documents', content_rowid='id', tokenize='trigram')",
        "CREATE TRIGGER search_fts_ai AFTER INSERT ON search_documents BEGIN "
        "INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
        "CREATE TRIGGER search_fts_ad AFTER DELETE ON search_documents BEGIN "
        "INSERT INTO search_fts(search_fts, rowid, title, body) "
        "VALUES ('delete', old.id, old.title, old.body); END",
        "CREATE TRIGGER search_fts_au AFTER UPDATE ON search_documents BEGIN "
        "INSERT INTO search_fts(search_fts, rowid, title, body) "
        "VALUES ('delete', old.id, old.title, old.body); "
        "INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    ]
    for spec in SOURCES:
        table, kind, columns = spec[0], spec[1], spec[6]
        ref, incident, title, body = _values("new", _SQLITE_DOC, spec)
        old_ref = _values("old", _SQLITE_DOC, spec)[0]
        insert = (
            "INSERT INTO search_documents(kind, ref, incident_id, title, body) "
            f"VALUES ('{kind}', {ref}, {incident}, {title}, {body})"
        )
        out += [
            f"CREATE TRIGGER search_{table}_ai AFTER INSERT ON {table} BEGIN {insert}; END",
            f"CREATE TRIGGER search_{table}_au AFTER UPDATE OF {columns} ON {table} BEGIN "
            f"UPDATE search_documents SET title = {title}, body = {body} "
            f"WHERE kind = '{kind}' AND ref = {ref}; END",
            f"CREATE TRIGGER search_{table}_ad AFTER DELETE ON {table} BEGIN "
            f"DELETE FROM search_documents WHERE kind = '{kind}' AND ref = {old_ref}; END",
        ]
        out.append(
            "INSERT INTO search_documents(kind, ref, incident_id, title, body) "
            "SELECT '{kind}', {v} FROM {table} AS src".format(
                kind=kind, v=", ".join(_values("src", _SQLITE_DOC, spec)), table=table
            )
        )
    return out


def _postgres() -> list[str]:
    out = [
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        "CREATE INDEX ix_search_documents_trgm ON search_documents "
        "USING gin ((title || ' ' || body) gin_trgm_ops)",
    ]
    for spec in SOURCES:
        table, kind, columns = spec[0], spec[1], spec[6]
        ref, incident, title, body = _values("NEW", _PG_DOC, spec)
        old_ref = _values("OLD", _PG_DOC, spec)[0]
        out += [
            f"CREATE FUNCTION search_sync_{table}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN "
            "IF TG_OP = 'DELETE' THEN "
            f"DELETE FROM search_documents WHERE kind = '{kind}' AND ref = {old_ref}; "
            "RETURN NULL; END IF; "
            "INSERT INTO search_documents(kind, ref, incident_id, title, body) "
            f"VALUES ('{kind}', {ref}, {incident}, {title}, {body}) "
            "ON CONFLICT (kind, ref) DO UPDATE SET title = EXCLUDED.title, body = EXCLUDED.body; "
            "RETURN NULL; END $$",
            f"CREATE TRIGGER search_sync AFTER INSERT OR DELETE OR UPDATE OF {columns} "
            f"ON {table} FOR EACH ROW EXECUTE FUNCTION search_sync_{table}()",
            "INSERT INTO search_documents(kind, ref, incident_id, title, body) "
            "SELECT '{kind}', {v} FROM {table} AS src".format(
                kind=kind, v=", ".join(_values("src", _PG_DOC, spec)), table=table
            ),
        ]
    return out


SQLITE_0009 = _sqlite()
POSTGRES_0009 = _postgres()


def statements(dialect: str) -> list[str]:
    return POSTGRES_0009 if dialect == "postgresql" else SQLITE_0009


def install(connection: Connection) -> None:
    for statement in statements(connection.dialect.name):
        connection.execute(text(statement))


def is_managed_here(name: str | None, kind: str) -> bool:
    """Objects outside the models (the FTS5 tables, the trigram index): not compared."""
    if name is None:
        return False
    if kind == "table":
        return name.startswith("search_fts")
    return kind == "index" and name == "ix_search_documents_trgm"


def _after_create(_target: MetaData, connection: Connection, **_kw: object) -> None:
    install(connection)


def attach(metadata: MetaData) -> None:
    """Install the triggers whenever `metadata.create_all` builds the schema (tests)."""
    if not event.contains(metadata, "after_create", _after_create):
        event.listen(metadata, "after_create", _after_create)
