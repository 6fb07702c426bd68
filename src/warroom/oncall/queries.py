"""Reads: schedules, who is on call, shifts over a range, overrides, hand-overs, feeds.

`who_is_on_call` and `schedule_for_service` are the interface escalation pages from.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom.clock import ensure_utc
from warroom.errors import NotFound
from warroom.oncall import resolve
from warroom.oncall.models import (
    Change,
    Feed,
    Handover,
    HandoverNote,
    ImportedShift,
    Override,
    Rotation,
    Schedule,
    ScheduleService,
)
from warroom.oncall.plans import plan_of
from warroom.oncall.rules import OnCall
from warroom.oncall.spec import OverrideKind, OverrideSpec, SchedulePlan

# `who` loads overrides and imported shifts this far around the instant; a shift longer
# than this on either side is reported cut at its edge.
WHO_REACH = timedelta(days=32)
MAX_RANGE = timedelta(days=400)


def find_schedule(session: Session, name: str) -> Schedule | None:
    return session.get(Schedule, name.strip().lower())


def get_schedule(session: Session, name: str) -> Schedule:
    schedule = find_schedule(session, name)
    if schedule is None:
        raise NotFound(
            f"on-call schedule '{name}' not found",
            hint="`warroom oncall schedule list` shows them; "
            "`warroom oncall schedule create NAME --tz Asia/Seoul` makes one.",
        )
    return schedule


def list_schedules(session: Session, *, limit: int | None = None) -> list[Schedule]:
    return list(session.scalars(select(Schedule).order_by(Schedule.name).limit(limit)))


def get_rotation(session: Session, schedule: Schedule, name: str) -> Rotation:
    for rotation in schedule.rotations:
        if rotation.name == name.strip().lower():
            return rotation
    raise NotFound(
        f"rotation '{name}' not found in {schedule.name}",
        hint=f"`warroom oncall show {schedule.name}` lists its rotations.",
    )


def load_plan(session: Session, schedule: Schedule, start: datetime, end: datetime) -> SchedulePlan:
    """The schedule's rules with the overrides and imported shifts that touch [start, end)."""
    # Plain rows, not ORM objects: a year of a busy schedule has hundreds of overrides.
    overrides = [
        OverrideSpec(
            id=row.id,
            role=row.role,
            kind=OverrideKind(row.kind),
            person=row.person,
            start=row.starts_at,
            end=row.ends_at,
            replaces=row.replaces,
        )
        for row in session.execute(
            select(
                Override.id,
                Override.role,
                Override.kind,
                Override.person,
                Override.starts_at,
                Override.ends_at,
                Override.replaces,
            )
            .where(
                Override.schedule_name == schedule.name,
                Override.cancelled_at.is_(None),
                Override.ends_at > start,
                Override.starts_at < end,
            )
            .order_by(Override.id)
        )
    ]
    imported: dict[int, list[ImportedShift]] = defaultdict(list)
    sources = [r.id for r in schedule.rotations if r.source != "rules"]
    if sources:
        rows = session.scalars(
            select(ImportedShift)
            .where(
                ImportedShift.rotation_id.in_(sources),
                ImportedShift.ends_at > start,
                ImportedShift.starts_at < end,
            )
            .order_by(ImportedShift.starts_at)
        )
        for row in rows:
            imported[row.rotation_id].append(row)
    return plan_of(schedule, overrides, imported)


def who_is_on_call(session: Session, schedule: str, at: datetime) -> list[OnCall]:
    """Everyone on call at `at`, primary first; [] when nobody is. Unknown schedule: NotFound."""
    row = get_schedule(session, schedule)
    instant = ensure_utc(at)
    plan = load_plan(session, row, instant - WHO_REACH, instant + WHO_REACH)
    return [
        OnCall(
            schedule=row.name,
            role=s.role,
            person=s.person,
            start=s.start,
            end=s.end,
            overridden=s.overridden,
        )
        for s in resolve.on_call(plan, instant, max_reach=WHO_REACH)
    ]


def schedule_for_service(session: Session, service: str) -> str | None:
    """The schedule covering `service` (who to page for its alerts), or None."""
    row = session.get(ScheduleService, service.strip().lower())
    return row.schedule_name if row else None


def schedules_for_services(session: Session, services: list[str]) -> list[str]:
    keys = sorted({s.strip().lower() for s in services if s.strip()})
    if not keys:
        return []
    rows = session.scalars(
        select(ScheduleService.schedule_name).where(ScheduleService.service.in_(keys))
    )
    return sorted(set(rows))


def shifts_between(
    session: Session, schedule: Schedule, start: datetime, end: datetime
) -> list[resolve.Shift]:
    """Every shift in [start, end) (at most 400 days), by role then start."""
    start, end = ensure_utc(start), ensure_utc(end)
    if end - start > MAX_RANGE:
        from warroom.errors import InvalidInput

        raise InvalidInput(
            "ask for at most 400 days of shifts at a time", hint="Narrow --from / --to."
        )
    return resolve.shifts(load_plan(session, schedule, start, end), start, end)


def list_overrides(
    session: Session, schedule: Schedule, *, since: datetime, until: datetime | None = None
) -> list[Override]:
    """Overrides still in force after `since` (and starting before `until`), soonest first."""
    query = select(Override).where(
        Override.schedule_name == schedule.name,
        Override.cancelled_at.is_(None),
        Override.ends_at > since,
    )
    if until is not None:
        query = query.where(Override.starts_at < until)
    return list(session.scalars(query.order_by(Override.starts_at, Override.id)))


def get_override(session: Session, schedule: Schedule, override_id: int) -> Override:
    row = session.get(Override, override_id)
    if row is None or row.schedule_name != schedule.name or row.cancelled_at is not None:
        raise NotFound(
            f"override {override_id} not found in {schedule.name}",
            hint=f"`warroom oncall show {schedule.name}` lists the overrides in force.",
        )
    return row


def pending_notes(session: Session, schedule: Schedule, before: datetime) -> list[HandoverNote]:
    """Notes left for the next hand-over and not yet handed over."""
    return list(
        session.scalars(
            select(HandoverNote)
            .where(
                HandoverNote.schedule_name == schedule.name,
                HandoverNote.handover_id.is_(None),
                HandoverNote.created_at <= before,
            )
            .order_by(HandoverNote.created_at, HandoverNote.id)
        )
    )


def list_handovers(session: Session, schedule: Schedule, *, limit: int = 10) -> list[Handover]:
    return list(
        session.scalars(
            select(Handover)
            .where(Handover.schedule_name == schedule.name)
            .order_by(Handover.at.desc(), Handover.id.desc())
            .limit(limit)
        )
    )


def find_handover(session: Session, schedule: str, role: str, at: datetime) -> Handover | None:
    return session.scalars(
        select(Handover).where(
            Handover.schedule_name == schedule, Handover.role == role, Handover.at == at
        )
    ).first()


def list_changes(session: Session, schedule: Schedule, *, limit: int = 20) -> list[Change]:
    return list(
        session.scalars(
            select(Change)
            .where(Change.schedule_name == schedule.name)
            .order_by(Change.at.desc(), Change.id.desc())
            .limit(limit)
        )
    )


def feed_by_lookup(session: Session, lookup: str) -> Feed | None:
    return session.scalars(
        select(Feed).where(Feed.lookup == lookup, Feed.revoked_at.is_(None))
    ).first()
