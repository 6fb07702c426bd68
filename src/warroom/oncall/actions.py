"""On-call writes: schedules, rotations, overrides and hand-over notes.

Like every action these validate with `rules`, write, log the change on the schedule's
audit log, queue the next hand-over job, and never commit. `access` is the web or API
caller (None: the local CLI, which owns the database).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from warroom.accounts.rules import Principal
from warroom.core.actor import Actor
from warroom.errors import Conflict, InvalidInput
from warroom.jobs.queue import enqueue
from warroom.oncall import queries, rules
from warroom.oncall.holiday import check_country
from warroom.oncall.models import (
    Change,
    HandoverNote,
    Override,
    Rotation,
    Schedule,
    ScheduleService,
)
from warroom.oncall.plans import rotation_spec
from warroom.oncall.spec import OverrideKind
from warroom.oncall.weeks import HANDOVER_HORIZON, next_handover
from warroom.people.actions import normalize_handle, register_service
from warroom.people.queries import find_person

HANDOVER_JOB = "oncall.handover"


def create_schedule(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    name: str,
    timezone: str,
    team: str | None = None,
    holiday_country: str = "KR",
    holiday_subdiv: str | None = None,
    services: Sequence[str] = (),
    admins: Sequence[str] = (),
    description: str = "",
) -> Schedule:
    """Create a schedule in a zone, with the services it covers and its admins."""
    key = rules.parse_slug(name, "schedule")
    zone = rules.parse_zone(timezone)
    country, subdiv = check_country(holiday_country, holiday_subdiv)
    if queries.find_schedule(session, key) is not None:
        raise Conflict(f"schedule {key} already exists", hint="Use `warroom oncall schedule edit`.")
    schedule = Schedule(
        name=key,
        team=team,
        timezone=zone.key,
        holiday_country=country,
        holiday_subdiv=subdiv,
        description=description.strip(),
        admins=sorted({normalize_handle(a) for a in admins}),
        created_at=now,
        created_by=str(actor),
        updated_at=now,
    )
    session.add(schedule)
    session.flush()
    _cover(session, schedule, services, now)
    log_change(
        session, schedule, actor, now, action="schedule_created", detail={"timezone": zone.key}
    )
    return schedule


def edit_schedule(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    name: str,
    access: Principal | None = None,
    timezone: str | None = None,
    team: str | None = None,
    holiday_country: str | None = None,
    holiday_subdiv: str | None = None,
    add_services: Sequence[str] = (),
    remove_services: Sequence[str] = (),
    admins: Sequence[str] | None = None,
) -> Schedule:
    """Change a schedule's zone, team, holidays, services or admins (schedule admins only)."""
    schedule = queries.get_schedule(session, name)
    rules.ensure_schedule_admin(access, schedule.admins, "editing a schedule")
    if timezone is not None:
        schedule.timezone = rules.parse_zone(timezone).key
        for rotation in schedule.rotations:
            rules.check_handoffs_exist(rotation_spec(rotation), rules.parse_zone(timezone))
    if holiday_country is not None:
        schedule.holiday_country, schedule.holiday_subdiv = check_country(
            holiday_country, holiday_subdiv
        )
    if team is not None:
        schedule.team = team or None
    if admins is not None:
        schedule.admins = sorted({normalize_handle(a) for a in admins})
    removed = {s.strip().lower() for s in remove_services}
    schedule.services = [s for s in schedule.services if s.service not in removed]
    session.flush()
    _cover(session, schedule, add_services, now)
    schedule.updated_at = now
    log_change(
        session,
        schedule,
        actor,
        now,
        action="schedule_edited",
        detail={"timezone": schedule.timezone},
    )
    schedule_next_handover(session, schedule, now)
    return schedule


def _cover(session: Session, schedule: Schedule, services: Sequence[str], now: datetime) -> None:
    for raw in services:
        service = register_service(session, name=raw, now=now)
        current = session.get(ScheduleService, service.name)
        if current is not None and current.schedule_name != schedule.name:
            raise Conflict(
                f"service {service.name} is already covered by {current.schedule_name}",
                hint=f"Remove it there first: `warroom oncall schedule edit "
                f"{current.schedule_name} --remove-service {service.name}`.",
            )
        if current is None:
            schedule.services.append(ScheduleService(service=service.name))
    session.flush()


def add_rotation(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    schedule: str,
    role: str,
    people: Sequence[str],
    access: Principal | None = None,
    name: str | None = None,
    length: str = "weekly",
    count: int = 1,
    handoff: str = "mon 09:00",
    start: date | None = None,
    end: date | None = None,
    offset: int = 0,
    layer: int = 1,
    windows: Sequence[str] = (),
    holidays: bool = False,
) -> Rotation:
    """Add people taking turns in a role; refused when it would overlap its layer."""
    row = queries.get_schedule(session, schedule)
    rules.ensure_schedule_admin(access, row.admins, "adding a rotation")
    role_key = rules.parse_slug(role, "role")
    key = rules.parse_slug(name or role_key, "rotation")
    if any(r.name == key for r in row.rotations):
        raise Conflict(
            f"{row.name} already has a rotation named {key}",
            hint="Give this one --name, or remove the old one first.",
        )
    unit, size = rules.parse_length(length, count)
    weekday, clock = rules.parse_handoff(handoff, weekly=length == "weekly")
    team = _check_people(session, rules.require_people([normalize_handle(p) for p in people]))
    if layer < 1:
        raise InvalidInput("layers are numbered from 1", hint="--layer 1 (higher wins).")
    first = start or now.astimezone(rules.parse_zone(row.timezone)).date()
    if end is not None and end <= first:
        raise InvalidInput("the rotation ends before it starts", hint="Give --until after --start.")
    rotation = Rotation(
        schedule_name=row.name,
        name=key,
        role=role_key,
        layer=layer,
        source="rules",
        people=list(team),
        unit=unit.value,
        length=size,
        handoff=f"{clock:%H:%M}",
        handoff_weekday=weekday if length == "weekly" else None,
        start_date=first,
        end_date=end,
        person_offset=offset,
        windows=[rules.format_window(rules.parse_window(w)) for w in windows],
        holidays=holidays,
        created_at=now,
        created_by=str(actor),
    )
    spec = rotation_spec(rotation)
    rules.check_handoffs_exist(spec, rules.parse_zone(row.timezone))
    rules.check_no_overlap(spec, [rotation_spec(r) for r in row.rotations])
    row.rotations.append(rotation)
    row.updated_at = now
    session.flush()
    log_change(
        session,
        row,
        actor,
        now,
        action="rotation_added",
        detail={"rotation": key, "people": list(team)},
    )
    schedule_next_handover(session, row, now)
    return rotation


