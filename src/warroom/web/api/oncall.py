"""/api/v1/oncall: schedules, who is on call, shifts, overrides, hand-overs, feeds and imports.

Routes parse and authorise; the on-call actions decide (viewers read, responders
override for themselves, schedule admins edit rotations). The iCal feed itself is at
/oncall/ical/<token>.ics, outside /api: the unguessable token is its only credential.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field

from warroom.oncall import actions, calendars, queries, schemas, views
from warroom.oncall.rules import parse_zone
from warroom.web.auth import Admin, Responder, Viewer, actor_of
from warroom.web.params import RowId
from warroom.web.state import Reader, State, Writer

router = APIRouter(prefix="/oncall", tags=["on-call"])
feeds = APIRouter(tags=["on-call"])


class ScheduleIn(BaseModel):
    name: str
    timezone: str
    team: str | None = None
    holiday_country: str | None = Field(default=None, description="Default: the setting (KR).")
    services: list[str] = Field(default_factory=list)
    admins: list[str] = Field(default_factory=list)
    description: str = ""


class ScheduleEdit(BaseModel):
    timezone: str | None = None
    team: str | None = None
    holiday_country: str | None = None
    add_services: list[str] = Field(default_factory=list)
    remove_services: list[str] = Field(default_factory=list)
    admins: list[str] | None = None


class RotationIn(BaseModel):
    role: str
    people: list[str]
    name: str | None = None
    length: str = Field(default="weekly", description="weekly, daily, hourly or days")
    count: int = Field(default=1, ge=1, le=10_000, description="N for hourly and days")
    handoff: str = Field(default="mon 09:00", description='"mon 10:00" or "09:00"')
    start: date | None = None
    end: date | None = None
    offset: int = Field(default=0, ge=0, le=10_000)
    layer: int = Field(default=1, ge=1, le=100)
    windows: list[str] = Field(default_factory=list, examples=[["weekdays 18:00-09:00"]])
    holidays: bool = False


class OverrideIn(BaseModel):
    person: str
    start: datetime
    end: datetime
    role: str = "primary"
    kind: str = Field(default="replace", description="replace, add or remove")
    replaces: str | None = None
    reason: str = ""


class NoteIn(BaseModel):
    body: str


class FeedOut(BaseModel):
    path: str
    token: str


class HandoverNext(BaseModel):
    at: datetime
    role: str
    outgoing: list[str]
    incoming: list[str]


class Handovers(BaseModel):
    next: HandoverNext | None
    pending_notes: list[schemas.NoteOut]
    handovers: list[schemas.HandoverOut]


class Imported(BaseModel):
    rotation: str
    shifts: int


class ServiceSchedule(BaseModel):
    service: str
    schedule: str | None


@router.get("/schedules")
def list_schedules(reader: Reader, state: State, _who: Viewer) -> list[schemas.ScheduleSummary]:
    """Every schedule with who is on call now."""
    now = state.clock.now()
    return [views.summary(reader, row, now) for row in queries.list_schedules(reader)]


@router.post("/schedules", status_code=201)
def create_schedule(
    body: ScheduleIn, writer: Writer, state: State, who: Admin
) -> schemas.ScheduleDetail:
    fields = body.model_dump()
    country = fields.pop("holiday_country")
    row = actions.create_schedule(
        session=writer,
        actor=actor_of(who),
        now=state.clock.now(),
        holiday_country=state.settings.oncall_holiday_country if country is None else country,
        **fields,
    )
    return views.detail(writer, row, state.clock.now())


@router.get("/schedules/{name}")
def get_schedule(name: str, reader: Reader, state: State, _who: Viewer) -> schemas.ScheduleDetail:
    return views.detail(reader, queries.get_schedule(reader, name), state.clock.now())


@router.patch("/schedules/{name}")
def edit_schedule(
    name: str, body: ScheduleEdit, writer: Writer, state: State, who: Responder
) -> schemas.ScheduleDetail:
    row = actions.edit_schedule(
        session=writer,
        actor=actor_of(who),
        now=state.clock.now(),
        name=name,
        access=who,
        **body.model_dump(),
    )
    return views.detail(writer, row, state.clock.now())


@router.get("/schedules/{name}/who")
def who_is_on_call(
    name: str,
    reader: Reader,
    state: State,
    _who: Viewer,
    at: Annotated[datetime | None, Query(description="Default now; give an offset.")] = None,
) -> list[schemas.OnCallOut]:
    """Who is on call at `at`, primary first, each with the contiguous shift holding `at`."""
    instant = at or state.clock.now()
    return [schemas.on_call_out(o) for o in queries.who_is_on_call(reader, name, instant)]


@router.get("/schedules/{name}/shifts")
def shifts(
    name: str,
    reader: Reader,
    state: State,
    _who: Viewer,
    start: datetime | None = None,
    end: datetime | None = None,
) -> list[schemas.ShiftOut]:
    """Shifts in [start, end) (default: the next four weeks; at most 400 days)."""
    begin = start or state.clock.now()
    finish = end or begin + timedelta(weeks=4)
    row = queries.get_schedule(reader, name)
    return [schemas.shift_out(s) for s in queries.shifts_between(reader, row, begin, finish)]


@router.get("/schedules/{name}/weeks")
def weeks(
    name: str,
    reader: Reader,
    state: State,
    _who: Viewer,
    start: Annotated[date | None, Query(description="A day of the first week.")] = None,
    count: Annotated[int, Query(ge=1, le=views.MAX_WEEKS)] = 4,
) -> list[schemas.WeekOut]:
    """003 §4.2's table: each week's main primary and secondary, holidays and overrides."""
    row = queries.get_schedule(reader, name)
    first = start or state.clock.now().astimezone(parse_zone(row.timezone)).date()
    return [schemas.week_out(w) for w in views.weeks(reader, row, first, count)]


@router.post("/schedules/{name}/rotations", status_code=201)
def add_rotation(
    name: str, body: RotationIn, writer: Writer, state: State, who: Responder
) -> schemas.RotationOut:
    row = actions.add_rotation(
        session=writer,
        actor=actor_of(who),
        now=state.clock.now(),
        schedule=name,
        access=who,
        **body.model_dump(),
    )
    return schemas.rotation_out(row)


@router.delete("/schedules/{name}/rotations/{rotation}", status_code=204)
def remove_rotation(
    name: str, rotation: str, writer: Writer, state: State, who: Responder
) -> Response:
    actions.remove_rotation(
        session=writer,
        actor=actor_of(who),
        now=state.clock.now(),
        schedule=name,
        rotation=rotation,
        access=who,
    )
    return Response(status_code=204)


@router.post("/schedules/{name}/overrides", status_code=201)
def add_override(
    name: str, body: OverrideIn, writer: Writer, state: State, who: Responder
) -> schemas.OverrideOut:
    """Responders may override only themselves; schedule admins anyone."""
    row = actions.add_override(
        session=writer,
        actor=actor_of(who),
        now=state.clock.now(),
        schedule=name,
        access=who,
        **body.model_dump(),
    )
    return schemas.override_out(row)


@router.delete("/schedules/{name}/overrides/{override_id}", status_code=204)
def cancel_override(
    name: str, override_id: RowId, writer: Writer, state: State, who: Responder
) -> Response:
    actions.cancel_override(
        session=writer,
        actor=actor_of(who),
        now=state.clock.now(),
        schedule=name,
        override_id=override_id,
        access=who,
    )
    return Response(status_code=204)


@router.get("/schedules/{name}/handovers")
def handovers(name: str, reader: Reader, state: State, _who: Viewer) -> Handovers:
    """The next change of primary, the notes left for it, and the last hand-overs."""
    row = queries.get_schedule(reader, name)
    now = state.clock.now()
    info = views.detail(reader, row, now)
    upcoming = views.upcoming_handover(reader, row, now)
    return Handovers(
        next=None
        if upcoming is None
        else HandoverNext(
            at=upcoming.at,
            role=upcoming.role,
            outgoing=upcoming.outgoing,
            incoming=upcoming.incoming,
        ),
        pending_notes=info.pending_notes,
        handovers=info.handovers,
    )


@router.post("/schedules/{name}/handover-notes", status_code=201)
def leave_note(
    name: str, body: NoteIn, writer: Writer, state: State, who: Responder
) -> schemas.NoteOut:
    note = actions.leave_handover_note(
        session=writer, actor=actor_of(who), now=state.clock.now(), schedule=name, body=body.body
    )
    return schemas.note_out(note)


@router.post("/schedules/{name}/feed", status_code=201)
def schedule_feed(name: str, writer: Writer, state: State, who: Responder) -> FeedOut:
    """A new subscription URL for the schedule (the previous one stops working)."""
    return _feed(writer, state, who, schedule=name)


@router.post("/people/{handle}/feed", status_code=201)
def person_feed(handle: str, writer: Writer, state: State, who: Responder) -> FeedOut:
    """A new subscription URL for one person's shifts in every schedule."""
    return _feed(writer, state, who, person=handle)


