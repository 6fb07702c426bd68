"""Due dates within five years ahead; odd values are refused on input and shown, not fatal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from pydantic import ValidationError

from warroom.action_items import harvest
from warroom.action_items.harvest import Row
from warroom.action_items.rules import check_due
from warroom.clock import FixedClock
from warroom.config import Settings
from warroom.core.timefmt import local
from warroom.errors import InvalidInput
from warroom.integrations.trackers.retry import retry_after_seconds

NOW = datetime(2026, 11, 22, 5, 0, tzinfo=UTC)
KST = ZoneInfo("Asia/Seoul")


@pytest.mark.parametrize(
    "due",
    [NOW, NOW + timedelta(days=5 * 365), NOW - timedelta(days=3650), NOW + timedelta(hours=1)],
)
def test_due_dates_within_the_range_pass(due: datetime) -> None:
    assert check_due(due, NOW) == due


@pytest.mark.parametrize(
    ("due", "words"),
    [
        (datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC), "more than 5 years ahead"),
        (NOW + timedelta(days=5 * 366 + 3), "more than 5 years ahead"),
        (datetime(1970, 1, 1, tzinfo=UTC), "more than 10 years ago"),
    ],
)
def test_due_dates_outside_the_range_are_refused(due: datetime, words: str) -> None:
    with pytest.raises(InvalidInput, match=words) as error:
        check_due(due, NOW, title="Alert on pool")
    assert "'Alert on pool'" in error.value.message and error.value.hint


@pytest.mark.parametrize("due", ["99999999999 weeks", "2026-13-45", "1" * 5000 + " days"])
def test_unreadable_postmortem_due_cells_name_their_line(due: str) -> None:
    row = Row(42, "Rewrite the pool", "joe", due, "P2", f"| x | {due} |", "Action items")
    with pytest.raises(InvalidInput, match=r"^line 42: cannot read the due date"):
        harvest.due_from(row, now=NOW, tz=KST, end_hour=18)


def test_configured_due_hours_stay_within_five_years() -> None:
    assert Settings(action_due_hours={"P2": 24 * 365}).action_due_hours["P2"] == 8760
    with pytest.raises(ValidationError):
        Settings(action_due_hours={"P2": 10**12})


def test_times_at_the_edge_of_the_calendar_are_shown_not_fatal() -> None:
    assert local(datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC), KST) == "9999-12-31 23:59:59 UTC"
    first = datetime(1, 1, 1, tzinfo=UTC)
    assert local(first, ZoneInfo("America/New_York")).endswith("1-01-01 00:00:00 UTC")
    assert local(NOW, KST) == "2026-11-22 14:00:00 KST"


def test_a_retry_after_date_without_a_zone_is_gmt() -> None:
    response = httpx.Response(429, headers={"retry-after": "Sun, 22 Nov 2026 05:00:30 -0000"})
    assert retry_after_seconds(response, FixedClock(NOW)) == 30.0
    far = httpx.Response(429, headers={"retry-after": "Fri, 31 Dec 9999 23:59:59 -0000"})
    assert (retry_after_seconds(far, FixedClock(NOW)) or 0) > 10**10
