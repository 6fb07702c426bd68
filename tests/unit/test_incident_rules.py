from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from warroom.errors import IllegalTransition
from warroom.incidents import rules
from warroom.incidents.rules import SlaVerdict, State, Timestamps

T0 = datetime(2026, 11, 22, 5, 0, tzinfo=UTC)
m = timedelta(minutes=1)

LEGAL = [
    (State.DETECTED, State.ACKNOWLEDGED, [State.ACKNOWLEDGED]),
    (State.ACKNOWLEDGED, State.INVESTIGATING, [State.INVESTIGATING]),
    (State.INVESTIGATING, State.MITIGATED, [State.MITIGATED]),
    (State.MITIGATED, State.RESOLVED, [State.RESOLVED]),
    (State.RESOLVED, State.CLOSED, [State.CLOSED]),
    (State.DETECTED, State.RESOLVED,
     [State.ACKNOWLEDGED, State.INVESTIGATING, State.MITIGATED, State.RESOLVED]),
    (State.ACKNOWLEDGED, State.MITIGATED, [State.INVESTIGATING, State.MITIGATED]),
]  # fmt: skip

ILLEGAL = [
    (State.DETECTED, State.DETECTED),
    (State.INVESTIGATING, State.ACKNOWLEDGED),
    (State.RESOLVED, State.MITIGATED),
    (State.DETECTED, State.CLOSED),
    (State.MITIGATED, State.CLOSED),
    (State.CLOSED, State.RESOLVED),
    (State.CLOSED, State.CLOSED),
]


@pytest.mark.parametrize(("current", "target", "entered"), LEGAL)
def test_forward_moves_enter_every_skipped_state(
    current: State, target: State, entered: list[State]
) -> None:
    assert rules.plan_transition(current, target) == entered


@pytest.mark.parametrize(("current", "target"), ILLEGAL)
def test_illegal_moves_are_refused_with_a_hint(current: State, target: State) -> None:
    with pytest.raises(IllegalTransition) as error:
        rules.plan_transition(current, target)
    assert error.value.hint


@pytest.mark.parametrize("state", [State.DETECTED, State.MITIGATED])
def test_only_resolved_or_closed_incidents_reopen(state: State) -> None:
    with pytest.raises(IllegalTransition):
        rules.ensure_reopenable(state)
    rules.ensure_reopenable(State.RESOLVED)
    rules.ensure_reopenable(State.CLOSED)


def test_recovery_window_counts_down_from_resolve() -> None:
    window = timedelta(minutes=30)
    assert rules.recovery_remaining(T0, T0 + 10 * m, window) == 20 * m
    assert rules.recovery_remaining(T0, T0 + 30 * m, window) == timedelta(0)
    assert rules.recovery_remaining(T0, T0 + 90 * m, window) == timedelta(0)


def test_durations_match_the_004_outage() -> None:
    # 004: started 14:15 deploy... alarm 14:32, ack 14:35, rollback done 14:47, recovered 14:57.
    start = datetime(2024, 1, 15, 14, 32, tzinfo=UTC)
    ts = Timestamps(
        started_at=start - 2 * m,
        detected_at=start,
        acknowledged_at=start + 3 * m,
        mitigated_at=start + 15 * m,
        resolved_at=start + 25 * m,
    )
    d = rules.durations(ts)
    assert (d.ttd, d.tta, d.ttm, d.ttr) == (2 * m, 3 * m, 15 * m, 25 * m)
    assert d.downtime == 17 * m  # from start until mitigation restored service


def test_durations_are_unknown_until_they_happen() -> None:
    d = rules.durations(Timestamps(T0, T0, None, None, None))
    assert (d.tta, d.ttm, d.ttr, d.downtime) == (None, None, None, None)


@pytest.mark.parametrize(
    ("done", "now", "verdict"),
    [
        (T0 + 10 * m, T0 + 60 * m, SlaVerdict.MET),
        (T0 + 15 * m, T0 + 60 * m, SlaVerdict.MET),
        (T0 + 16 * m, T0 + 60 * m, SlaVerdict.BREACHED),
        (None, T0 + 14 * m, SlaVerdict.PENDING),
        (None, T0 + 16 * m, SlaVerdict.BREACHED),
    ],
)
def test_sla_verdicts(done: datetime | None, now: datetime, verdict: SlaVerdict) -> None:
    assert rules.sla_verdict(T0 + 15 * m, done, now) is verdict


def test_no_deadline_means_no_target() -> None:
    assert rules.sla_verdict(None, None, T0) is SlaVerdict.NO_TARGET


@pytest.mark.parametrize(
    ("severity", "state", "last", "expected"),
    [
        ("P1", State.INVESTIGATING, None, T0 + 5 * m),
        ("P1", State.INVESTIGATING, T0 + 7 * m, T0 + 12 * m),
        ("P2", State.ACKNOWLEDGED, None, T0 + 15 * m),
        ("P3", State.INVESTIGATING, None, None),
        ("P1", State.RESOLVED, None, None),
    ],
)
def test_update_cadence_of_003(
    severity: str, state: State, last: datetime | None, expected: datetime | None
) -> None:
    cadence = {"P1": 5, "P2": 15}
    assert rules.next_update_due(state, severity, cadence, last, T0) == expected
