"""Findings from log and metric analysis, tied to an incident and its timeline.

The analysis core is pure (`evidence.analysis`); this module supplies the incident's
reference times and records what was found as evidence events, which the postmortem
draft reads back (top patterns, the before / during / after metric table).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from warroom.core.actor import Actor
from warroom.evidence.analysis.metrics import Span, incident_windows
from warroom.incidents.models import Incident
from warroom.incidents.queries import get_incident
from warroom.timeline import actions as timeline
from warroom.timeline.models import TimelineEvent
from warroom.timeline.queries import list_events
from warroom.timeline.rules import EventKind

LOG_FINDING = "log_patterns"
NEW_PATTERN = "new_log_pattern"
METRIC_FINDING = "metrics"
TOP_KEPT = 5


@dataclass(frozen=True, slots=True)
class IncidentMarks:
    """The moments analysis compares against: the deploy and the incident's start."""

    started_at: datetime
    mitigated_at: datetime | None
    resolved_at: datetime | None
    deploy_at: datetime | None

    def pivots(self) -> dict[str, datetime]:
        marks = {"incident": self.started_at}
        if self.deploy_at is not None:
            marks["deploy"] = self.deploy_at
            marks["diff"] = self.deploy_at
        return marks

    def windows(self, baseline: timedelta) -> dict[str, Span]:
        return incident_windows(self.started_at, self.mitigated_at, self.resolved_at, baseline)


def incident_marks(session: Session, incident_id: str) -> IncidentMarks:
    """Reference times of an incident; the deploy is the last deploy event before detection."""
    incident = get_incident(session, incident_id)
    deploys = [
        e.occurred_at
        for e in list_events(
            session, incident.id, kinds=[EventKind.DEPLOY.value], include_superseded=False
        )
        if e.occurred_at <= incident.detected_at
    ]
    return IncidentMarks(
        started_at=incident.started_at,
        mitigated_at=incident.mitigated_at,
        resolved_at=incident.resolved_at,
        deploy_at=max(deploys) if deploys else None,
    )


def record_log_findings(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    incident_id: str,
    report: dict[str, Any],
    source: str,
) -> list[TimelineEvent]:
    """Record the top patterns, and each pattern first seen after the deploy, as evidence."""
    incident = get_incident(session, incident_id, lock=True)
    top = [_brief(p) for p in report.get("patterns", [])[:TOP_KEPT]]
    events = [
        timeline.record(
            session,
            incident_id=incident.id,
            actor=actor,
            kind=EventKind.EVIDENCE,
            now=now,
            body=f"Log analysis of {source}: {report.get('lines', 0)} lines, "
            f"{report.get('pattern_count', 0)} patterns; top: "
            + "; ".join(f"{p['template']} ×{p['count']}" for p in top[:3]),
            data={
                "finding": LOG_FINDING,
                "source": source,
                "lines": report.get("lines", 0),
                "patterns": top,
            },
        )
    ]
    diff = report.get("diff") or {}
    for pattern in diff.get("new", []):
        events.append(_new_pattern(session, incident, actor, now, pattern, source))
    return events


def _brief(pattern: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "template", "count", "share", "first_seen", "endpoints")
    return {k: pattern.get(k) for k in keys}


def _new_pattern(  # noqa: PLR0917 - private helper with one caller
    session: Session,
    incident: Incident,
    actor: Actor,
    now: datetime,
    pattern: dict[str, Any],
    source: str,
) -> TimelineEvent:
    first = pattern.get("first_seen")
    at = datetime.fromisoformat(first.replace("Z", "+00:00")) if first else None
    return timeline.record(
        session,
        incident_id=incident.id,
        actor=actor,
        kind=EventKind.EVIDENCE,
        now=now,
        occurred_at=min(at, now) if at else None,
        key=True,
        body=f"New log pattern after the deploy: {pattern.get('template')} "
        f"({pattern.get('count')} lines in {source})",
        data={"finding": NEW_PATTERN, "source": source, "pattern": _brief(pattern)},
    )


def record_metric_findings(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    incident_id: str,
    report: dict[str, Any],
    source: str,
) -> TimelineEvent:
    """Record the before / during / after figures and whether recovery held."""
    incident = get_incident(session, incident_id, lock=True)
    recovered = report.get("recovered")
    verdict = {
        True: "thresholds met after recovery",
        False: "thresholds still failing after recovery",
        None: "no data after recovery",
    }[recovered]
    return timeline.record(
        session,
        incident_id=incident.id,
        actor=actor,
        kind=EventKind.EVIDENCE,
        now=now,
        key=True,
        body=f"Metrics from {source}: {verdict}",
        data={
            "finding": METRIC_FINDING,
            "source": source,
            "windows": report.get("windows", {}),
            "thresholds": report.get("thresholds", {}),
            "recovered": recovered,
        },
    )
