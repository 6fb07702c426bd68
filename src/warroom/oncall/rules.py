"""On-call rules: what is valid input, what may overlap, who may edit (pure, no session).

`OnCall` is the answer other packages use (escalation pages from it): one person in one
role of one schedule, with the contiguous shift that holds the instant asked about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from warroom.accounts.rules import Principal, Role
from warroom.errors import InvalidInput, PermissionDenied
from warroom.oncall.spec import MINUTES_PER_DAY, WEEKDAYS, RotationSpec, Unit, Window
from warroom.oncall.wallclock import gaps

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
_KO_DAYS = ("월", "화", "수", "목", "금", "토", "일")
_GROUPS = {
    "weekdays": frozenset(range(5)),
    "weekday": frozenset(range(5)),
    "평일": frozenset(range(5)),
    "weekends": frozenset({5, 6}),
    "weekend": frozenset({5, 6}),
    "주말": frozenset({5, 6}),
    "daily": frozenset(range(7)),
    "everyday": frozenset(range(7)),
    "all": frozenset(range(7)),
}
GAP_HORIZON_YEARS = 10
MAX_OVERRIDE = timedelta(days=366)
# 003 §4.2's on-call hours: weekdays 18:00 → 09:00, weekends (and holidays) all day; the
# Monday-morning window closes the weekend, so Friday 18:00 → Monday 09:00 is one shift.
AFTER_HOURS = (
    Window(days=frozenset(range(5)), start=time(18), end=time(9)),
    Window(days=frozenset({5, 6}), start=time(0), end=time(0)),
    Window(days=frozenset({0}), start=time(0), end=time(9)),
)


@dataclass(frozen=True, slots=True)
class OnCall:
    """Who is on call: `start`/`end` (aware UTC) bound the contiguous shift holding the instant."""

    schedule: str
    role: str
    person: str
    start: datetime
    end: datetime
    overridden: bool = False


def parse_slug(value: str, what: str) -> str:
    slug = value.strip().lower()
    if not _SLUG.match(slug):
        raise InvalidInput(
            f"'{value}' is not a valid {what} name",
            hint="Use lower-case letters, digits, '-' or '_', e.g. platform or primary.",
        )
    return slug


def parse_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            f"unknown time zone '{name}'", hint="Use an IANA name such as Asia/Seoul."
        ) from None


def parse_clock(value: str) -> time:
    match = _CLOCK.match(value.strip())
    if not match or int(match.group(1)) > 24 or int(match.group(2)) > 59:
        raise InvalidInput(f"cannot read the time of day '{value}'", hint="Use HH:MM, e.g. 09:00.")
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour == 24:
        if minute:
            raise InvalidInput(f"'{value}' is past midnight", hint="Use 00:00 to 24:00.")
        return time(0)
    return time(hour, minute)


def parse_weekday(value: str) -> int:
    raw = value.strip().lower()
    for table in (WEEKDAYS, _KO_DAYS):
        for index, name in enumerate(table):
            if raw == name or (len(raw) >= 3 and name.startswith(raw[:3]) and table is WEEKDAYS):
                return index
    raise InvalidInput(
        f"unknown weekday '{value}'", hint="Use mon, tue, wed, thu, fri, sat or sun."
    )


def parse_handoff(value: str, *, weekly: bool) -> tuple[int | None, time]:
    """Read "mon 10:00" (weekly) or "09:00"; a weekly rotation without a day hands off Monday."""
    parts = value.strip().split()
    if len(parts) == 2:
        return parse_weekday(parts[0]), parse_clock(parts[1])
    if len(parts) == 1:
        return (0 if weekly else None), parse_clock(parts[0])
    raise InvalidInput(f"cannot read the hand-off '{value}'", hint='Use "mon 10:00" or "09:00".')


def parse_days(value: str) -> frozenset[int]:
    raw = value.strip().lower()
    if raw in _GROUPS:
        return _GROUPS[raw]
    days: set[int] = set()
    for part in raw.split(","):
        if "-" in part:
            first, last = (parse_weekday(p) for p in part.split("-", 1))
            days.update((first + i) % 7 for i in range((last - first) % 7 + 1))
        else:
            days.add(parse_weekday(part))
    return frozenset(days)


def parse_window(value: str) -> Window:
    """Read "weekdays 18:00-09:00", "mon-fri 18:00-09:00", "sat,sun" (all day) or "weekends"."""
    parts = value.strip().split()
    if not parts or len(parts) > 2:
        raise InvalidInput(
            f"cannot read the on-call window '{value}'",
            hint='Use e.g. "weekdays 18:00-09:00" or "weekends" (all day).',
        )
    days = parse_days(parts[0])
    if len(parts) == 1:
        return Window(days=days, start=time(0), end=time(0))
    start, _, end = parts[1].partition("-")
    if not end:
        raise InvalidInput(f"the window '{value}' has no end", hint="Use HH:MM-HH:MM.")
    return Window(days=days, start=parse_clock(start), end=parse_clock(end))


def format_window(window: Window) -> str:
    days = _format_days(window.days)
    if window.minutes == MINUTES_PER_DAY and window.start == time(0):
        return days
    return f"{days} {window.start:%H:%M}-{window.end:%H:%M}"


def _format_days(days: frozenset[int]) -> str:
    """mon-fri, sat-sun, mon,wed: runs of three or more days as ranges."""
    ordered = sorted(days)
    runs: list[list[int]] = []
    for day in ordered:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) >= 2:
            parts.append(f"{WEEKDAYS[run[0]]}-{WEEKDAYS[run[-1]]}")
        else:
            parts.append(WEEKDAYS[run[0]])
    return ",".join(parts)


def parse_length(kind: str, count: int) -> tuple[Unit, int]:
    """hourly N (N hours), daily, weekly, or custom N days."""
    if count < 1:
        raise InvalidInput("a rotation length must be at least 1", hint="e.g. --days 3")
    table = {"hourly": (Unit.HOURS, count), "daily": (Unit.DAYS, 1), "weekly": (Unit.DAYS, 7)}
    if kind == "days":
        return Unit.DAYS, count
    if kind not in table:
        raise InvalidInput(
            f"unknown rotation length '{kind}'", hint="Use hourly N, daily, weekly or N days."
        )
    return table[kind]


def anchor_for(start: date, weekday: int | None, handoff: time) -> datetime:
    """The first hand-off: on `start`, or the first `weekday` on or after it."""
    if weekday is not None:
        start += timedelta(days=(weekday - start.weekday()) % 7)
    return datetime.combine(start, handoff)


def require_people(people: list[str]) -> tuple[str, ...]:
    if not people:
        raise InvalidInput(
            "a rotation needs at least one person", hint="Add --people minsu,jane,chulsoo."
        )
    return tuple(people)


def check_handoffs_exist(rotation: RotationSpec, tz: ZoneInfo) -> None:
    """Refuse a hand-off that would fall in a DST gap (e.g. 02:30 on a spring-forward day)."""
    if rotation.fixed is not None:
        return
    horizon = rotation.anchor.replace(year=rotation.anchor.year + GAP_HORIZON_YEARS)
    last = min(rotation.until, horizon) if rotation.until else horizon
    step = rotation.step
    for gap in gaps(tz, rotation.anchor.date(), last.date()):
        turn = max(0, -((rotation.anchor - gap.start) // step))
        handoff = rotation.anchor + turn * step
        if gap.start <= handoff < gap.end and handoff < last:
            raise InvalidInput(
                f"the hand-off at {handoff:%H:%M} does not exist on {handoff:%Y-%m-%d} in "
                f"{tz.key}: clocks jump from {gap.start:%H:%M} to {gap.end:%H:%M}",
                hint=f"Pick a hand-off time outside {gap.start:%H:%M}–{gap.end:%H:%M}, "
                "e.g. 09:00 or 10:00.",
            )


def check_no_overlap(new: RotationSpec, others: list[RotationSpec]) -> None:
    """Rotations in the same role and layer must never cover the same time."""
    for other in others:
        if other.role != new.role or other.layer != new.layer or other.name == new.name:
            continue
        if _dates_overlap(new, other) and _weeks_overlap(new, other):
            raise InvalidInput(
                f"rotation {new.name} overlaps {other.name} in {new.role} layer {new.layer}",
                hint="Give them on-call windows that do not meet (--on-call), or put one in "
                "a higher --layer so it wins where both have someone.",
            )


def _dates_overlap(a: RotationSpec, b: RotationSpec) -> bool:
    # Naive local times on purpose: both rotations belong to the same schedule's zone.
    a_ends_after = a.until is None or b.anchor < a.until
    b_ends_after = b.until is None or a.anchor < b.until
    return a_ends_after and b_ends_after


def _weeks_overlap(a: RotationSpec, b: RotationSpec) -> bool:
    if a.fixed is not None or b.fixed is not None:
        return True
    if (a.holidays and _covers_any(b)) or (b.holidays and _covers_any(a)):
        return True
    first, second = _week_minutes(a), _week_minutes(b)
    return any(lo1 < hi2 and lo2 < hi1 for lo1, hi1 in first for lo2, hi2 in second)


def _covers_any(rotation: RotationSpec) -> bool:
    return not rotation.windows or any(w.days for w in rotation.windows)


_WEEK = 7 * MINUTES_PER_DAY


def _week_minutes(rotation: RotationSpec) -> list[tuple[int, int]]:
    if not rotation.windows:
        return [(0, _WEEK)]
    spans: list[tuple[int, int]] = []
    for window in rotation.windows:
        for day in window.days:
            lo = day * MINUTES_PER_DAY + window.start.hour * 60 + window.start.minute
            hi = lo + window.minutes
            spans.append((lo, min(hi, _WEEK)))
            if hi > _WEEK:
                spans.append((0, hi - _WEEK))
    return spans


def check_span(start: datetime, end: datetime) -> None:
    if end <= start:
        raise InvalidInput(
            "the override ends before it starts",
            hint="Give --to after --from, e.g. --from 2026-12-24T18:00 --to 2026-12-26T09:00.",
        )
    if end - start > MAX_OVERRIDE:
        raise InvalidInput(
            "an override can last at most a year",
            hint="Change the rotation instead (`warroom oncall rotation add`).",
        )


def is_schedule_admin(access: Principal | None, admins: list[str]) -> bool:
    """The local CLI (no principal), warroom admins and the schedule's own admins."""
    if access is None:
        return True
    return access.role is Role.ADMIN or access.username in admins


def ensure_schedule_admin(access: Principal | None, admins: list[str], doing: str) -> None:
    if not is_schedule_admin(access, admins):
        raise PermissionDenied(
            f"{doing} is for this schedule's admins",
            hint="Ask a schedule admin, or a warroom admin to add you as one.",
        )


def ensure_may_override(access: Principal | None, admins: list[str], person: str) -> None:
    """Schedule admins override anyone; responders only put themselves on call or off it."""
    if is_schedule_admin(access, admins):
        return
    assert access is not None
    if access.role is Role.VIEWER:
        raise PermissionDenied(
            "viewers cannot change who is on call", hint="Ask for the responder role."
        )
    if person != access.username:
        raise PermissionDenied(
            f"a responder can only make overrides for themselves, not {person}",
            hint="Use your own handle, or ask a schedule admin.",
        )
