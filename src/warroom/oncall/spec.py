"""The pure description of a schedule that resolution works on (no session, no I/O).

`queries.load_plan` builds a `SchedulePlan` from the stored rows; tests build one by
hand. Rotations are rules, never stored shifts, so a plan cannot go stale.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from warroom.oncall.holiday import HolidayCalendar

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MINUTES_PER_DAY = 24 * 60


class Unit(StrEnum):
    HOURS = "hours"
    DAYS = "days"


class OverrideKind(StrEnum):
    REPLACE = "replace"  # the person takes the role (from `replaces`, or from everyone)
    ADD = "add"  # the person is on call as well
    REMOVE = "remove"  # the person is taken off the role


@dataclass(frozen=True, slots=True)
class Window:
    """A weekly on-call window in the schedule's zone, e.g. mon–fri 18:00 → 09:00 next day.

    `end <= start` means the window ends the next day; `start == end` is a whole day.
    """

    days: frozenset[int]  # 0 = Monday
    start: time
    end: time

    @property
    def minutes(self) -> int:
        begin = self.start.hour * 60 + self.start.minute
        finish = self.end.hour * 60 + self.end.minute
        return (finish - begin) % MINUTES_PER_DAY or MINUTES_PER_DAY

    @property
    def length(self) -> timedelta:
        return timedelta(minutes=self.minutes)


@dataclass(frozen=True, slots=True)
class FixedShift:
    """A shift read from an imported calendar: explicit, aware UTC."""

    start: datetime
    end: datetime
    person: str


@dataclass(frozen=True, slots=True)
class RotationSpec:
    """Who is on call in one rotation: people take turns of `length` units from `anchor`.

    `anchor` is the first hand-off as a naive local time; turn k starts at
    anchor + k × length in wall-clock terms (so a daily 09:00 hand-off stays at 09:00
    across DST). `windows` restrict the turns to on-call hours (empty: all the time);
    `holidays` adds whole public holidays. A rotation imported from iCal has `fixed`
    shifts instead of people and turns.
    """

    name: str
    role: str
    layer: int
    people: tuple[str, ...]
    unit: Unit
    length: int
    anchor: datetime
    until: datetime | None = None
    offset: int = 0
    windows: tuple[Window, ...] = ()
    holidays: bool = False
    fixed: tuple[FixedShift, ...] | None = None

    @property
    def step(self) -> timedelta:
        return (
            timedelta(hours=self.length) if self.unit is Unit.HOURS else timedelta(days=self.length)
        )

    def person(self, turn: int) -> str:
        return self.people[(turn + self.offset) % len(self.people)]


@dataclass(frozen=True, slots=True)
class OverrideSpec:
    id: int
    role: str
    kind: OverrideKind
    person: str
    start: datetime
    end: datetime
    replaces: str | None = None


@dataclass(frozen=True)
class SchedulePlan:
    name: str
    tz: ZoneInfo
    rotations: tuple[RotationSpec, ...] = ()
    overrides: tuple[OverrideSpec, ...] = ()
    holidays: HolidayCalendar = field(default_factory=HolidayCalendar)

    def roles(self) -> list[str]:
        """Roles in paging order: primary, secondary, tertiary, then the rest by name."""
        names = {r.role for r in self.rotations} | {o.role for o in self.overrides}
        return sorted(names, key=role_rank)


_KNOWN_ORDER = ("primary", "secondary", "tertiary")


def role_rank(role: str) -> tuple[int, str]:
    return (_KNOWN_ORDER.index(role), "") if role in _KNOWN_ORDER else (len(_KNOWN_ORDER), role)
