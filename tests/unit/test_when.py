"""The one parser of typed times: naive means the configured zone; nonsense is InvalidInput."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from warroom.core.when import in_zone, parse_span, parse_when, read_time
from warroom.errors import InvalidInput

NOW = datetime(2026, 11, 22, 5, 0, tzinfo=UTC)
SEOUL = ZoneInfo("Asia/Seoul")
NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-11-22T14:32", datetime(2026, 11, 22, 5, 32, tzinfo=UTC)),
        ("2026-11-22 14:32:00", datetime(2026, 11, 22, 5, 32, tzinfo=UTC)),
        ("2026-11-22", datetime(2026, 11, 21, 15, 0, tzinfo=UTC)),
        ("2026-11-22t05:32:00z", datetime(2026, 11, 22, 5, 32, tzinfo=UTC)),
        ("2026-11-22T14:32:00+09:00", datetime(2026, 11, 22, 5, 32, tzinfo=UTC)),
    ],
)
def test_naive_is_the_team_zone_and_a_zone_wins(raw: str, expected: datetime) -> None:
    parsed = parse_when(raw, tz=SEOUL, now=NOW)
    assert parsed == expected
    assert parsed is not None and parsed.tzinfo is UTC


def test_the_same_wall_clock_time_differs_by_zone() -> None:
    seoul = parse_when("2026-11-22T09:00", tz=SEOUL, now=NOW)
    new_york = parse_when("2026-11-22T09:00", tz=NEW_YORK, now=NOW)
    assert new_york is not None and seoul is not None
    assert new_york - seoul == timedelta(hours=14)
    assert in_zone(datetime(2026, 11, 22, 9, 0), NEW_YORK) == new_york


@pytest.mark.parametrize(
    "raw",
    [
        "0001-01-01T00:00:00",  # before year 1 once moved to UTC
        "9999-12-31T23:59:59-05:00",  # after year 9999 in UTC
        "25:00",
        "-99999999999999w",
        "1" * 5000,
        "after lunch",
    ],
)
def test_unreadable_or_unrepresentable_times_are_input_errors(raw: str) -> None:
    with pytest.raises(InvalidInput) as error:
        parse_when(raw, tz=SEOUL, now=NOW)
    assert "Asia/Seoul" in error.value.hint or "15m" in error.value.hint
    assert len(error.value.message) < 120


def test_read_time_names_the_field_and_takes_spans_ahead() -> None:
    with pytest.raises(InvalidInput, match=r"^--deploy-at: cannot read"):
        read_time("soon", tz=SEOUL, now=NOW, name="--deploy-at")
    assert read_time("3d", tz=SEOUL, now=NOW, name="--due", ahead=True) == NOW + timedelta(days=3)
    assert read_time(None, tz=SEOUL, now=NOW, name="--due", ahead=True) is None
    due = read_time("2026-12-01T18:00Z", tz=SEOUL, now=NOW, name="--due", ahead=True)
    assert due == datetime(2026, 12, 1, 18, 0, tzinfo=UTC)


def test_spans_longer_than_a_century_are_refused() -> None:
    assert parse_span("2w") == timedelta(weeks=2)
    with pytest.raises(InvalidInput, match="longer than 100 years"):
        parse_span("99999w")
