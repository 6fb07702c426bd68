"""/search and /insights: the search results and the figures as charts with their tables."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from warroom.analytics.definitions import GroupBy, GroupStats, Metric, Share
from warroom.analytics.related import Gettext, reason_text, related_incidents
from warroom.analytics.search import MAX_QUERY, Hit, search
from warroom.analytics.stats import StatsQuery, compute_per_severity, compute_stats
from warroom.core.timefmt import duration
from warroom.core.when import parse_span
from warroom.errors import InvalidInput
from warroom.severity.rules import LEVELS
from warroom.web.charts import bar_chart
from warroom.web.present import gettext
from warroom.web.state import Reader
from warroom.web.state import State as AppStateDep
from warroom.web.ui.render import PageUser, render

router = APIRouter(include_in_schema=False)
SERVICES_SHOWN = 15


def _segments(hit: Hit) -> list[tuple[str, bool]]:
    """The snippet as (text, marked) pieces, so the template escapes every piece."""
    out, at = [], 0
    for start, end in hit.marks:
        if start > at:
            out.append((hit.snippet[at:start], False))
        out.append((hit.snippet[start:end], True))
        at = end
    if at < len(hit.snippet):
        out.append((hit.snippet[at:], False))
    return out


@router.get("/search")
def search_page(
    request: Request,
    reader: Reader,
    _who: PageUser,
    q: Annotated[str, Query(max_length=MAX_QUERY)] = "",
) -> Response:
    hits: list[dict[str, Any]] = []
    error = None
    if q.strip():
        try:
            found = search(reader, q, limit=50)
        except InvalidInput as refused:
            found, error = [], refused.message
        hits = [{"hit": h, "segments": _segments(h)} for h in found]
    _ = gettext(request)
    kinds = {
        "incident": _("incident"),
        "timeline": _("timeline"),
        "postmortem": _("postmortem"),
        "action": _("action item"),
    }
    return render(request, "search.html", {"q": q, "hits": hits, "error": error, "kinds": kinds})


def related_view(reader: Session, incident_id: str, _: Gettext) -> list[dict[str, str]]:
    """The incident room's "Related incidents" list (ids, titles and why)."""
    return [
        {
            "incident_id": r.incident_id,
            "severity": r.severity,
            "title": r.title,
            "why": reason_text(r.reasons, _),
        }
        for r in related_incidents(reader, incident_id)
    ]


def _secs(value: float | None) -> str:
    return "-" if value is None else duration(timedelta(seconds=round(value)))


def _pct(share: Share) -> str:
    ratio = share.ratio
    return "-" if ratio is None else f"{ratio * 100:.0f}% ({share.met}/{share.met + share.missed})"


@router.get("/insights")
def insights(
    request: Request,
    reader: Reader,
    state: AppStateDep,
    _who: PageUser,
    since: Annotated[str, Query(max_length=16)] = "365d",
) -> Response:
    """MTTR by month per severity, SLA compliance, incidents per service, the figures."""
    _ = gettext(request)
    now = state.clock.now()
    start = None if since.strip().lower() == "all" else now - parse_span(since)

    def stats(by: GroupBy) -> list[GroupStats]:
        return compute_stats(reader, StatsQuery(start, now, by))

    by_severity = stats(GroupBy.SEVERITY)
    # Every severity's months from the same statements, not one computation per level.
    monthly = compute_per_severity(reader, StatsQuery(start, now, GroupBy.MONTH))
    mttr_charts = []
    for level in LEVELS:
        months = monthly.get(level, [])
        rows = [
            (g.key, g.durations[Metric.MTTR].median or 0.0, _secs(g.durations[Metric.MTTR].median))
            for g in months
            if g.durations[Metric.MTTR].n
        ]
        if rows:
            title = _("MTTR (median) by month, {level}").format(level=level)
            mttr_charts.append(bar_chart(title, rows))
    sla = [
        bar_chart(
            _("Response target met, by severity"),
            [(g.key, g.response.ratio or 0.0, _pct(g.response)) for g in by_severity],
            top=1.0,
        ),
        bar_chart(
            _("RTO met, by severity"),
            [(g.key, g.rto.ratio or 0.0, _pct(g.rto)) for g in by_severity],
            top=1.0,
        ),
    ]
    services = sorted(stats(GroupBy.SERVICE), key=lambda g: (-g.count, g.key))[:SERVICES_SHOWN]
    per_service = bar_chart(
        _("Incidents per service"), [(g.key, float(g.count), str(g.count)) for g in services]
    )
    figures = [
        {
            "key": g.key,
            "count": g.count,
            "cells": [
                " / ".join(_secs(v) for v in (s.median, s.p90, s.mean))
                for s in (g.durations[m] for m in Metric)
            ],
            "response": _pct(g.response),
            "rto": _pct(g.rto),
            "postmortem": _pct(g.postmortem_on_time),
        }
        for g in by_severity
    ]
    return render(
        request,
        "insights.html",
        {
            "since": since,
            "mttr_charts": mttr_charts,
            "sla": sla,
            "per_service": per_service,
            "figures": figures,
            "metrics": [m.value.upper() for m in Metric],
        },
    )
