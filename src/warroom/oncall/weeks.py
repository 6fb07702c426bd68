"""003 §4.2's table (week, dates, primary, secondary, note) and the next hand-over (pure)."""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from warroom.oncall.resolve import Shift, shifts
from warroom.oncall.spec import SchedulePlan
from warroom.oncall.wallclock import to_utc

HANDOVER_HORIZON = timedelta(days=62)


@dataclass(frozen=True, slots=True)
class WeekRow:
    """One week (Monday to Sunday in the schedule's zone) and who covers each role most."""

    week: int  # ISO week number
    first: date
    last: date
    start: datetime
    end: datetime
    main: dict[str, list[str]]  # role -> people, most on-call hours first
    holidays: list[tuple[date, str]] = field(default_factory=list)
    overridden: list[Shift] = field(default_factory=list)


def week_table(plan: SchedulePlan, first_day: date, weeks: int) -> list[WeekRow]:
    monday = first_day - timedelta(days=first_day.weekday())
    start = to_utc(datetime.combine(monday, time()), plan.tz)
    end = to_utc(datetime.combine(monday + timedelta(weeks=weeks), time()), plan.tz)
    found = shifts(plan, start, end)
    rows: list[WeekRow] = []
    for index in range(weeks):
        first = monday + timedelta(weeks=index)
        lo = to_utc(datetime.combine(first, time()), plan.tz)
        hi = to_utc(datetime.combine(first + timedelta(days=7), time()), plan.tz)
        hours: dict[str, Counter[str]] = {role: Counter() for role in plan.roles()}
        for shift in found:
            overlap = min(shift.end, hi) - max(shift.start, lo)
            if overlap > timedelta(0):
                hours.setdefault(shift.role, Counter())[shift.person] += int(
                    overlap.total_seconds()
                )
        days = [first + timedelta(days=i) for i in range(7)]
        rows.append(
            WeekRow(
                week=first.isocalendar().week,
                first=first,
                last=days[-1],
                start=lo,
                end=hi,
                main={role: [p for p, _ in counts.most_common()] for role, counts in hours.items()},
                holidays=[
                    (d, plan.holidays.name(d) or "") for d in days if plan.holidays.contains(d)
                ],
                overridden=[s for s in found if s.overridden and s.start < hi and s.end > lo],
            )
        )
    return rows


def _holidays(plan: SchedulePlan, days: list[date]) -> list[date]:
    return [d for d in days if plan.holidays.contains(d)]


@dataclass(frozen=True, slots=True)
class Change:
    at: datetime
    role: str
    outgoing: list[str]
    incoming: list[str]


def next_handover(plan: SchedulePlan, after: datetime) -> Change | None:
    """The first change of who holds the first role after `after` (gaps in between ignored).

    The hand-over happens when the outgoing person's last shift ends, so both get the
    note while the outgoing one is still on call or just finished.
    """
    roles = plan.roles()
    if not roles:
        return None
    role = roles[0]
    found = list(shifts(plan, after - HANDOVER_HORIZON, after + HANDOVER_HORIZON))
    found = [s for s in found if s.role == role]
    groups = _groups(found)
    for (end, people), (_end, following) in itertools.pairwise(groups):
        if people != following and end > after:
            return Change(at=end, role=role, outgoing=sorted(people), incoming=sorted(following))
    return None


def _groups(found: list[Shift]) -> list[tuple[datetime, frozenset[str]]]:
    """Collapse the role's shifts into runs of the same people: (run end, people) in order.

    One sweep over the boundaries (n log n): a shift adds its person at its start and
    takes them away at its end.
    """
    changes: dict[datetime, Counter[str]] = {}
    for s in found:
        changes.setdefault(s.start, Counter())[s.person] += 1
        changes.setdefault(s.end, Counter())[s.person] -= 1
    points = sorted(changes)
    present: Counter[str] = Counter()
    runs: list[tuple[datetime, frozenset[str]]] = []
    for here, following in itertools.pairwise(points):
        present.update(changes[here])
        people = frozenset(person for person, n in present.items() if n > 0)
        if not people:
            continue
        if runs and runs[-1][1] == people:
            runs[-1] = (following, people)
        else:
            runs.append((following, people))
    return runs
