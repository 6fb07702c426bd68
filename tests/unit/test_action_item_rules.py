from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warroom.action_items import rules
from warroom.action_items.rules import ClassOfService as C
from warroom.action_items.rules import ItemType, Priority, Status
from warroom.errors import Conflict, IllegalTransition, InvalidInput

T0 = datetime(2026, 11, 22, 5, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("priority", "expected"),
    [
        (Priority.P0, T0 + timedelta(hours=24)),
        (Priority.P1, T0 + timedelta(days=7)),
        (Priority.P2, T0 + timedelta(days=30)),
    ],
)
def test_default_due_dates_follow_002(priority: Priority, expected: datetime) -> None:
    assert rules.default_due(priority, T0) == expected


def test_due_hours_table_is_configurable() -> None:
    assert rules.default_due(Priority.P0, T0, {"P0": 4}) == T0 + timedelta(hours=4)


def test_missing_due_hours_entry_names_the_setting() -> None:
    with pytest.raises(InvalidInput, match="P1") as err:
        rules.default_due(Priority.P1, T0, {"P0": 4})
    assert "action_due_hours" in err.value.hint


def test_default_due_refuses_naive_datetimes() -> None:
    with pytest.raises(ValueError, match="naive"):
        rules.default_due(Priority.P0, datetime(2026, 11, 22, 5, 0))


@pytest.mark.parametrize(
    ("item_type", "team"),
    [
        (ItemType.CODE_FIX, "Dev/fix-bugs"),
        (ItemType.TESTS, "Dev/write-tests"),
        (ItemType.INFRASTRUCTURE, "Infra/plan-infrastructure"),
        (ItemType.MONITORING, "Infra/configure-cicd"),
        (ItemType.DOCS, "Dev/sync-docs"),
        (ItemType.PROCESS, "SRE/incident-process"),
    ],
)
def test_routing_defaults_to_000s_delegation_table(item_type: ItemType, team: str) -> None:
    assert rules.route_team(item_type) == team


def test_routing_table_is_configurable_and_gaps_are_explained() -> None:
    assert rules.route_team(ItemType.MONITORING, {"monitoring": "sre"}) == "sre"
    with pytest.raises(InvalidInput, match="docs"):
        rules.route_team(ItemType.DOCS, {"monitoring": "sre"})


@pytest.mark.parametrize(
    ("priority", "severity", "fixed", "expected"),
    [
        (Priority.P0, None, False, C.EXPEDITE),
        (Priority.P0, "P4", True, C.EXPEDITE),
        (Priority.P1, "P1", False, C.EXPEDITE),
        (Priority.P2, "P2", True, C.EXPEDITE),
        (Priority.P2, "sev1", False, C.EXPEDITE),
        (Priority.P1, "P3", True, C.FIXED_DATE),
        (Priority.P2, None, True, C.FIXED_DATE),
        (Priority.P1, "P3", False, C.STANDARD),
        (Priority.P2, "P4", False, C.STANDARD),
        (Priority.P2, None, False, C.STANDARD),
    ],
)
def test_class_of_service(
    priority: Priority, severity: str | None, fixed: bool, expected: C
) -> None:
    assert (
        rules.class_of_service(priority=priority, incident_severity=severity, fixed_date=fixed)
        is expected
    )


def test_expedite_severities_are_configurable() -> None:
    cos = rules.class_of_service(
        priority=Priority.P1, incident_severity="P2", fixed_date=False, expedite_severities={"P1"}
    )
    assert cos is C.STANDARD


@pytest.mark.parametrize("cos", [C.STANDARD, C.FIXED_DATE])
def test_full_column_refuses_non_expedite_items_naming_column_and_limit(cos: C) -> None:
    with pytest.raises(Conflict) as err:
        rules.ensure_within_wip(lane="actions", column="in-progress", limit=3, occupied=3, cos=cos)
    assert "'in-progress'" in err.value.message
    assert "WIP limit of 3" in err.value.message
    assert err.value.code == "wip_limit"


@pytest.mark.parametrize(
    ("limit", "occupied", "cos"),
    [
        (3, 2, C.STANDARD),
        (None, 99, C.STANDARD),
        (3, 3, C.EXPEDITE),
        (3, 10, C.EXPEDITE),
        (0, 0, C.EXPEDITE),
    ],
)
def test_wip_allows(limit: int | None, occupied: int, cos: C) -> None:
    rules.ensure_within_wip(lane="actions", column="todo", limit=limit, occupied=occupied, cos=cos)


def test_wip_limit_lookup_ignores_done_and_unknown_columns() -> None:
    limits = {"actions": {"todo": 2, "done": 1}}
    assert rules.wip_limit(limits, "actions", "todo") == 2
    assert rules.wip_limit(limits, "actions", "done") is None
    assert rules.wip_limit(limits, "incident", "detected") is None


@pytest.mark.parametrize(
    ("current", "target", "reason"),
    [
        (Status.BACKLOG, Status.TODO, None),
        (Status.TODO, Status.IN_PROGRESS, None),
        (Status.IN_PROGRESS, Status.BLOCKED, None),
        (Status.BLOCKED, Status.DONE, None),
        (Status.BACKLOG, Status.DONE, None),
        (Status.TODO, Status.WONT_DO, "superseded by AI-007"),
        (Status.DONE, Status.TODO, None),
        (Status.WONT_DO, Status.BACKLOG, None),
    ],
)
def test_allowed_transitions(current: Status, target: Status, reason: str | None) -> None:
    rules.ensure_transition(current, target, reason=reason)


