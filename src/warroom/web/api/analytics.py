"""/api/v1/stats and /api/v1/search: the figures and the search the CLI prints."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST
from pydantic import BaseModel

from warroom.analytics.definitions import GroupBy, as_dict
from warroom.analytics.related import reason_text, related_incidents
from warroom.analytics.search import MAX_QUERY, hit_dict, search
from warroom.analytics.stats import StatsQuery, compute_with_total
from warroom.core.ids import normalize_incident_id
from warroom.core.when import parse_span
from warroom.web.auth import Viewer
from warroom.web.openapi import problems
from warroom.web.present import gettext
from warroom.web.state import Reader, State

router = APIRouter(tags=["analytics"])

Since = Annotated[
    str,
    Query(max_length=16, description="How far back by declaration time (30d, 12w) or 'all'."),
]


class StatsOut(BaseModel):
    since: str | None
    until: str
    by: GroupBy
    include_drills: bool
    groups: list[dict[str, Any]]
    total: dict[str, Any] | None


@router.get("/stats", responses=problems(422))
def stats(
    reader: Reader,
    state: State,
    _who: Viewer,
    since: Since = "90d",
    by: GroupBy = GroupBy.SEVERITY,
    include_drills: bool = False,
) -> StatsOut:
    """Count, MTTD/MTTA/MTTM/MTTR (median, p90, mean in seconds) and SLA shares per group."""
    now = state.clock.now()
    start = None if since.strip().lower() == "all" else now - parse_span(since)
    groups, total = compute_with_total(reader, StatsQuery(start, now, by, include_drills))
    return StatsOut(
        since=None if start is None else start.isoformat(),
        until=now.isoformat(),
        by=by,
        include_drills=include_drills,
        groups=[as_dict(g) for g in groups],
        total=as_dict(total[0]) if total else None,
    )


class SearchOut(BaseModel):
    query: str
    results: list[dict[str, Any]]


Kind = Literal["incident", "timeline", "postmortem", "action"]


@router.get("/search", responses=problems(422))
def find(
    reader: Reader,
    _who: Viewer,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY, description="Words to find.")],
    kind: Annotated[list[Kind] | None, Query(description="Only these kinds.")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> SearchOut:
    """Incidents, timeline entries, postmortems and action items; best first, with snippets.

    `marks` are [start, end) offsets of the matched words inside `snippet`.
    """
    hits = search(reader, q, kinds=list(kind) if kind else None, limit=limit)
    return SearchOut(query=q, results=[hit_dict(h) for h in hits])


class Reason(BaseModel):
    code: Literal["service", "title", "deploy"]
    value: str


class RelatedOut(BaseModel):
    incident_id: str
    title: str
    severity: str
    state: str
    score: float
    reasons: list[Reason]
    why: str


@router.get("/incidents/{incident_id}/related", responses=problems(404))
def related(incident_id: str, request: Request, reader: Reader, _who: Viewer) -> list[RelatedOut]:
    """Incidents sharing services, a similar title or the deploy, best first, with why."""
    _ = gettext(request)
    return [
        RelatedOut(
            incident_id=r.incident_id,
            title=r.title,
            severity=r.severity,
            state=r.state,
            score=r.score,
            reasons=[Reason(code=x.code, value=x.value) for x in r.reasons],
            why=reason_text(r.reasons, _),
        )
        for r in related_incidents(reader, normalize_incident_id(incident_id))
    ]


metrics_router = APIRouter(include_in_schema=False)


@metrics_router.get("/metrics")
def metrics(state: State, _who: Viewer) -> Response:
    """Prometheus text format; scrape with a viewer's API token (docs/analytics.md)."""
    from warroom.analytics.exposition import exposition
    from warroom.db.uow import read_session

    body = exposition(lambda: read_session(state.engine), state.clock.now)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
