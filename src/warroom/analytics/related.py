"""Related incidents: earlier (or other) incidents an engineer should look at now.

An explainable score over a bounded set of candidates, never a scan of every incident:

- candidates: incidents sharing an affected service (the indexed `incident_services`
  rows, newest 100) and the newest 100 incidents whose title shares words of three or more
  characters with this one (every word, then any, on SQLite; pg_trgm's word similarity
  on PostgreSQL)
  and incidents naming the same deploy (`ix_incidents_deploy`, 100);
- score = 2 × (shared services ÷ this incident's services)
        + 2 × title similarity (Jaccard of the titles' character trigrams)
        + 1 when both name the same deploy;
- kept when the score reaches 0.6, best first, five at most; each with its reasons
  ("same service checkout", "similar title", "same deploy v2.3.4").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, func, or_, select, text
from sqlalchemy.orm import Session

from warroom.i18n import translator
from warroom.incidents.models import Incident, IncidentService
from warroom.incidents.queries import get_incident

CANDIDATES = 100
SHOWN = 5
THRESHOLD = 0.6
SIMILAR_TITLE = 0.25


@dataclass(frozen=True, slots=True)
class Reason:
    code: str  # "service", "title", "deploy"
    value: str = ""


@dataclass(frozen=True, slots=True)
class Related:
    incident_id: str
    title: str
    severity: str
    state: str
    declared_at: datetime
    score: float
    reasons: list[Reason] = field(default_factory=list)


def trigrams(value: str) -> set[str]:
    flat = " " + " ".join(value.lower().split()) + " "
    return {flat[i : i + 3] for i in range(len(flat) - 2)}


def title_similarity(a: str, b: str) -> float:
    left, right = trigrams(a), trigrams(b)
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)


def _by_service(session: Session, incident: Incident) -> set[str]:
    names = list(incident.services)
    if not names:
        return set()
    rows = session.scalars(
        select(IncidentService.incident_id)
        .join(Incident, Incident.id == IncidentService.incident_id)
        .where(IncidentService.name.in_(names), IncidentService.incident_id != incident.id)
        .group_by(IncidentService.incident_id, Incident.declared_at)
        .order_by(func.count().desc(), Incident.declared_at.desc())
        .limit(CANDIDATES)
    )
    return set(rows)


def _by_deploy(session: Session, incident: Incident) -> set[str]:
    if not incident.deploy_version:
        return set()
    rows = session.scalars(
        select(Incident.id)
        .where(Incident.deploy_version == incident.deploy_version, Incident.id != incident.id)
        .order_by(Incident.declared_at.desc())
        .limit(CANDIDATES)
    )
    return set(rows)


def _like(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _by_title(session: Session, incident: Incident) -> set[str]:
    """Incidents whose title shares words with this one, newest first, CANDIDATES at most.

    Straight from `incidents`, walking `ix_incidents_declared` newest first and stopping
    at CANDIDATES matches: the search index's posting lists cover every document when a
    word is common (timeline bodies included), which made this the slowest part.
    """
    printable = "".join(ch if ch.isprintable() else " " for ch in incident.title.lower())
    words = [w for w in dict.fromkeys(printable.split()) if len(w) >= 3][:8]
    if not words:
        return set()
    newest = (
        select(Incident.id)
        .where(Incident.id != incident.id)
        .order_by(Incident.declared_at.desc())
        .limit(CANDIDATES)
    )
    if session.get_bind().dialect.name == "postgresql":
        # pg_trgm's word similarity of this title within the other (threshold 0.6).
        similar = text(":q <% incidents.title").bindparams(q=incident.title)
        return set(session.scalars(newest.where(similar)))
    # SQLite: titles holding every word, then titles holding any, up to CANDIDATES in all.
    title = Incident.title  # LIKE ignores ASCII case on SQLite
    found: list[str] = []
    for combine in (and_, or_):
        match = combine(*(title.like(_like(w), escape="\\") for w in words))
        found += [r for r in session.scalars(newest.where(match)) if r not in found]
        if len(found) >= CANDIDATES:
            break
    return set(found[:CANDIDATES])


def related_incidents(session: Session, incident_id: str, *, limit: int = SHOWN) -> list[Related]:
    incident = get_incident(session, incident_id)
    ids = (
        _by_service(session, incident)
        | _by_title(session, incident)
        | _by_deploy(session, incident)
    )
    if not ids:
        return []
    mine = set(incident.services)
    # Plain rows, not ORM objects: no role or service relationships loaded per candidate.
    services: dict[str, set[str]] = {}
    for owner, name in session.execute(
        select(IncidentService.incident_id, IncidentService.name).where(
            IncidentService.incident_id.in_(ids)
        )
    ):
        services.setdefault(owner, set()).add(name)
    columns = select(
        Incident.id,
        Incident.title,
        Incident.severity,
        Incident.state,
        Incident.declared_at,
        Incident.deploy_version,
    ).where(Incident.id.in_(ids))
    found = []
    for other in session.execute(columns):
        shared = sorted(mine & services.get(other.id, set()))
        similarity = title_similarity(incident.title, other.title)
        same_deploy = bool(incident.deploy_version) and other.deploy_version == (
            incident.deploy_version
        )
        score = (2 * len(shared) / len(mine) if mine else 0.0) + 2 * similarity
        score += 1.0 if same_deploy else 0.0
        if score < THRESHOLD:
            continue
        reasons = [Reason("service", name) for name in shared]
        if similarity >= SIMILAR_TITLE:
            reasons.append(Reason("title"))
        if same_deploy:
            reasons.append(Reason("deploy", incident.deploy_version or ""))
        found.append(
            Related(
                incident_id=other.id,
                title=other.title,
                severity=other.severity,
                state=other.state,
                declared_at=other.declared_at,
                score=round(score, 3),
                reasons=reasons,
            )
        )
    found.sort(key=lambda r: r.declared_at, reverse=True)  # ties: the newest first
    found.sort(key=lambda r: r.score, reverse=True)
    return found[:limit]


Gettext = Callable[[str], str]


def reason_text(reasons: list[Reason], _: Gettext) -> str:
    """'same service checkout; similar title' in the reader's language."""
    parts = []
    for reason in reasons:
        if reason.code == "service":
            parts.append(_("same service {name}").format(name=reason.value))
        elif reason.code == "title":
            parts.append(_("similar title"))
        elif reason.code == "deploy":
            parts.append(_("same deploy {version}").format(version=reason.value))
    return "; ".join(parts)


def related_lines(session: Session, incident_id: str, lang: str) -> list[str]:
    """The postmortem draft's "Related incidents" items: id, title and why, in `lang`."""
    _ = translator(lang).gettext
    return [
        f"{r.incident_id} — {r.title} ({reason_text(r.reasons, _)})"
        for r in related_incidents(session, incident_id)
    ]
