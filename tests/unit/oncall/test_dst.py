"""Wall-clock hand-offs across DST in the zones the issue names."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from warroom.errors import InvalidInput
from warroom.oncall.resolve import shifts
from warroom.oncall.rules import anchor_for, check_handoffs_exist, parse_window
from warroom.oncall.spec import RotationSpec, SchedulePlan, Unit

H = timedelta(hours=1)


def _daily(zone: str, start: date, clock: time, **extra: object) -> SchedulePlan:
    rotation = RotationSpec(
        name="primary",
        role="primary",
        layer=1,
        people=("minsu", "jane"),
        unit=Unit.DAYS,
        length=1,
        anchor=datetime.combine(start, clock),
        **extra,  # type: ignore[arg-type]
    )
    return SchedulePlan(name="platform", tz=ZoneInfo(zone), rotations=(rotation,))


def _lengths(plan: SchedulePlan, start: date, days: int) -> list[tuple[str, timedelta]]:
    begin = datetime.combine(start, time(), tzinfo=plan.tz)
    found = shifts(plan, begin.astimezone(UTC), (begin + timedelta(days=days)).astimezone(UTC))
    inner = found[1:-1]  # the first and last are cut by the range
    return [(s.start.astimezone(plan.tz).strftime("%m-%d %H:%M"), s.end - s.start) for s in inner]


@pytest.mark.parametrize(
    ("zone", "change", "short", "long_day"),
    [
        ("America/New_York", date(2027, 3, 14), 23 * H, None),
        ("America/New_York", date(2027, 11, 7), None, 25 * H),
        ("Europe/Berlin", date(2027, 3, 28), 23 * H, None),
        ("Europe/Berlin", date(2027, 10, 31), None, 25 * H),
        ("Australia/Lord_Howe", date(2027, 10, 3), 23.5 * H, None),
        ("Australia/Lord_Howe", date(2027, 4, 4), None, 24.5 * H),
    ],
)
def test_a_daily_0900_handoff_stays_at_0900_across_dst(
    zone: str, change: date, short: timedelta | None, long_day: timedelta | None
) -> None:
    plan = _daily(zone, change - timedelta(days=3), time(9))
    lengths = _lengths(plan, change - timedelta(days=2), 5)
    assert all(start.endswith("09:00") for start, _ in lengths)
    changed = dict(lengths)[f"{change - timedelta(days=1):%m-%d} 09:00"]
    assert changed == (short or long_day)
    assert sorted({length for _, length in lengths}) == sorted({24 * H, short or long_day})


def test_seoul_has_no_dst_so_every_week_is_168_hours() -> None:
    rotation = RotationSpec(
        name="primary",
        role="primary",
        layer=1,
        people=("minsu", "jane", "chulsoo"),
        unit=Unit.DAYS,
        length=7,
        anchor=anchor_for(date(2027, 1, 1), 0, time(10)),
    )
    plan = SchedulePlan(name="platform", tz=ZoneInfo("Asia/Seoul"), rotations=(rotation,))
    found = shifts(plan, datetime(2027, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC))[1:-1]
    assert {s.end - s.start for s in found} == {168 * H}
    assert {s.start.astimezone(plan.tz).strftime("%a %H:%M") for s in found} == {"Mon 10:00"}


def test_an_overnight_window_is_16_hours_when_clocks_go_back_in_berlin() -> None:
    plan = _daily(
        "Europe/Berlin", date(2027, 10, 25), time(9), windows=(parse_window("daily 18:00-09:00"),)
    )
    start = datetime(2027, 10, 30, 12, tzinfo=UTC)
    found = shifts(plan, start, start + timedelta(days=1))
    assert [(s.person, s.end - s.start) for s in found] == [("jane", 16 * H)]


@pytest.mark.parametrize(
    ("zone", "clock", "day"),
    [
        ("America/New_York", time(2, 30), "2027-03-14"),
        ("Europe/Berlin", time(2, 30), "2027-03-28"),
        ("Australia/Lord_Howe", time(2, 15), "2027-10-03"),
    ],
)
def test_a_handoff_inside_a_dst_gap_is_refused(zone: str, clock: time, day: str) -> None:
    plan = _daily(zone, date(2027, 1, 4), clock)
    with pytest.raises(InvalidInput) as error:
        check_handoffs_exist(plan.rotations[0], plan.tz)
    assert day in error.value.message
    assert "does not exist" in error.value.message
    assert "Pick a hand-off time" in error.value.hint


def test_a_weekly_monday_0230_handoff_in_new_york_is_fine() -> None:
    """US clocks change on Sundays: a Monday 02:30 hand-off always exists."""
    rotation = _daily("America/New_York", date(2027, 1, 4), time(2, 30)).rotations[0]
    weekly = RotationSpec(**{**_fields(rotation), "length": 7})
    check_handoffs_exist(weekly, ZoneInfo("America/New_York"))


def test_seoul_accepts_any_handoff_time() -> None:
    plan = _daily("Asia/Seoul", date(2027, 1, 4), time(2, 30))
    check_handoffs_exist(plan.rotations[0], plan.tz)


def _fields(rotation: RotationSpec) -> dict[str, object]:
    return {name: getattr(rotation, name) for name in RotationSpec.__slots__}  # type: ignore[attr-defined]
