"""MTTx and SLA figures computed in SQL on SQLite and PostgreSQL (docs/analytics.md).

PostgreSQL: one grouped scan gives the counts, the response and RTO shares and, with the
ordered-set aggregate `percentile_disc`, each metric's nearest-rank median and p90 and its
mean; a second statement the postmortems published on time. SQLite has no percentile
function: one narrow row per incident (its group key, four verdict flags and four
durations in seconds, computed in SQL), tallied, sorted and picked at the nearest ranks
⌈p·n/100⌉ in Python; the same postmortem statement.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
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
    tuple_,
    union_all,
)
from sqlalchemy.orm import Session

from warroom.analytics.definitions import (
    NO_SERVICE,
    PERCENTILES,
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
    severity: str | None = None  # only this level
    per_severity: bool = False  # each group split by severity (compute_per_severity)
    with_total: bool = False  # plus a TOTAL group (compute_with_total; not by service)


SPLIT = "\x1f"  # between the severity and the group key when split per severity
TOTAL = "\x1e"  # the key of the whole period's group (with_total)


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


def _plain_key(session: Session, by: GroupBy) -> ColumnElement[Any]:
    if by is GroupBy.SEVERITY:
        return Incident.__table__.c.severity
    if by is GroupBy.MONTH:
        return _month(session, Incident.declared_at)
    if by is GroupBy.SERVICE:
        return func.coalesce(IncidentService.name, NO_SERVICE)
    return literal("all")


def _key(session: Session, q: StatsQuery) -> ColumnElement[Any]:
    key = _plain_key(session, q.by)
    if q.per_severity:
        return Incident.__table__.c.severity.concat(SPLIT).concat(key)
    return key


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
    key = _key(session, q)
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


def _count(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _seconds(session: Session, metric: Metric) -> ColumnElement[Any]:
    """One incident's duration for `metric` in seconds, NULL until it reached the mark."""
    end, start = _ends(metric)
    return seconds_between(session, end, start)


def _verdict_conditions(q: StatsQuery) -> list[ColumnElement[bool]]:
    """Response met, response missed, RTO met, RTO missed (docs/analytics.md)."""
    now = q.until
    due, ack = Incident.response_due_at, Incident.acknowledged_at
    rto, restored = Incident.rto_due_at, _restored()
    return [
        and_(due.is_not(None), ack.is_not(None), ack <= due),
        and_(due.is_not(None), or_(ack > due, and_(ack.is_(None), due < now))),
        and_(rto.is_not(None), restored.is_not(None), restored <= rto),
        and_(rto.is_not(None), or_(restored > rto, and_(restored.is_(None), rto < now))),
    ]


def _percentile_columns(session: Session) -> list[ColumnElement[Any]]:
    """PostgreSQL: count, mean and the nearest-rank median and p90 of each metric.

    `percentile_disc(f)` returns the first value whose rank r satisfies r/n >= f, i.e. rank
    ⌈f·n⌉: the nearest-rank method (equal to `rank_of` for 50 and 90 at every n).
    """
    columns: list[ColumnElement[Any]] = []
    for metric in Metric:
        v = _seconds(session, metric)
        columns += [
            func.count(v),
            func.avg(v),
            *(func.percentile_disc(p / 100).within_group(v) for p in PERCENTILES),
        ]
    return columns


_Verdicts = dict[str, tuple[int, Share, Share]]
_Durations = dict[str, dict[Metric, Summary]]


def _grouped(session: Session, q: StatsQuery) -> tuple[_Verdicts, _Durations]:
    """Counts, verdicts and duration figures per group, from one scan of the incidents."""
    if not _is_pg(session):
        return _picked(session, q)
    key = _key(session, q)
    counts = [func.count(), *(_count(c) for c in _verdict_conditions(q))]
    query = select(key.label("grp"), *counts, *_percentile_columns(session))
    # With the total: GROUPING SETS ((key), ()), the () row (key NULL) being every incident.
    grouping = func.grouping_sets(key, tuple_()) if q.with_total else key
    query = _scoped(session, query.select_from(Incident), q).group_by(grouping)
    verdicts: _Verdicts = {}
    durations: _Durations = {}
    for row in session.execute(query):
        grp, n, rm, rx, tm, tx = row[:6]
        if grp is None:
            if not n:  # the grand total of no incidents: no group, as without it
                continue
            grp = TOTAL
        verdicts[str(grp)] = (int(n), Share(int(rm), int(rx)), Share(int(tm), int(tx)))
        figures = row[6:]
        durations[str(grp)] = {
            metric: _summary(*figures[i * 4 : i * 4 + 4]) for i, metric in enumerate(Metric)
        }
    return verdicts, durations


