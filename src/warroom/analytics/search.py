"""Full-text search over incidents, timelines, postmortems and action items.

SQLite: the FTS5 trigram index (`search_fts`), ranked by bm25 with the title weighted
twice the body; PostgreSQL: `ILIKE` answered by the pg_trgm GIN index, ranked by
`word_similarity` (title twice the body). Only the newest RANKED (2,000) matches are
ranked, so a word every document holds costs bounded work. Every word must occur (AND);
words shorter than three characters, which trigrams cannot index, are matched with LIKE
on the rows the longer words found (or on every row when there is no longer word).
Snippets are cut and marked in Python from the matched row, identically on both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from warroom.errors import InvalidInput

KINDS = ("incident", "timeline", "postmortem", "action")
MAX_QUERY = 200
MAX_WORDS = 8
SNIPPET = 160  # characters of context around the first hit
RANKED = 2000  # a broad search ranks its newest RANKED matches, not every match


@dataclass(frozen=True, slots=True)
class Hit:
    kind: str
    ref: str
    incident_id: str
    incident_title: str
    title: str
    snippet: str
    # [start, end) offsets of the matched words inside `snippet`
    marks: list[tuple[int, int]] = field(default_factory=list)
    score: float = 0.0


def words_of(query: str) -> list[str]:
    """Lower-cased words, repeats dropped; control characters (NUL…) split words."""
    cleaned = "".join(ch if ch.isprintable() else " " for ch in query).strip()
    if not cleaned:
        raise InvalidInput("nothing to search for", hint='e.g. warroom search "connection pool"')
    if len(cleaned) > MAX_QUERY:
        raise InvalidInput(
            f"the search is longer than {MAX_QUERY} characters", hint="Use a few distinctive words."
        )
    return list(dict.fromkeys(w.lower() for w in cleaned.split()))[:MAX_WORDS]


def _like(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _fts_phrase(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _sqlite(session: Session, words: list[str], kinds: list[str], limit: int) -> list[Any]:
    long = [w for w in words if len(w) >= 3]
    short = [w for w in words if len(w) < 3]
    params: dict[str, Any] = {"limit": limit}
    where = [f"d.kind IN ({', '.join(f':k{i}' for i in range(len(kinds)))})"]
    params.update({f"k{i}": k for i, k in enumerate(kinds)})
    for i, word in enumerate(short):
        where.append(f"lower(d.title || ' ' || d.body) LIKE :s{i} ESCAPE '\\'")
        params[f"s{i}"] = _like(word)
    params["ranked"] = RANKED
    if long:
        # FTS5 walks the matches newest first (rowid order) and stops at RANKED; only
        # those are scored by bm25.
        params["match"] = " AND ".join(_fts_phrase(w) for w in long)
        sql = (
            "SELECT d.kind, d.ref, d.incident_id, i.title, d.title, d.body, m.score "
            "FROM (SELECT d.id AS id, -bm25(search_fts, 2.0, 1.0) AS score "
            "FROM search_fts JOIN search_documents d ON d.id = search_fts.rowid "
            f"WHERE search_fts MATCH :match AND {' AND '.join(where)} "
            "ORDER BY search_fts.rowid DESC LIMIT :ranked) m "
            "JOIN search_documents d ON d.id = m.id "
            "LEFT JOIN incidents i ON i.id = d.incident_id "
            "ORDER BY m.score DESC, d.id DESC LIMIT :limit"
        )
    else:
        sql = (
            "SELECT d.kind, d.ref, d.incident_id, i.title, d.title, d.body, 0.0 AS score "
            "FROM search_documents d LEFT JOIN incidents i ON i.id = d.incident_id "
            f"WHERE {' AND '.join(where)} ORDER BY d.id DESC LIMIT :limit"
        )
    return list(session.execute(text(sql), params))


def _postgres(session: Session, words: list[str], kinds: list[str], limit: int) -> list[Any]:
    params: dict[str, Any] = {"limit": limit, "kinds": kinds, "q": " ".join(words)}
    params["ranked"] = RANKED
    where = ["d.kind = ANY(:kinds)"]
    for i, word in enumerate(words):
        where.append(f"(d.title || ' ' || d.body) ILIKE :w{i}")
        params[f"w{i}"] = _like(word)
    # The newest RANKED matches (GIN bitmap or a backward walk of the primary key,
    # whichever the planner prefers), then word similarity over those only.
    sql = (
        "SELECT d.kind, d.ref, d.incident_id, i.title, d.title, d.body, "
        "2 * word_similarity(:q, d.title) + word_similarity(:q, d.body) AS score "
        "FROM (SELECT d.id FROM search_documents d "
        f"WHERE {' AND '.join(where)} ORDER BY d.id DESC LIMIT :ranked) m "
        "JOIN search_documents d ON d.id = m.id "
        "LEFT JOIN incidents i ON i.id = d.incident_id "
        "ORDER BY score DESC, d.id DESC LIMIT :limit"
    )
    return list(session.execute(text(sql), params))


def snippet(body: str, words: list[str], width: int = SNIPPET) -> tuple[str, list[tuple[int, int]]]:
    """A window of `body` around the first matched word, with the words' spans marked."""
    flat = " ".join(body.split())
    pattern = re.compile(
        "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE
    )
    first = pattern.search(flat)
    start = 0 if first is None else max(0, first.start() - width // 3)
    end = min(len(flat), start + width)
    piece = flat[start:end]
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(flat) else ""
    text_ = prefix + piece + suffix
    marks = [(m.start(), m.end()) for m in pattern.finditer(text_)]
    return text_, marks


def search(
    session: Session, query: str, *, kinds: list[str] | None = None, limit: int = 20
) -> list[Hit]:
    """Best first. Any signed-in reader may search: warroom has no per-incident permissions."""
    words = words_of(query)
    wanted = list(kinds or KINDS)
    unknown = [k for k in wanted if k not in KINDS]
    if unknown:
        raise InvalidInput(
            f"unknown kind '{unknown[0]}'", hint="Use incident, timeline, postmortem or action."
        )
    run = _postgres if session.get_bind().dialect.name == "postgresql" else _sqlite
    hits = []
    for kind, ref, incident_id, incident_title, title, body, score in run(
        session, words, wanted, limit
    ):
        source = body if any(w in body.lower() for w in words) or not title else title
        cut, marks = snippet(source, words)
        hits.append(
            Hit(
                kind=kind,
                ref=ref,
                incident_id=incident_id,
                incident_title=incident_title or "",
                title=title,
                snippet=cut,
                marks=marks,
                score=float(score or 0.0),
            )
        )
    return hits


def hit_dict(hit: Hit) -> dict[str, Any]:
    return {
        "kind": hit.kind,
        "ref": hit.ref,
        "incident_id": hit.incident_id,
        "incident_title": hit.incident_title,
        "title": hit.title,
        "snippet": hit.snippet,
        "marks": [list(m) for m in hit.marks],
        "score": hit.score,
    }