def remove_rotation(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    schedule: str,
    rotation: str,
    access: Principal | None = None,
) -> Schedule:
    row = queries.get_schedule(session, schedule)
    rules.ensure_schedule_admin(access, row.admins, "removing a rotation")
    target = queries.get_rotation(session, row, rotation)
    row.rotations.remove(target)
    row.updated_at = now
    session.flush()
    log_change(
        session, row, actor, now, action="rotation_removed", detail={"rotation": target.name}
    )
    schedule_next_handover(session, row, now)
    return row


def _check_people(session: Session, people: tuple[str, ...]) -> tuple[str, ...]:
    unknown = sorted({p for p in people if find_person(session, p) is None})
    if unknown:
        raise InvalidInput(
            f"unknown people: {', '.join(unknown)}",
            hint=f"Add them first: `warroom people add {unknown[0]}`.",
        )
    return people


def add_override(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    schedule: str,
    person: str,
    start: datetime,
    end: datetime,
    access: Principal | None = None,
    role: str = "primary",
    kind: str = "replace",
    replaces: str | None = None,
    reason: str = "",
) -> Override:
    """Put a person on call (or take them off) for a span; the latest override wins."""
    row = queries.get_schedule(session, schedule)
    who = normalize_handle(person)
    rules.ensure_may_override(access, row.admins, who)
    rules.check_span(start, end)
    try:
        how = OverrideKind(kind)
    except ValueError:
        raise InvalidInput(
            f"unknown override kind '{kind}'", hint="Use replace, add or remove."
        ) from None
    others = [normalize_handle(replaces)] if replaces else []
    _check_people(session, (who, *others))
    override = Override(
        schedule_name=row.name,
        role=rules.parse_slug(role, "role"),
        kind=how.value,
        person=who,
        replaces=others[0] if others else None,
        starts_at=start,
        ends_at=end,
        reason=reason.strip(),
        created_at=now,
        created_by=str(actor),
    )
    session.add(override)
    session.flush()
    log_change(session, row, actor, now, action="override_added", detail=_override_detail(override))
    schedule_next_handover(session, row, now)
    return override


def cancel_override(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    schedule: str,
    override_id: int,
    access: Principal | None = None,
) -> Override:
    row = queries.get_schedule(session, schedule)
    override = queries.get_override(session, row, override_id)
    rules.ensure_may_override(access, row.admins, override.person)
    override.cancelled_at = now
    log_change(
        session, row, actor, now, action="override_cancelled", detail=_override_detail(override)
    )
    schedule_next_handover(session, row, now)
    return override


def _override_detail(override: Override) -> dict[str, Any]:
    return {
        "id": override.id,
        "kind": override.kind,
        "role": override.role,
        "person": override.person,
        "from": override.starts_at.isoformat(),
        "to": override.ends_at.isoformat(),
        "reason": override.reason,
    }


def leave_handover_note(
    *, session: Session, actor: Actor, now: datetime, schedule: str, body: str
) -> HandoverNote:
    """Leave a note for the next hand-over (what is in flight, what to watch)."""
    row = queries.get_schedule(session, schedule)
    text = body.strip()
    if not text:
        raise InvalidInput("the hand-over note is empty", hint='e.g. "DB failover drill Thursday".')
    note = HandoverNote(schedule_name=row.name, author=str(actor), body=text, created_at=now)
    session.add(note)
    session.flush()
    schedule_next_handover(session, row, now)
    return note


def schedule_next_handover(session: Session, schedule: Schedule, now: datetime) -> None:
    """Queue the job for the next change of primary (deduplicated per schedule and instant)."""
    plan = queries.load_plan(session, schedule, now - HANDOVER_HORIZON, now + HANDOVER_HORIZON)
    change = next_handover(plan, now)
    if change is None:
        return
    at = change.at.isoformat()
    enqueue(
        session,
        HANDOVER_JOB,
        {"schedule": schedule.name, "at": at},
        now=now,
        run_at=change.at,
        dedupe_key=f"{HANDOVER_JOB}:{schedule.name}:{at}",
    )


def log_change(
    session: Session,
    schedule: Schedule,
    actor: Actor,
    now: datetime,
    *,
    action: str,
    detail: dict[str, Any],
) -> None:
    session.add(
        Change(schedule_name=schedule.name, at=now, actor=str(actor), action=action, detail=detail)
    )