def _summary(n: Any, mean: Any, median: Any, p90: Any) -> Summary:
    if not n:
        return Summary(0, None, None, None)
    return Summary(int(n), float(median), float(p90), float(mean))


def _picked(session: Session, q: StatsQuery) -> tuple[_Verdicts, _Durations]:
    """SQLite (no percentile functions): one narrow row per incident, its group key, its
    four verdicts as 0/1 and its four durations in seconds, all computed in SQL; summed,
    sorted per group and metric and picked at the nearest ranks here.
    """
    key = _key(session, q)
    flags = [case((c, 1), else_=0) for c in _verdict_conditions(q)]
    query = select(key, *flags, *(_seconds(session, m) for m in Metric)).select_from(Incident)
    tallies: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    values: dict[str, list[list[float]]] = defaultdict(lambda: [[] for _ in Metric])
    for grp, *columns in session.execute(_scoped(session, query, q)):
        for into in (str(grp), TOTAL) if q.with_total else (str(grp),):
            tally = tallies[into]
            tally[0] += 1
            for i, flag in enumerate(columns[:4], start=1):
                tally[i] += int(flag)
            lists = values[into]
            for i, v in enumerate(columns[4:]):
                if v is not None:
                    lists[i].append(float(v))
    verdicts = {
        grp: (n, Share(rm, rx), Share(tm, tx)) for grp, (n, rm, rx, tm, tx) in tallies.items()
    }
    durations = {
        grp: {metric: Summary.of(lists[i]) for i, metric in enumerate(Metric)}
        for grp, lists in values.items()
    }
    return verdicts, durations


def _postmortems(session: Session, q: StatsQuery) -> dict[str, Share]:
    key = _key(session, q)
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
    shares = {str(grp): Share(int(met), int(missed)) for grp, met, missed in rows}
    if q.with_total:  # each incident is in one group (never with_total by service)
        shares[TOTAL] = Share(
            sum(s.met for s in shares.values()), sum(s.missed for s in shares.values())
        )
    return shares


def compute_stats(session: Session, q: StatsQuery) -> list[GroupStats]:
    """One row per group, sorted by its key (months oldest first)."""
    verdicts, durations = _grouped(session, q)
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


def compute_with_total(
    session: Session, q: StatsQuery
) -> tuple[list[GroupStats], list[GroupStats]]:
    """(the groups, the `Total` row as `GroupBy.ALL` gives it), by severity or month from
    the same statements; by service (an incident in several groups) a second computation."""
    if q.by is GroupBy.ALL:
        groups = compute_stats(session, q)
        return groups, groups
    if q.by is GroupBy.SERVICE or q.per_severity:
        total = compute_stats(session, replace(q, by=GroupBy.ALL, per_severity=False))
        return compute_stats(session, q), total
    both = compute_stats(session, replace(q, with_total=True))
    groups = [g for g in both if g.key != TOTAL]
    return groups, [replace(g, key="all") for g in both if g.key == TOTAL]


def compute_per_severity(session: Session, q: StatsQuery) -> dict[str, list[GroupStats]]:
    """`compute_stats` for every severity at once (the insights page's MTTR series), in the
    same statements as one call: severity -> its groups, sorted by key."""
    out: dict[str, list[GroupStats]] = defaultdict(list)
    for group in compute_stats(session, replace(q, per_severity=True, severity=None)):
        level, _, key = group.key.partition(SPLIT)
        out[level].append(replace(group, key=key))
    return dict(out)


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
