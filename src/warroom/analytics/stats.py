"""MTTx and SLA figures computed in SQL on SQLite and PostgreSQL (docs/analytics.md).

Three grouped statements, never a row per incident in Python: the durations with
window functions (row_number, count and avg over each group and metric), picked at the
nearest ranks ⌈p·n⌉; the response and RTO shares; the postmortems published on time.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from warroom.analytics.definitions import (
    NO_SERVICE,
    GroupBy,
    GroupStats,
    Metric,
    Share,
    Summary,
)
from warroom.incidents.models import Incident, IncidentService
from warroom.postmortems.models import Postmortem


@dataclass(frozen=True, slots=True)
class StatsQuery:
    since: datetime | None
    until: datetime
    by: GroupBy = GroupBy.SEVERITY
    include_drills: bool = False
    severity: str | None = None  # only this level (the insights page's series)


def _is_pg(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def seconds_between(session: Session, later: Any, earlier: Any) -> ColumnElement[Any]:
    """Seconds from `earlier` to `later`, as a floating-point SQL expression."""
    if _is_pg(session):
        return func.extract("epoch", later - earlier)
    return (func.julianday(later) - func.julianday(earlier)) * 86400.0


def _month(session: Session, column: Any) -> ColumnElement[Any]:
    """The UTC calendar month, YYYY-MM (stored times are UTC on both databases)."""
    if _is_pg(session):
        return func.to_char(func.timezone("UTC", column), "YYYY-MM")
    return func.strftime("%Y-%m", column)


def _key(session: Session, by: GroupBy) -> ColumnElement[Any]:
    if by is GroupBy.SEVERITY:
        return Incident.__table__.c.severity
    if by is GroupBy.MONTH:
        return _month(session, Incident.declared_at)
    if by is GroupBy.SERVICE:
        return func.coalesce(IncidentService.name, NO_SERVICE)
    return literal("all")


def _scoped(session: Session, query: Select[Any], q: StatsQuery) -> Select[Any]:
    if q.by is GroupBy.SERVICE:
        query = query.outerjoin(IncidentService, IncidentService.incident_id == Incident.id)
    query = query.where(Incident.declared_at <= q.until)
    if q.since is not None:
        query = query.where(Incident.declared_at >= q.since)
    if not q.include_drills:
        query = query.where(Incident.is_drill.is_(False))
    if q.severity is not None:
        query = query.where(Incident.severity == q.severity)
    return query


def _restored() -> ColumnElement[Any]:
    """Mitigation, or resolution when nothing was mitigated (the earlier of the two)."""
    mit, res = Incident.mitigated_at, Incident.resolved_at
    return case(
        (mit.is_(None), res),
        (res.is_(None), mit),
        (mit <= res, mit),
        else_=res,
    )


def _ends(metric: Metric) -> tuple[Any, Any]:
    """(end, start) of one duration, as `incidents.rules.durations` defines it."""
    return {
        Metric.MTTD: (Incident.detected_at, Incident.started_at),
        Metric.MTTA: (Incident.acknowledged_at, Incident.detected_at),
        Metric.MTTM: (Incident.mitigated_at, Incident.detected_at),
        Metric.MTTR: (Incident.resolved_at, Incident.detected_at),
    }[metric]


def duration_values(session: Session, q: StatsQuery) -> Any:
    """A subquery of (grp, metric, v): one row per incident and metric it has reached."""
    key = _key(session, q.by)
    parts = []
    for metric in Metric:
        end, start = _ends(metric)
        part: Select[Any] = select(
            key.label("grp"),
            literal(metric.value).label("metric"),
            seconds_between(session, end, start).label("v"),
        ).select_from(Incident)
        parts.append(_scoped(session, part, q).where(end.is_not(None)))
    return union_all(*parts).subquery("v")


def _durations(session: Session, q: StatsQuery) -> dict[str, dict[Metric, Summary]]:
    values = duration_values(session, q)
    window = (values.c.grp, values.c.metric)
    ranked = select(
        values.c.grp,
        values.c.metric,
        values.c.v,
        func.row_number().over(partition_by=window, order_by=values.c.v).label("rn"),
        func.count().over(partition_by=window).label("n"),
        func.avg(values.c.v).over(partition_by=window).label("mean"),
    ).subquery("r")
    # Nearest rank ⌈p·n/100⌉ in integer arithmetic, identical on both databases.
    median_rank = (ranked.c.n * 50 + 99) // 100
    p90_rank = (ranked.c.n * 90 + 99) // 100
    rows = session.execute(
        select(
            ranked.c.grp,
            ranked.c.metric,
            ranked.c.n,
            ranked.c.mean,
            ranked.c.v,
            ranked.c.rn == median_rank,
            ranked.c.rn == p90_rank,
        ).where(or_(ranked.c.rn == median_rank, ranked.c.rn == p90_rank))
    ).all()
    picked: dict[tuple[str, str], dict[str, Any]] = defaultdict(dict)
    for grp, metric, n, mean, v, is_median, is_p90 in rows:
        slot = picked[(str(grp), str(metric))]
        slot["n"], slot["mean"] = int(n), float(mean)
        if is_median:
            slot["median"] = float(v)
        if is_p90:
            slot["p90"] = float(v)
    out: dict[str, dict[Metric, Summary]] = defaultdict(dict)
    for (grp, name), slot in picked.items():
        out[grp][Metric(name)] = Summary(slot["n"], slot["median"], slot["p90"], slot["mean"])
    return out


def _count(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _verdicts(session: Session, q: StatsQuery) -> dict[str, tuple[int, Share, Share]]:
    key = _key(session, q.by)
    now = q.until
    due, ack = Incident.response_due_at, Incident.acknowledged_at
    rto, restored = Incident.rto_due_at, _restored()
    query = select(
        key.label("grp"),
        func.count(),
        _count(and_(due.is_not(None), ack.is_not(None), ack <= due)),
        _count(and_(due.is_not(None), or_(ack > due, and_(ack.is_(None), due < now)))),
        _count(and_(rto.is_not(None), restored.is_not(None), restored <= rto)),
        _count(and_(rto.is_not(None), or_(restored > rto, and_(restored.is_(None), rto < now)))),
    ).select_from(Incident)
    rows = session.execute(_scoped(session, query, q).group_by(key)).all()
    return {
        str(grp): (int(n), Share(int(rm), int(rx)), Share(int(tm), int(tx)))
        for grp, n, rm, rx, tm, tx in rows
    }


def _postmortems(session: Session, q: StatsQuery) -> dict[str, Share]:
    key = _key(session, q.by)
    published, due = Postmortem.published_at, Postmortem.review_due_at
    query = (
        select(
            key.label("grp"),
            _count(and_(published.is_not(None), published <= due)),
            _count(or_(published > due, and_(published.is_(None), due < q.until))),
        )
        .select_from(Incident)
        .join(Postmortem, Postmortem.incident_id == Incident.id)
    )
    rows = session.execute(_scoped(session, query, q).group_by(key)).all()
    return {str(grp): Share(int(met), int(missed)) for grp, met, missed in rows}


def compute_stats(session: Session, q: StatsQuery) -> list[GroupStats]:
    """One row per group, sorted by its key (months oldest first)."""
    verdicts = _verdicts(session, q)
    durations = _durations(session, q)
    postmortems = _postmortems(session, q)
    empty = Summary(0, None, None, None)
    groups = []
    for grp in sorted(verdicts):
        n, response, rto = verdicts[grp]
        found = durations.get(grp, {})
        groups.append(
            GroupStats(
                key=grp,
                count=n,
                durations={m: found.get(m, empty) for m in Metric},
                response=response,
                rto=rto,
                postmortem_on_time=postmortems.get(grp, Share(0, 0)),
            )
        )
    return groups


def duration_histogram(
    session: Session, q: StatsQuery, buckets: tuple[float, ...]
) -> dict[tuple[str, str], tuple[list[int], float, int]]:
    """(group, metric) -> (cumulative counts per bucket upper bound, sum, count), in SQL."""
    values = duration_values(session, q)
    columns = [_count(values.c.v <= bound) for bound in buckets]
    rows = session.execute(
        select(
            values.c.grp,
            values.c.metric,
            func.count(),
            func.coalesce(func.sum(values.c.v), 0.0),
            *columns,
        ).group_by(values.c.grp, values.c.metric)
    ).all()
    return {
        (str(row[0]), str(row[1])): ([int(c) for c in row[4:]], float(row[3]), int(row[2]))
        for row in rows
    }
