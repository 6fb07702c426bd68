"""`compute_stats` in SQL equals a brute-force computation over the same incidents."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from warroom.analytics.definitions import (
    GroupBy,
    GroupStats,
    Metric,
    Share,
    Summary,
    percentile,
    rank_of,
)
from warroom.analytics.stats import (
    StatsQuery,
    compute_per_severity,
    compute_stats,
    compute_with_total,
)
from warroom.incidents.models import Incident
from warroom.postmortems.models import Postmortem

NOW = datetime(2026, 11, 22, 5, 0, tzinfo=UTC)
SEVERITIES = ("P1", "P2", "P3", "P4")
SERVICES = ("checkout", "결제", "search")

minutes = st.integers(min_value=0, max_value=600)
maybe = st.one_of(st.none(), minutes)

incident = st.fixed_dictionaries(
    {
        "severity": st.sampled_from(SEVERITIES),
        "services": st.lists(st.sampled_from(SERVICES), max_size=2, unique=True),
        "declared_days_ago": st.integers(min_value=0, max_value=200),
        "ttd": minutes,
        "tta": maybe,
        "ttm": maybe,
        "ttr": maybe,
        "response": st.one_of(st.none(), minutes),
        "rto": st.one_of(st.none(), minutes),
        "drill": st.booleans(),
        "seconds": st.integers(min_value=0, max_value=59),
    }
)


def _store(session: Session, number: int, spec: dict[str, object]) -> Incident:
    declared = NOW - timedelta(days=int(spec["declared_days_ago"]), seconds=int(spec["seconds"]))  # type: ignore[call-overload]
    detected = declared
    started = detected - timedelta(minutes=int(spec["ttd"]))  # type: ignore[call-overload]

    def after(key: str) -> datetime | None:
        value = spec[key]
        return None if value is None else detected + timedelta(minutes=int(value))  # type: ignore[call-overload]

    row = Incident(
        id=f"INC-T-{number:04d}",
        title=f"incident {number}",
        summary="",
        state="detected",
        severity=spec["severity"],
        detection_source="manual",
        is_drill=spec["drill"],
        declared_by="alice",
        started_at=started,
        detected_at=detected,
        declared_at=declared,
        acknowledged_at=after("tta"),
        mitigated_at=after("ttm"),
        resolved_at=after("ttr"),
        response_due_at=after("response"),
        rto_due_at=after("rto"),
        updated_at=declared,
    )
    row.services = list(spec["services"])  # type: ignore[call-overload]
    session.add(row)
    return row


def _brute(
    rows: list[Incident], by: GroupBy, since: datetime, drills: bool
) -> dict[str, tuple[int, dict[Metric, Summary], Share, Share]]:
    groups: dict[str, list[Incident]] = defaultdict(list)
    for r in rows:
        if r.declared_at < since or (r.is_drill and not drills):
            continue
        if by is GroupBy.SEVERITY:
            groups[r.severity].append(r)
        elif by is GroupBy.MONTH:
            groups[r.declared_at.strftime("%Y-%m")].append(r)
        elif by is GroupBy.SERVICE:
            for name in r.services or ["-"]:
                groups[name].append(r)
        else:
            groups["all"].append(r)
    out = {}
    for key, members in groups.items():
        summaries = {}
        for metric, (end, start) in {
            Metric.MTTD: ("detected_at", "started_at"),
            Metric.MTTA: ("acknowledged_at", "detected_at"),
            Metric.MTTM: ("mitigated_at", "detected_at"),
            Metric.MTTR: ("resolved_at", "detected_at"),
        }.items():
            values = [
                (getattr(r, end) - getattr(r, start)).total_seconds()
                for r in members
                if getattr(r, end) is not None
            ]
            summaries[metric] = Summary.of(values)
        rm = sum(
            1
            for r in members
            if r.response_due_at and r.acknowledged_at and r.acknowledged_at <= r.response_due_at
        )
        rx = sum(
            1
            for r in members
            if r.response_due_at
            and (
                (r.acknowledged_at and r.acknowledged_at > r.response_due_at)
                or (r.acknowledged_at is None and r.response_due_at < NOW)
            )
        )
        tm = tx = 0
        for r in members:
            marks = [m for m in (r.mitigated_at, r.resolved_at) if m is not None]
            restored = min(marks) if marks else None
            if r.rto_due_at is None:
                continue
            if restored is not None and restored <= r.rto_due_at:
                tm += 1
            elif (restored is not None and restored > r.rto_due_at) or r.rto_due_at < NOW:
                tx += 1
        out[key] = (len(members), summaries, Share(rm, rx), Share(tm, tx))
    return out


def _rounded(group: GroupStats) -> GroupStats:
    """Means to the millisecond: SQL `avg` and Python `fsum` may differ in the last bits."""
    durations = {
        m: replace(s, mean=None if s.mean is None else round(s.mean, 3))
        for m, s in group.durations.items()
    }
    return replace(group, durations=durations)


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, abs_tol=0.01)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    specs=st.lists(incident, max_size=25),
    by=st.sampled_from(list(GroupBy)),
    drills=st.booleans(),
)
def test_sql_figures_match_brute_force(
    session: Session, specs: list[dict[str, object]], by: GroupBy, drills: bool
) -> None:
    savepoint = session.begin_nested()
    try:
        rows = [_store(session, n, spec) for n, spec in enumerate(specs)]
        session.flush()
        since = NOW - timedelta(days=90)
        got = {g.key: g for g in compute_stats(session, StatsQuery(since, NOW, by, drills))}
        expected = _brute(rows, by, since, drills)
        assert set(got) == set(expected)
        for key, (count, summaries, response, rto) in expected.items():
            g = got[key]
            assert g.count == count
            assert g.response == response
            assert g.rto == rto
            for metric, want in summaries.items():
                have = g.durations[metric]
                assert have.n == want.n, (key, metric)
                assert _close(have.median, want.median), (key, metric, have, want)
                assert _close(have.p90, want.p90), (key, metric, have, want)
                assert _close(have.mean, want.mean), (key, metric, have, want)
        # The groups and the Total row from one computation equal two separate ones.
        groups, total = compute_with_total(session, StatsQuery(since, NOW, by, drills))
        assert groups == list(got.values())
        alone = compute_stats(session, StatsQuery(since, NOW, GroupBy.ALL, drills))
        assert [_rounded(g) for g in total] == [_rounded(g) for g in alone]
    finally:
        savepoint.rollback()


@pytest.mark.parametrize(
    ("percent", "n", "rank"),
    [(50, 1, 1), (50, 2, 1), (50, 3, 2), (50, 4, 2), (90, 10, 9), (90, 11, 10), (90, 1, 1)],
)
def test_nearest_rank(percent: int, n: int, rank: int) -> None:
    assert rank_of(percent, n) == rank


def test_percentile_picks_a_stored_value() -> None:
    assert percentile([30.0, 10.0, 20.0, 40.0], 50) == 20.0
    assert percentile([30.0, 10.0, 20.0, 40.0], 90) == 40.0
    assert percentile([], 50) is None


def test_published_postmortems_count_on_time_or_late(session: Session) -> None:
    on_time = _store(session, 1, _spec("P1"))
    late = _store(session, 2, _spec("P1"))
    pending = _store(session, 3, _spec("P2"))
    session.flush()
    due = NOW - timedelta(days=1)
    for row, published in (
        (on_time, due - timedelta(hours=1)),
        (late, due + timedelta(hours=1)),
        (pending, None),
    ):
        session.add(
            Postmortem(
                incident_id=row.id,
                title="pm",
                template="default",
                lang="en",
                status="published" if published else "draft",
                document={},
                revision=1,
                content_hash="x",
                path=f"{row.id}.md",
                author="alice",
                reviewers=[],
                signoffs=[],
                draft_due_at=due,
                review_due_at=due,
                created_at=due,
                updated_at=due,
                published_at=published,
            )
        )
    session.flush()
    groups = {
        g.key: g for g in compute_stats(session, StatsQuery(None, NOW, GroupBy.SEVERITY, False))
    }
    assert groups["P1"].postmortem_on_time == Share(1, 1)
    assert groups["P2"].postmortem_on_time == Share(0, 1)


def _spec(severity: str) -> dict[str, object]:
    return {
        "severity": severity,
        "services": [],
        "declared_days_ago": 3,
        "ttd": 1,
        "tta": 2,
        "ttm": 3,
        "ttr": 4,
        "response": 15,
        "rto": 60,
        "drill": False,
        "seconds": 0,
    }


def test_per_severity_split_matches_one_call_per_level(session: Session) -> None:
    """The insights page's MTTR series (one computation for all levels) equals one
    `compute_stats` call per severity."""
    specs = [
        {**_spec(level), "declared_days_ago": days, "ttr": ttr, "services": ["checkout"]}
        for level, days, ttr in (
            ("P1", 3, 10),
            ("P1", 40, 50),
            ("P1", 41, 20),
            ("P2", 3, 90),
            ("P2", 70, 5),
            ("P3", 10, None),
        )
    ]
    for n, spec in enumerate(specs):
        _store(session, n, spec)
    session.flush()
    since = NOW - timedelta(days=90)
    split = compute_per_severity(session, StatsQuery(since, NOW, GroupBy.MONTH))
    assert set(split) == {"P1", "P2", "P3"}
    for level, groups in split.items():
        alone = compute_stats(session, StatsQuery(since, NOW, GroupBy.MONTH, severity=level))
        assert groups == alone
    # October: 50 and 20 minutes (the lower middle value); November: 10 minutes.
    medians = [g.durations[Metric.MTTR].median for g in split["P1"]]
    assert medians == pytest.approx([1200.0, 600.0], abs=0.01)
