"""Stable JSON shapes for on-call, shared by `--json` output and the REST API (docs/json.md)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from warroom.oncall.models import Handover, HandoverNote, Override, Rotation, Schedule
from warroom.oncall.resolve import Shift
from warroom.oncall.rules import OnCall
from warroom.oncall.spec import WEEKDAYS
from warroom.oncall.weeks import WeekRow


class OnCallOut(BaseModel):
    schedule: str
    role: str
    person: str
    start: datetime
    end: datetime
    overridden: bool


class ShiftOut(BaseModel):
    role: str
    person: str
    start: datetime
    end: datetime
    overridden: bool


class RotationOut(BaseModel):
    name: str
    role: str
    layer: int
    source: str
    people: list[str]
    length: str
    handoff: str
    start_date: date
    end_date: date | None
    offset: int
    windows: list[str]
    holidays: bool


class OverrideOut(BaseModel):
    id: int
    role: str
    kind: str
    person: str
    replaces: str | None
    start: datetime
    end: datetime
    reason: str
    created_by: str
    created_at: datetime


class HandoverOut(BaseModel):
    id: int
    role: str
    at: datetime
    outgoing: list[str]
    incoming: list[str]
    summary: dict[str, Any]


class NoteOut(BaseModel):
    id: int
    author: str
    body: str
    created_at: datetime


class ScheduleSummary(BaseModel):
    name: str
    team: str | None
    timezone: str
    holiday_country: str
    services: list[str]
    admins: list[str]
    on_call: list[OnCallOut]


class ScheduleDetail(ScheduleSummary):
    description: str
    rotations: list[RotationOut]
    overrides: list[OverrideOut]
    pending_notes: list[NoteOut]
    handovers: list[HandoverOut]


class WeekOut(BaseModel):
    week: int
    first: date
    last: date
    roles: dict[str, list[str]]
    holidays: list[tuple[date, str]]
    overrides: list[ShiftOut]


def on_call_out(item: OnCall) -> OnCallOut:
    return OnCallOut(
        schedule=item.schedule,
        role=item.role,
        person=item.person,
        start=item.start,
        end=item.end,
        overridden=item.overridden,
    )


def shift_out(shift: Shift) -> ShiftOut:
    return ShiftOut(
        role=shift.role,
        person=shift.person,
        start=shift.start,
        end=shift.end,
        overridden=shift.overridden,
    )


def length_label(row: Rotation) -> str:
    if row.source != "rules":
        return "imported"
    if row.unit == "hours":
        return f"hourly {row.length}"
    return {1: "daily", 7: "weekly"}.get(row.length, f"{row.length} days")


def handoff_label(row: Rotation) -> str:
    if row.handoff_weekday is None:
        return row.handoff
    return f"{WEEKDAYS[row.handoff_weekday]} {row.handoff}"


def rotation_out(row: Rotation) -> RotationOut:
    return RotationOut(
        name=row.name,
        role=row.role,
        layer=row.layer,
        source=row.source,
        people=list(row.people),
        length=length_label(row),
        handoff=handoff_label(row),
        start_date=row.start_date,
        end_date=row.end_date,
        offset=row.person_offset,
        windows=list(row.windows),
        holidays=row.holidays,
    )


def override_out(row: Override) -> OverrideOut:
    return OverrideOut(
        id=row.id,
        role=row.role,
        kind=row.kind,
        person=row.person,
        replaces=row.replaces,
        start=row.starts_at,
        end=row.ends_at,
        reason=row.reason,
        created_by=row.created_by,
        created_at=row.created_at,
    )


def handover_out(row: Handover) -> HandoverOut:
    return HandoverOut(
        id=row.id,
        role=row.role,
        at=row.at,
        outgoing=list(row.outgoing),
        incoming=list(row.incoming),
        summary=dict(row.summary),
    )


def note_out(row: HandoverNote) -> NoteOut:
    return NoteOut(id=row.id, author=row.author, body=row.body, created_at=row.created_at)


def schedule_summary(row: Schedule, on_call: list[OnCall]) -> ScheduleSummary:
    return ScheduleSummary(
        name=row.name,
        team=row.team,
        timezone=row.timezone,
        holiday_country=row.holiday_country,
        services=[s.service for s in row.services],
        admins=list(row.admins),
        on_call=[on_call_out(o) for o in on_call],
    )


def week_out(row: WeekRow) -> WeekOut:
    return WeekOut(
        week=row.week,
        first=row.first,
        last=row.last,
        roles=row.main,
        holidays=row.holidays,
        overrides=[shift_out(s) for s in row.overridden],
    )
