"""Pure escalation rules as tables: targets, the default matrix, channel order, retries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from warroom.errors import InvalidInput
from warroom.notifications import rules


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("oncall:primary", rules.Target("oncall", "", "primary")),
        ("oncall:payments:secondary", rules.Target("oncall", "payments", "secondary")),
        ("person:Jane", rules.Target("person", "jane")),
        ("role:tech_lead", rules.Target("role", "tech_lead")),
        ("team:team-leads", rules.Target("team", "team-leads")),
        ("channel:incidents", rules.Target("channel", "incidents")),
        ("external:*", rules.Target("external", "*")),
        ("external:AWS", rules.Target("external", "AWS")),
    ],
)
def test_targets_are_read_and_written_back(text: str, expected: rules.Target) -> None:
    target = rules.parse_target(text)
    assert target == expected
    assert rules.parse_target(str(target)) == target


@pytest.mark.parametrize("text", ["boss", "pager:jane", "person:", "oncall"])
def test_unknown_targets_are_refused_with_a_hint(text: str) -> None:
    with pytest.raises(InvalidInput) as error:
        rules.parse_target(text)
    assert "oncall:primary" in error.value.hint


def test_the_default_matrix_is_003_section_7_1() -> None:
    rows = {
        level: rules.matrix_row(rules.parse_steps(spec["steps"]))
        for level, spec in rules.DEFAULT_POLICIES.items()
    }
    assert rows["P1"][0] == ["oncall:primary", "role:tech_lead"]
    assert rows["P1"][1] == ["oncall:secondary", "role:incident_commander", "team:team-leads"]
    assert rows["P1"][2] == ["team:leadership"]
    assert rows["P1"][4] == ["external:*"]
    assert rows["P2"][1] == ["role:tech_lead"]
    assert rows["P3"][1] == []  # 15–30 min: "-"
    assert rows["P4"] == [[], [], [], [], []]  # backlog only


@pytest.mark.parametrize(
    ("minutes", "column"),
    [(0, 0), (14, 0), (15, 1), (29, 1), (30, 2), (60, 3), (119, 3), (120, 4), (600, 4)],
)
def test_steps_fall_in_the_matrix_columns(minutes: int, column: int) -> None:
    assert rules.bucket_of(minutes) == column


def test_steps_must_be_in_time_order_and_name_a_target() -> None:
    with pytest.raises(InvalidInput):
        rules.parse_steps([{"at": 15, "targets": ["person:a"]}, {"at": 0, "targets": ["person:b"]}])
    with pytest.raises(InvalidInput):
        rules.parse_steps([{"at": 0, "targets": []}])


def test_repeats_follow_the_last_step_plus_the_pause() -> None:
    steps = rules.parse_steps(
        [{"at": 0, "targets": ["person:a"]}, {"at": 15, "targets": ["person:b"]}]
    )
    cycle = rules.cycle_minutes(steps, 30)
    start = datetime(2026, 11, 22, tzinfo=UTC)
    assert cycle == 45
    assert rules.step_due(start, steps[1], 1, cycle) == start + timedelta(minutes=60)


def test_without_rules_methods_follow_channel_order_with_phone_and_sms_later() -> None:
    plan = rules.default_methods(
        [(1, "sms"), (2, "email"), (3, "ntfy"), (4, "voice"), (5, "slack")]
    )
    assert plan == [(3, 0), (5, 0), (4, 5), (2, 0), (1, 5)]


@pytest.mark.parametrize(
    ("attempt", "retry_after", "seconds"),
    [
        (1, None, 5),
        (2, None, 10),
        (3, None, 20),
        (8, None, 600),
        (1, 120.0, 120),
        (4, 7.0, 40),
        (1, 99999.0, 3600),
    ],
)
def test_retry_delays(attempt: int, retry_after: float | None, seconds: float) -> None:
    assert rules.retry_delay(attempt, retry_after) == timedelta(seconds=seconds)


def test_long_keys_are_hashed_to_fit() -> None:
    key = rules.delivery_key("INC-20261122-001", "x" * 300)
    assert len(key) <= 200 and key != rules.delivery_key("INC-20261122-001", "y" * 300)


@pytest.mark.parametrize(
    ("kind", "address", "ok"),
    [
        ("email", "jane@example.com", True),
        ("email", "jane", False),
        ("sms", "+821012345678", True),
        ("sms", "010-1234-5678", False),
        ("voice", "+15005550006", True),
        ("slack", "U024BE7LH", True),
        ("pager", "x", False),
    ],
)
def test_addresses_are_checked_by_kind(kind: str, address: str, ok: bool) -> None:
    if ok:
        assert rules.validate_address(kind, address) == address
    else:
        with pytest.raises(InvalidInput):
            rules.validate_address(kind, address)


def test_codes_are_compared_by_hash() -> None:
    stored = rules.hash_code(7, "123456")
    assert rules.code_matches(7, " 123456 ", stored)
    assert not rules.code_matches(8, "123456", stored)
    assert not rules.code_matches(7, "123456", None)
