"""Turn stored rows into the pure `SchedulePlan` that resolution works on."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from warroom.oncall import rules
from warroom.oncall.holiday import HolidayCalendar
from warroom.oncall.models import ImportedShift, Override, Rotation, Schedule
from warroom.oncall.spec import (
    FixedShift,
    OverrideKind,
    OverrideSpec,
    RotationSpec,
    SchedulePlan,
    Unit,
)


def rotation_spec(row: Rotation, fixed: Iterable[ImportedShift] | None = None) -> RotationSpec:
    handoff = rules.parse_clock(row.handoff)
    anchor = rules.anchor_for(row.start_date, row.handoff_weekday, handoff)
    return RotationSpec(
        name=row.name,
        role=row.role,
        layer=row.layer,
        people=tuple(row.people),
        unit=Unit(row.unit),
        length=row.length,
        anchor=anchor,
        until=datetime.combine(row.end_date, handoff) if row.end_date else None,
        offset=row.person_offset,
        windows=tuple(rules.parse_window(w) for w in row.windows),
        holidays=row.holidays,
        fixed=None
        if row.source == "rules"
        else tuple(FixedShift(s.starts_at, s.ends_at, s.person) for s in fixed or ()),
    )


def override_spec(row: Override) -> OverrideSpec:
    return OverrideSpec(
        id=row.id,
        role=row.role,
        kind=OverrideKind(row.kind),
        person=row.person,
        start=row.starts_at,
        end=row.ends_at,
        replaces=row.replaces,
    )


def calendar_of(schedule: Schedule) -> HolidayCalendar:
    return HolidayCalendar(schedule.holiday_country, schedule.holiday_subdiv)


def plan_of(
    schedule: Schedule,
    overrides: Iterable[OverrideSpec] = (),
    imported: Mapping[int, list[ImportedShift]] | None = None,
) -> SchedulePlan:
    imported = imported or {}
    return SchedulePlan(
        name=schedule.name,
        tz=rules.parse_zone(schedule.timezone),
        rotations=tuple(rotation_spec(r, imported.get(r.id, [])) for r in schedule.rotations),
        overrides=tuple(overrides),
        holidays=calendar_of(schedule),
    )
