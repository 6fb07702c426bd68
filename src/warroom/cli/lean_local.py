"""`warroom incident list` on the local SQLite database, with the standard library.

Loading SQLAlchemy's ORM, pydantic and Typer costs ~20 bare interpreter starts; the
list itself is two indexed queries. So this path reads the same tables with `sqlite3`
and builds the API's JSON (the same `IncidentPage` the ORM path and the server
produce: a test compares them field by field) when nothing needs the full path: the
database is SQLite, exists, is at the schema revision this code expects, and the
options are the plain ones. Anything else returns None and the full command runs.
Reads only: every write goes through the domain actions.
"""

from __future__ import annotations

import os
import re
import sqlite3

from warroom.cli import prefs

# `typing` stays unimported at run time: the lean CLI path counts its start-up
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

ACTIVE = ("detected", "acknowledged", "investigating", "mitigated")
COLUMNS = "id, title, state, severity, detection_source, is_drill, declared_at, "
COLUMNS += "response_due_at, rto_due_at"


def expected_head() -> str | None:
    """The schema revision of this code, read from `warroom.db.version` without
    importing it (that module imports SQLAlchemy)."""
    source = os.path.join(os.path.dirname(os.path.dirname(__file__)), "db", "version.py")  # noqa: PTH118, PTH120
    with open(source, encoding="utf-8") as handle:  # noqa: PTH123
        found = re.search(r'^HEAD = "([^"]+)"', handle.read(), re.MULTILINE)
    return found.group(1) if found else None


def database() -> str | None:
    url = prefs.setting("database_url")
    if url:
        if not url.startswith("sqlite:///"):
            return None
        return url.removeprefix("sqlite:///")
    return os.path.join(prefs.setting("data_dir"), "warroom.db")  # noqa: PTH118


def stamp(value: str | None) -> str | None:
    """A stored UTC time as pydantic writes it in JSON (2026-11-22T05:32:00Z)."""
    if value is None:
        return None
    day, _sep, clock = value.partition(" ")
    clock = clock.removesuffix("+00:00")
    whole, _dot, fraction = clock.partition(".")
    fraction = fraction.rstrip("0")
    return f"{day}T{whole}{'.' + fraction.ljust(6, '0') if fraction else ''}Z"


def quote_path(path: str) -> str:
    """A file path inside a SQLite URI: `?`, `#` and `%` must not be read as syntax."""
    return path.replace("%", "%25").replace("?", "%3F").replace("#", "%23")


def level(value: str) -> str | None:
    raw = value.strip().upper()
    if raw.startswith("SEV") and raw[3:].isdigit():
        raw = f"P{raw[3:]}"
    return raw if raw in ("P1", "P2", "P3", "P4") else None


def incidents(filters: dict[str, Any]) -> dict[str, Any] | None:
    """The IncidentPage, or None when the full path must answer."""
    path = database()
    if path is None or not os.path.isfile(path):  # noqa: PTH113
        return None
    read = [level(s) for s in filters["severities"]]
    levels = [s for s in read if s is not None]
    if len(levels) < len(read):
        return None  # the full path explains the bad level
    states = list(ACTIVE) if filters["active"] else [s.strip().lower() for s in filters["states"]]
    where: list[str] = []
    args: list[str] = []
    for column, values in (("state", states), ("severity", levels)):
        if values:
            where.append(f"{column} IN ({', '.join('?' * len(values))})")
            args += values
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    uri = "file:" + quote_path(os.path.abspath(path)) + "?mode=ro"  # noqa: PTH100
    conn = sqlite3.connect(uri, uri=True, timeout=5)
    try:
        head = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        if head is None or head[0] != expected_head():
            return None
        total = conn.execute(f"SELECT count(*) FROM incidents{clause}", args).fetchone()[0]
        rows = conn.execute(
            f"SELECT {COLUMNS} FROM incidents{clause} "
            "ORDER BY declared_at DESC, id DESC LIMIT ? OFFSET ?",
            [*args, filters["limit"], filters["offset"]],
        ).fetchall()
        services = _services(conn, [row[0] for row in rows])
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    scale = prefs.setting("severity_scale")
    items = [_item(row, services.get(row[0], []), scale) for row in rows]
    more = filters["offset"] + len(items) < total
    return {
        "items": items,
        "total": total,
        "limit": filters["limit"],
        "offset": filters["offset"],
        "next_offset": filters["offset"] + len(items) if more else None,
    }


def _services(conn: sqlite3.Connection, ids: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    if not ids:
        return found
    marks = ", ".join("?" * len(ids))
    query = f"SELECT incident_id, name FROM incident_services WHERE incident_id IN ({marks}) "
    for incident_id, name in conn.execute(query + "ORDER BY incident_id, position", ids):
        found.setdefault(incident_id, []).append(name)
    return found


def _item(row: tuple[Any, ...], services: list[str], scale: str) -> dict[str, Any]:
    ident, title, state, severity, source, drill, declared, response_due, rto_due = row
    return {
        "id": ident,
        "title": title,
        "state": state,
        "severity": severity,
        "severity_label": f"SEV{severity[1:]}" if scale == "SEV" else severity,
        "services": services,
        "detection_source": source,
        "is_drill": bool(drill),
        "declared_at": stamp(declared),
        "response_due_at": stamp(response_due),
        "rto_due_at": stamp(rto_due),
    }