@pytest.mark.parametrize(
    ("current", "target", "reason", "error"),
    [
        (Status.TODO, Status.TODO, None, IllegalTransition),
        (Status.DONE, Status.WONT_DO, "no", IllegalTransition),
        (Status.WONT_DO, Status.DONE, None, IllegalTransition),
        (Status.TODO, Status.WONT_DO, None, InvalidInput),
        (Status.TODO, Status.WONT_DO, "   ", InvalidInput),
    ],
)
def test_refused_transitions(
    current: Status, target: Status, reason: str | None, error: type[Exception]
) -> None:
    with pytest.raises(error):
        rules.ensure_transition(current, target, reason=reason)


@pytest.mark.parametrize(
    ("status", "due", "expected"),
    [
        (Status.TODO, T0 - timedelta(seconds=1), True),
        (Status.BLOCKED, T0 - timedelta(days=3), True),
        (Status.TODO, T0, False),
        (Status.TODO, None, False),
        (Status.DONE, T0 - timedelta(days=3), False),
        (Status.WONT_DO, T0 - timedelta(days=3), False),
    ],
)
def test_overdue(status: Status, due: datetime | None, expected: bool) -> None:
    assert rules.is_overdue(status, due, T0) is expected


@pytest.mark.parametrize(
    ("done", "total", "wont", "expected"),
    [(0, 0, 0, None), (1, 2, 0, 0.5), (2, 4, 1, 2 / 3), (0, 1, 1, None), (3, 3, 0, 1.0)],
)
def test_completion_rate(done: int, total: int, wont: int, expected: float | None) -> None:
    assert rules.completion_rate(done=done, total=total, wont_do=wont) == expected


@pytest.mark.parametrize(
    ("hours", "expected"),
    [([], None), ([5], 5), ([1, 3], 2), ([1, 2, 30], 2), ([4, 1, 3, 100], 3.5)],
)
def test_median_time_to_close(hours: list[float], expected: float | None) -> None:
    result = rules.median_duration(timedelta(hours=h) for h in hours)
    assert result == (None if expected is None else timedelta(hours=expected))


def test_tally_counts_a_known_set() -> None:
    rows = [
        (Status.DONE, None, T0 - timedelta(days=5), T0 - timedelta(days=4)),
        (Status.DONE, None, T0 - timedelta(days=5), T0 - timedelta(days=2)),
        (Status.WONT_DO, None, T0 - timedelta(days=5), T0),
        (Status.TODO, T0 - timedelta(hours=1), T0 - timedelta(days=2), None),
        (Status.IN_PROGRESS, T0 + timedelta(hours=1), T0 - timedelta(days=1), None),
    ]
    tally = rules.tally(rows, T0)
    assert (tally.open, tally.done, tally.wont_do, tally.overdue, tally.total) == (2, 2, 1, 1, 5)
    assert tally.completion_rate == 0.5
    assert tally.median_time_to_close == timedelta(days=2)


@pytest.mark.parametrize(
    ("parse", "raw", "expected"),
    [
        (rules.parse_priority, " p1 ", Priority.P1),
        (rules.parse_type, "code_fix", ItemType.CODE_FIX),
        (rules.parse_status, "In Progress", Status.IN_PROGRESS),
        (rules.parse_status, "won't-do", Status.WONT_DO),
        (rules.parse_status, "open", Status.TODO),
        (rules.parse_horizon, "this sprint", rules.Horizon.THIS_SPRINT),
        (rules.parse_lane, "Post-mortem", rules.LANE_POSTMORTEM),
        (rules.parse_lane, "action-items", rules.LANE_ACTIONS),
    ],
)
def test_parsers_accept_friendly_spellings(parse: object, raw: str, expected: object) -> None:
    assert parse(raw) == expected  # type: ignore[operator]


@pytest.mark.parametrize(
    "parse",
    [
        rules.parse_priority,
        rules.parse_type,
        rules.parse_status,
        rules.parse_horizon,
        rules.parse_lane,
    ],
)
def test_parsers_refuse_unknown_values_with_a_hint(parse: object) -> None:
    with pytest.raises(InvalidInput) as err:
        parse("nonsense")  # type: ignore[operator]
    assert err.value.hint


@pytest.mark.parametrize(
    ("priority", "horizon"),
    [
        (Priority.P0, rules.Horizon.IMMEDIATE),
        (Priority.P1, rules.Horizon.THIS_SPRINT),
        (Priority.P2, rules.Horizon.ROADMAP),
    ],
)
def test_default_horizon(priority: Priority, horizon: rules.Horizon) -> None:
    assert rules.default_horizon(priority) is horizon


@given(
    st.lists(
        st.tuples(
            st.sampled_from(list(Status)),
            st.integers(min_value=-100, max_value=100),
            st.integers(min_value=0, max_value=1000),
        ),
        max_size=30,
    )
)
def test_tally_invariants(rows: list[tuple[Status, int, int]]) -> None:
    facts = [
        (status, T0 + timedelta(hours=due), T0, T0 + timedelta(hours=close))
        for status, due, close in rows
    ]
    tally = rules.tally(facts, T0)
    assert tally.total == len(rows)
    assert 0 <= tally.overdue <= tally.open
    if tally.completion_rate is not None:
        assert 0.0 <= tally.completion_rate <= 1.0
    if tally.median_time_to_close is not None:
        assert timedelta(0) <= tally.median_time_to_close <= timedelta(hours=1000)
