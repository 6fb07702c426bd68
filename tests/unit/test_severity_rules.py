from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from warroom.errors import InvalidInput
from warroom.severity import rules
from warroom.severity.rules import BusinessImpact as B
from warroom.severity.rules import SeverityPolicy, Target
from warroom.severity.rules import UserImpact as U

# Seed 003 §2.2, cell by cell.
MATRIX = [
    (U.VERY_FEW, B.REVENUE, "P3"), (U.SOME, B.REVENUE, "P2"),
    (U.MANY, B.REVENUE, "P1"), (U.ALL, B.REVENUE, "P1"),
    (U.VERY_FEW, B.WORK, "P4"), (U.SOME, B.WORK, "P3"),
    (U.MANY, B.WORK, "P2"), (U.ALL, B.WORK, "P1"),
    (U.VERY_FEW, B.INCONVENIENCE, "P4"), (U.SOME, B.INCONVENIENCE, "P4"),
    (U.MANY, B.INCONVENIENCE, "P3"), (U.ALL, B.INCONVENIENCE, "P2"),
]  # fmt: skip


@pytest.mark.parametrize(("users", "business", "expected"), MATRIX)
def test_matrix_suggests_the_seed_severity(users: U, business: B, expected: str) -> None:
    assert rules.suggest(users, business) == expected


@pytest.mark.parametrize(
    ("raw", "level"),
    [("P1", "P1"), ("p2", "P2"), ("SEV1", "P1"), ("sev3", "P3"), (" P4 ", "P4")],
)
def test_levels_accept_p_and_sev_names(raw: str, level: str) -> None:
    assert rules.parse_level(raw) == level


@pytest.mark.parametrize("raw", ["P0", "P5", "SEV", "critical", ""])
def test_unknown_levels_are_refused_with_a_hint(raw: str) -> None:
    with pytest.raises(InvalidInput) as error:
        rules.parse_level(raw)
    assert "P1" in error.value.hint


@pytest.mark.parametrize(
    ("raw", "expected"), [("many", U.MANY), ("very-few", U.VERY_FEW), ("전체", U.ALL)]
)
def test_user_impact_accepts_english_and_korean(raw: str, expected: U) -> None:
    assert rules.parse_user_impact(raw) is expected


def test_default_targets_follow_003() -> None:
    policy = SeverityPolicy()
    assert [policy.response_target(level) for level in rules.LEVELS] == [
        15,
        30,
        120,
        Target.NEXT_BUSINESS_DAY,
    ]
    assert [policy.rto_target(level) for level in rules.LEVELS] == [
        60,
        240,
        Target.NEXT_BUSINESS_DAY,
        Target.NEXT_RELEASE,
    ]


def test_sev_scale_labels_levels_as_sev() -> None:
    assert SeverityPolicy(scale="SEV").label("P2") == "SEV2"


def test_next_business_day_skips_the_weekend_in_the_team_zone() -> None:
    seoul = ZoneInfo("Asia/Seoul")
    friday_evening = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)  # 19:00 KST Friday
    due = rules.deadline(friday_evening, Target.NEXT_BUSINESS_DAY, SeverityPolicy(), seoul)
    assert due is not None
    assert due.astimezone(seoul).strftime("%a %H:%M") == "Mon 18:00"


def test_next_release_has_no_clock() -> None:
    start = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    assert rules.deadline(start, Target.NEXT_RELEASE, SeverityPolicy(), ZoneInfo("UTC")) is None
