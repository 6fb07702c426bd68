"""What the CLI, the API and the web show, built once from the queries (never per transport)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import Session

from warroom.oncall import queries, schemas
from warroom.oncall.models import Schedule
from warroom.oncall.rules import OnCall, parse_zone
from warroom.oncall.wallclock import to_utc
from warroom.oncall.weeks import HANDOVER_HORIZON, Change, WeekRow, next_handover, week_table

MAX_WEEKS = 26


def summary(session: Session, row: Schedule, now: datetime) -> schemas.ScheduleSummary:
    return schemas.schedule_summary(row, queries.who_is_on_call(session, row.name, now))


def detail(session: Session, row: Schedule, now: datetime) -> schemas.ScheduleDetail:
    base = summary(session, row, now)
    return schemas.ScheduleDetail(
        **base.model_dump(),
        description=row.description,
        rotations=[schemas.rotation_out(r) for r in row.rotations],
        overrides=[
            schemas.override_out(o) for o in queries.list_overrides(session, row, since=now)
        ],
        pending_notes=[schemas.note_out(n) for n in queries.pending_notes(session, row, now)],
        handovers=[schemas.handover_out(h) for h in queries.list_handovers(session, row)],
    )


def weeks(session: Session, row: Schedule, first_day: date, count: int) -> list[WeekRow]:
    """003 §4.2's table for `count` weeks from the week holding `first_day`."""
    from warroom.errors import InvalidInput

    if not 1 <= count <= MAX_WEEKS:
        raise InvalidInput(f"show 1 to {MAX_WEEKS} weeks", hint="e.g. --weeks 4")
    tz = parse_zone(row.timezone)
    monday = first_day - timedelta(days=first_day.weekday())
    start = to_utc(datetime.combine(monday, time()), tz)
    end = to_utc(datetime.combine(monday + timedelta(weeks=count), time()), tz)
    return week_table(queries.load_plan(session, row, start, end), monday, count)


def upcoming_handover(session: Session, row: Schedule, now: datetime) -> Change | None:
    plan = queries.load_plan(session, row, now - HANDOVER_HORIZON, now + HANDOVER_HORIZON)
    return next_handover(plan, now)


@dataclass(frozen=True, slots=True)
class BoardRow:
    schedule: Schedule
    on_call: list[OnCall]


def on_call_board(session: Session, now: datetime, *, limit: int = 20) -> list[BoardRow]:
    """Who is on call now in the first `limit` schedules (the dashboard's panel)."""
    return [
        BoardRow(row, queries.who_is_on_call(session, row.name, now))
        for row in queries.list_schedules(session, limit=limit)
    ]
