"""Prometheus metrics read from the database at scrape time (docs/analytics.md).

A custom collector: every scrape runs a few grouped queries, so each process serving
`/metrics` reports the same numbers (the database is the one source), and nothing is
kept in process memory between scrapes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import datetime

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from warroom.alerts.models import Delivery as AlertDelivery
from warroom.analytics.definitions import GroupBy
from warroom.analytics.stats import StatsQuery, compute_stats, duration_histogram
from warroom.incidents.models import Incident
from warroom.jobs.models import UNFINISHED, Job
from warroom.notifications.models import Delivery as NotifyDelivery
from warroom.notifications.models import DeliveryAttempt

# Seconds: 1 min … 1 week, spanning P1 responses (15 min) to P4 fixes (next release).
BUCKETS = (
    60.0,
    300.0,
    900.0,
    1800.0,
    3600.0,
    7200.0,
    14400.0,
    43200.0,
    86400.0,
    259200.0,
    604800.0,
)

Sessions = Callable[[], AbstractContextManager[Session]]


class WarroomCollector(Collector):
    def __init__(self, sessions: Sessions, now: Callable[[], datetime]) -> None:
        self._sessions = sessions
        self._now = now

    def collect(self) -> Iterator[Metric]:
        now = self._now()
        with self._sessions() as session:
            yield _incidents(session)
            yield _durations(session, now)
            yield from _sla(session, now)
            yield _alert_deliveries(session)
            yield from _jobs(session, now)
            yield _attempts(session)


def _incidents(session: Session) -> Metric:
    family = GaugeMetricFamily(
        "warroom_incidents",
        "Incidents by state and severity (drills included).",
        labels=["state", "severity"],
    )
    rows = session.execute(
        select(Incident.state, Incident.severity, func.count()).group_by(
            Incident.state, Incident.severity
        )
    )
    for state, severity, n in rows:
        family.add_metric([state, severity], int(n))
    return family


def _durations(session: Session, now: datetime) -> Metric:
    family = HistogramMetricFamily(
        "warroom_incident_duration_seconds",
        "MTTD/MTTA/MTTM/MTTR of every incident that reached the mark (drills left out).",
        labels=["metric", "severity"],
    )
    figures = duration_histogram(session, StatsQuery(None, now, GroupBy.SEVERITY), BUCKETS)
    for (severity, metric), (counts, total, n) in sorted(figures.items()):
        buckets = [(_le(b), c) for b, c in zip(BUCKETS, counts, strict=True)]
        buckets.append(("+Inf", n))
        family.add_metric([metric, severity], buckets, total)
    return family


def _le(bound: float) -> str:
    return str(int(bound)) if bound.is_integer() else str(bound)


def _sla(session: Session, now: datetime) -> Iterator[Metric]:
    missed = GaugeMetricFamily(
        "warroom_sla_missed_incidents",
        "Incidents that missed their response or RTO target (drills left out).",
        labels=["target", "severity"],
    )
    met = GaugeMetricFamily(
        "warroom_sla_met_incidents",
        "Incidents that met their response or RTO target (drills left out).",
        labels=["target", "severity"],
    )
    for group in compute_stats(session, StatsQuery(None, now, GroupBy.SEVERITY)):
        for target, share in (("response", group.response), ("rto", group.rto)):
            missed.add_metric([target, group.key], share.missed)
            met.add_metric([target, group.key], share.met)
    yield missed
    yield met


def _alert_deliveries(session: Session) -> Metric:
    family = GaugeMetricFamily(
        "warroom_alert_deliveries",
        "Alert deliveries by status (pending, applied, unchanged, rejected, failed).",
        labels=["status"],
    )
    rows = session.execute(
        select(AlertDelivery.status, func.count()).group_by(AlertDelivery.status)
    )
    for status, n in rows:
        family.add_metric([status], int(n))
    return family


def _jobs(session: Session, now: datetime) -> Iterator[Metric]:
    depth = GaugeMetricFamily(
        "warroom_jobs_unfinished",
        "Jobs queued, running or waiting to retry, by kind.",
        labels=["kind", "status"],
    )
    age = GaugeMetricFamily(
        "warroom_jobs_oldest_due_age_seconds",
        "How long the oldest unfinished job has been due (0 when none is late).",
        labels=["kind"],
    )
    unfinished = [s.value for s in UNFINISHED]
    rows = session.execute(
        select(Job.kind, Job.status, func.count(), func.min(Job.run_at))
        .where(Job.status.in_(unfinished))
        .group_by(Job.kind, Job.status)
    ).all()
    oldest: dict[str, datetime] = {}
    for kind, status, n, first in rows:
        depth.add_metric([kind, status], int(n))
        if first is not None:  # min() keeps the column's type: aware UTC
            oldest[kind] = min(first, oldest.get(kind, first))
    for kind, first in sorted(oldest.items()):
        age.add_metric([kind], max(0.0, (now - first).total_seconds()))
    yield depth
    yield age


def _attempts(session: Session) -> Metric:
    family = GaugeMetricFamily(
        "warroom_notification_attempts",
        "Attempts to send a page or message, by channel and outcome.",
        labels=["channel", "status"],
    )
    rows = session.execute(
        select(NotifyDelivery.channel, DeliveryAttempt.status, func.count())
        .join(NotifyDelivery, NotifyDelivery.id == DeliveryAttempt.delivery_id)
        .group_by(NotifyDelivery.channel, DeliveryAttempt.status)
    )
    for channel, status, n in rows:
        family.add_metric([channel, status], int(n))
    return family


def exposition(sessions: Sessions, now: Callable[[], datetime]) -> bytes:
    """The text format for one scrape; a fresh registry, so nothing is shared."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(WarroomCollector(sessions, now))
    return generate_latest(registry)
