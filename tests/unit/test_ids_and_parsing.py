from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from warroom.core import ids, timefmt
from warroom.core.when import parse_span, parse_when
from warroom.errors import InvalidInput

NOW = datetime(2026, 11, 22, 5, 0, tzinfo=UTC)
SEOUL = ZoneInfo("Asia/Seoul")


def test_incident_ids_round_trip() -> None:
    assert ids.format_incident_id(date(2026, 11, 22), 7) == "INC-20261122-007"
    assert ids.parse_incident_id("inc-20261122-007") == (date(2026, 11, 22), 7)
    assert ids.format_incident_id(date(2026, 11, 22), 1234) == "INC-20261122-1234"


@pytest.mark.parametrize("raw", ["INC-2026-001", "20261122-001", "INC-20261122-1", "AI-001"])
def test_malformed_incident_ids_are_refused(raw: str) -> None:
    with pytest.raises(InvalidInput):
        ids.parse_incident_id(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-11-22T14:32", datetime(2026, 11, 22, 5, 32, tzinfo=UTC)),  # naive = KST
        ("2026-11-22T14:32+00:00", datetime(2026, 11, 22, 14, 32, tzinfo=UTC)),
        ("2026-11-22T05:32Z", datetime(2026, 11, 22, 5, 32, tzinfo=UTC)),
        ("13:45", datetime(2026, 11, 22, 4, 45, tzinfo=UTC)),
        ("-15m", NOW - timedelta(minutes=15)),
    ],
)
def test_times_are_read_in_the_team_zone(raw: str, expected: datetime) -> None:
    assert parse_when(raw, tz=SEOUL, now=NOW) == expected


def test_unreadable_time_gets_a_hint() -> None:
    with pytest.raises(InvalidInput) as error:
        parse_when("yesterday-ish", tz=SEOUL, now=NOW)
    assert "14:32" in error.value.hint


@pytest.mark.parametrize(("raw", "seconds"), [("30d", 2592000), ("2h", 7200), ("15m", 900)])
def test_spans(raw: str, seconds: int) -> None:
    assert parse_span(raw).total_seconds() == seconds


def test_times_are_shown_in_the_configured_zone() -> None:
    assert timefmt.local(NOW, SEOUL) == "2026-11-22 14:00:00 KST"
    assert timefmt.duration(timedelta(minutes=25)) == "25m 0s"
    assert timefmt.duration(timedelta(hours=26, minutes=5)) == "1d 2h 5m"
