"""Parsing what people type, overlaps within a layer, and who may edit."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from warroom.accounts.rules import Principal, Role
from warroom.errors import InvalidInput, PermissionDenied
from warroom.oncall import rules
from warroom.oncall.spec import RotationSpec, Unit, Window


@pytest.mark.parametrize(
    ("raw", "days", "start", "end", "hours"),
    [
        ("weekdays 18:00-09:00", {0, 1, 2, 3, 4}, time(18), time(9), 15),
        ("mon-fri 18:00-09:00", {0, 1, 2, 3, 4}, time(18), time(9), 15),
        ("fri-mon 20:00-08:00", {4, 5, 6, 0}, time(20), time(8), 12),
        ("weekends", {5, 6}, time(0), time(0), 24),
        ("sat,sun", {5, 6}, time(0), time(0), 24),
        ("평일 18:00-09:00", {0, 1, 2, 3, 4}, time(18), time(9), 15),
        ("토,일", {5, 6}, time(0), time(0), 24),
        ("daily 09:00-18:00", set(range(7)), time(9), time(18), 9),
    ],
)
def test_windows_are_read_as_people_write_them(
    raw: str, days: set[int], start: time, end: time, hours: int
) -> None:
    window = rules.parse_window(raw)
    assert (window.days, window.start, window.end) == (days, start, end)
    assert window.minutes == hours * 60


@pytest.mark.parametrize(
    "raw", ["", "someday 18:00-09:00", "weekdays 18:00", "weekdays 25:00-09:00"]
)
def test_unreadable_windows_are_refused(raw: str) -> None:
    with pytest.raises(InvalidInput):
        rules.parse_window(raw)


@pytest.mark.parametrize(
    ("raw", "weekly", "expected"),
    [("mon 10:00", True, (0, time(10))), ("10:00", True, (0, time(10))),
     ("09:00", False, (None, time(9))), ("fri 17:30", True, (4, time(17, 30)))],
)  # fmt: skip
def test_handoffs(raw: str, weekly: bool, expected: tuple[int | None, time]) -> None:
    assert rules.parse_handoff(raw, weekly=weekly) == expected


def test_weekly_anchor_is_the_first_handoff_day_on_or_after_the_start() -> None:
    assert rules.anchor_for(date(2026, 12, 3), 0, time(10)) == datetime(2026, 12, 7, 10)
    assert rules.anchor_for(date(2026, 12, 7), 0, time(10)) == datetime(2026, 12, 7, 10)


def _rotation(name: str, *windows: str, layer: int = 1, holidays: bool = False) -> RotationSpec:
    return RotationSpec(
        name=name,
        role="primary",
        layer=layer,
        people=("minsu",),
        unit=Unit.DAYS,
        length=7,
        anchor=datetime(2026, 12, 7, 10),
        windows=tuple(rules.parse_window(w) for w in windows),
        holidays=holidays,
    )


def test_nights_and_weekends_in_one_layer_do_not_overlap() -> None:
    rules.check_no_overlap(
        _rotation("nights", "mon-thu 18:00-09:00"),
        [_rotation("weekend", "fri 18:00-09:00", "weekends")],
    )


@pytest.mark.parametrize(
    ("new", "existing"),
    [
        (_rotation("a"), _rotation("b")),
        (_rotation("a", "weekdays 18:00-09:00"), _rotation("b", "weekends")),  # fri night → sat
        (_rotation("a", "mon-thu 18:00-09:00"), _rotation("b", "weekends", holidays=True)),
    ],
)
def test_overlapping_rotations_in_one_layer_are_refused(
    new: RotationSpec, existing: RotationSpec
) -> None:
    with pytest.raises(InvalidInput) as error:
        rules.check_no_overlap(new, [existing])
    assert "higher --layer" in error.value.hint


def test_a_higher_layer_may_overlap() -> None:
    rules.check_no_overlap(_rotation("a", layer=2), [_rotation("b")])


def test_an_override_must_end_after_it_starts() -> None:
    with pytest.raises(InvalidInput, match="ends before it starts"):
        rules.check_span(datetime(2026, 12, 2, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC))


def test_empty_rotations_and_bad_names_are_refused() -> None:
    with pytest.raises(InvalidInput, match="at least one person"):
        rules.require_people([])
    with pytest.raises(InvalidInput):
        rules.parse_slug("Platform Team!", "schedule")
    with pytest.raises(InvalidInput, match="unknown time zone"):
        rules.parse_zone("Mars/Olympus")


VIEWER = Principal("yuna", Role.VIEWER, "session")
RESPONDER = Principal("jane", Role.RESPONDER, "session")
ADMIN = Principal("root", Role.ADMIN, "session")


def test_responders_override_only_themselves_and_schedule_admins_anyone() -> None:
    rules.ensure_may_override(RESPONDER, [], "jane")
    rules.ensure_may_override(Principal("minsu", Role.RESPONDER, "token"), ["minsu"], "jane")
    rules.ensure_may_override(ADMIN, [], "jane")
    rules.ensure_may_override(None, [], "jane")  # the local CLI
    with pytest.raises(PermissionDenied, match="only make overrides for themselves"):
        rules.ensure_may_override(RESPONDER, [], "minsu")
    with pytest.raises(PermissionDenied):
        rules.ensure_may_override(VIEWER, [], "yuna")


def test_only_schedule_admins_edit_rotations() -> None:
    rules.ensure_schedule_admin(Principal("minsu", Role.RESPONDER, "s"), ["minsu"], "adding")
    with pytest.raises(PermissionDenied, match="schedule's admins"):
        rules.ensure_schedule_admin(RESPONDER, ["minsu"], "adding a rotation")


def test_after_hours_is_the_seed_on_call_hours() -> None:
    assert Window(frozenset(range(5)), time(18), time(9)) in rules.AFTER_HOURS