def _feed(writer: Any, state: Any, who: Any, **target: str) -> FeedOut:
    _row, token = calendars.new_feed(
        session=writer, actor=actor_of(who), now=state.clock.now(), access=who, **target
    )
    return FeedOut(path=f"/oncall/ical/{token}.ics", token=token)


@router.post("/schedules/{name}/imports", status_code=201)
async def import_calendar(
    name: str,
    request: Request,
    writer: Writer,
    state: State,
    who: Responder,
    rotation: str = "imported",
    role: str = "primary",
    layer: Annotated[int, Query(ge=1, le=100)] = 1,
) -> Imported:
    """Import an iCal (request body, text/calendar) as a read-only rotation."""
    row, count = calendars.import_calendar(
        session=writer,
        actor=actor_of(who),
        now=state.clock.now(),
        schedule=name,
        rotation=rotation,
        data=await request.body(),
        role=role,
        layer=layer,
        access=who,
    )
    return Imported(rotation=row.name, shifts=count)


@router.get("/services/{service}")
def service_schedule(service: str, reader: Reader, _who: Viewer) -> ServiceSchedule:
    """The schedule that covers a service (whom its alerts page)."""
    return ServiceSchedule(
        service=service.strip().lower(), schedule=queries.schedule_for_service(reader, service)
    )


@feeds.get("/oncall/ical/{token}.ics", response_class=Response)
def ical_feed(token: str, reader: Reader, state: State) -> Response:
    """The calendar behind a feed URL; a wrong or rotated token is 404."""
    feed = calendars.feed_for_token(reader, token)
    body = calendars.feed_calendar(reader, feed, state.clock.now())
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "private, max-age=300"},
    )
