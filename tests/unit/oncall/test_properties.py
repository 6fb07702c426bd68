"""Resolution checked against a direct minute-by-minute evaluation over random rules.

Random zones (with the DST ones of the issue weighted in), dates near clock changes,
hand-offs, lengths, on-call windows, layers and overrides.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, available_timezones

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warroom.oncall.holiday import HolidayCalendar
from warroom.oncall.resolve import Converter, assignments_at, shifts, turns
from warroom.oncall.spec import (
    OverrideKind,
    OverrideSpec,
    RotationSpec,
    SchedulePlan,
    Unit,
    Window,
)

DST_ZONES = ["Asia/Seoul", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe"]
ZONES = st.one_of(
    st.sampled_from(DST_ZONES), st.sampled_from(sorted(available_timezones() - {"Factory"}))
)
# Days around the clock changes of 2027 in the zones above, and plain days.
NEAR_CHANGES = [
    date(2027, 3, 13), date(2027, 3, 27), date(2027, 4, 3), date(2027, 10, 2),
    date(2027, 10, 30), date(2027, 11, 6), date(2027, 5, 5), date(2027, 9, 15),
]  # fmt: skip
PEOPLE = ["minsu", "jane", "chulsoo", "yuna"]
CLOCKS = st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45]))


@st.composite
def windows(draw: st.DrawFn) -> tuple[Window, ...]:
    count = draw(st.integers(0, 2))
    return tuple(
        Window(
            days=frozenset(draw(st.sets(st.integers(0, 6), min_size=1))),
            start=draw(CLOCKS),
            end=draw(CLOCKS),
        )
        for _ in range(count)
    )


@st.composite
def rotations(draw: st.DrawFn, around: date, index: int) -> RotationSpec:
    unit = draw(st.sampled_from([Unit.HOURS, Unit.DAYS]))
    length = draw(st.integers(1, 12) if unit is Unit.HOURS else st.integers(1, 7))
    anchor = datetime.combine(around + timedelta(days=draw(st.integers(-9, 1))), draw(CLOCKS))
    until = None
    if draw(st.booleans()):
        until = anchor + timedelta(hours=draw(st.integers(1, 24 * 12)))
    return RotationSpec(
        name=f"r{index}",
        role=draw(st.sampled_from(["primary", "secondary"])),
        layer=draw(st.integers(1, 2)),
        people=tuple(draw(st.lists(st.sampled_from(PEOPLE), min_size=1, max_size=4))),
        unit=unit,
        length=length,
        anchor=anchor,
        until=until,
        offset=draw(st.integers(0, 3)),
        windows=draw(windows()),
        holidays=draw(st.booleans()),
    )


@st.composite
def plans(draw: st.DrawFn) -> tuple[SchedulePlan, datetime, datetime]:
    tz = ZoneInfo(draw(ZONES))
    around = draw(st.sampled_from(NEAR_CHANGES))
    start = datetime.combine(around, time(), tzinfo=UTC) + timedelta(
        minutes=draw(st.integers(-36 * 60, 24 * 60))
    )
    end = start + timedelta(minutes=draw(st.integers(60, 40 * 60)))
    rots = tuple(draw(rotations(around, i)) for i in range(draw(st.integers(1, 3))))
    overrides = []
    for number in range(draw(st.integers(0, 3))):
        begin = start + timedelta(minutes=draw(st.integers(-120, 30 * 60)))
        kind = draw(st.sampled_from(list(OverrideKind)))
        overrides.append(
            OverrideSpec(
                id=number + 1,
                role=draw(st.sampled_from(["primary", "secondary"])),
                kind=kind,
                person=draw(st.sampled_from(PEOPLE)),
                start=begin,
                end=begin + timedelta(minutes=draw(st.integers(1, 20 * 60))),
                replaces=draw(st.none() | st.sampled_from(PEOPLE)),
            )
        )
    plan = SchedulePlan(
        name="p",
        tz=tz,
        rotations=rots,
        overrides=tuple(overrides),
        holidays=HolidayCalendar(draw(st.sampled_from(["", "KR", "US", "DE", "AU"]))),
    )
    return plan, start, end


def _minutes(start: datetime, end: datetime) -> list[datetime]:
    count = int((end - start).total_seconds() // 60)
    return [start + timedelta(minutes=i) for i in range(count)]


def _from_shifts(plan: SchedulePlan, start: datetime, end: datetime) -> dict[datetime, dict]:
    found: dict[datetime, dict[str, set[str]]] = {t: {} for t in _minutes(start, end)}
    for shift in shifts(plan, start, end):
        t = shift.start
        while t < shift.end:
            found[t].setdefault(shift.role, set()).add(shift.person)
            t += timedelta(minutes=1)
    return found


PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(plans())
def test_shifts_equal_a_minute_by_minute_evaluation(case: tuple) -> None:
    plan, start, end = case
    start = start.replace(second=0, microsecond=0)
    expected = {t: assignments_at(plan, t) for t in _minutes(start, end)}
    assert _from_shifts(plan, start, end) == expected


@PROPERTY
@given(plans())
def test_each_rotation_tiles_its_range_without_gap_or_overlap(case: tuple) -> None:
    plan, start, end = case
    convert = Converter(plan.tz)
    for rotation in plan.rotations:
        found = turns(rotation, convert, start, end)
        if not found:
            continue
        first = max(start, convert(rotation.anchor))
        last = min(end, convert(rotation.until)) if rotation.until else end
        assert found[0][1] == first
        assert found[-1][2] == last
        for (turn, _lo, hi), (following, lo, _hi) in itertools.pairwise(found):
            assert hi == lo, "a gap or an overlap between two turns"
            assert following > turn


@PROPERTY
@given(plans())
def test_a_persons_shifts_in_a_role_never_overlap_or_touch(case: tuple) -> None:
    plan, start, end = case
    result = shifts(plan, start, end)
    for role in plan.roles():
        for person in PEOPLE:
            mine = sorted(
                (s for s in result if s.role == role and s.person == person), key=lambda s: s.start
            )
            for before, after in itertools.pairwise(mine):
                assert before.end < after.start
            assert all(s.start < s.end for s in mine)


@PROPERTY
@given(plans())
def test_the_latest_override_wins(case: tuple) -> None:
    plan, start, end = case
    if not plan.overrides:
        return
    last = max(plan.overrides, key=lambda o: o.id)
    result = shifts(plan, start, end)
    for t in _minutes(max(start, last.start), min(end, last.end))[::7]:
        here = {s.person for s in result if s.role == last.role and s.start <= t < s.end}
        if last.kind is OverrideKind.REMOVE:
            assert last.person not in here
        elif last.kind is OverrideKind.ADD or last.replaces is None:
            assert last.person in here
            if last.kind is OverrideKind.REPLACE:
                assert here == {last.person}
