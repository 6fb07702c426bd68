"""On-call pages: every schedule with who is on now, and one schedule's weeks ahead.

The schedule page shows 003 §4.2's table, a timeline per week with today's line, the
overrides (editable by schedule admins; responders add their own) and the hand-overs.
Times are shown in the schedule's zone, where its hand-offs are defined.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response

from warroom.oncall import actions, queries, views
from warroom.oncall.resolve import Shift
from warroom.oncall.rules import is_schedule_admin, parse_zone
from warroom.oncall.weeks import WeekRow
from warroom.web.auth import actor_of
from warroom.web.params import RowId
from warroom.web.present import gettext
from warroom.web.state import Reader, Writer
from warroom.web.state import State as AppStateDep
from warroom.web.ui.render import FormUser, PageUser, redirect, render

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form()]
PALETTE = 6


@router.get("/oncall")
def schedules(request: Request, reader: Reader, state: AppStateDep, _who: PageUser) -> Response:
    now = state.clock.now()
    rows = [views.summary(reader, s, now) for s in queries.list_schedules(reader)]
    return render(request, "oncall_list.html", {"schedules": rows})


@router.get("/oncall/{name}")
def schedule_page(
    name: str,
    request: Request,
    reader: Reader,
    state: AppStateDep,
    who: PageUser,
    weeks: Annotated[int, Query(ge=1, le=views.MAX_WEEKS)] = 4,
) -> Response:
    now = state.clock.now()
    row = queries.get_schedule(reader, name)
    zone = parse_zone(row.timezone)
    table = views.weeks(reader, row, now.astimezone(zone).date(), weeks)
    info = views.detail(reader, row, now)
    people = sorted({p for r in row.rotations for p in r.people})
    found = queries.shifts_between(reader, row, table[0].start, table[-1].end)
    context = {
        "s": info,
        "zone": zone.key,
        "at": lambda value: _at(value, zone),
        "table": table,
        "bars": [_bars(w, found, people, now) for w in table],
        "people": people,
        "colour": {p: i % PALETTE for i, p in enumerate(people)},
        "next": views.upcoming_handover(reader, row, now),
        "is_admin": is_schedule_admin(who, row.admins),
        "me": who.username,
        "weeks": weeks,
        "changes": queries.list_changes(reader, row, limit=10),
    }
    return render(request, "oncall.html", context)


def _at(value: datetime, zone: ZoneInfo) -> str:
    return f"{value.astimezone(zone):%m-%d %H:%M}"


def _bars(week: WeekRow, found: list[Shift], people: list[str], now: datetime) -> dict[str, Any]:
    """Segments of each role in one week as percentages of the week, and today's line."""
    span = (week.end - week.start).total_seconds()
    roles: dict[str, list[dict[str, Any]]] = {}
    for shift in found:
        lo, hi = max(shift.start, week.start), min(shift.end, week.end)
        if lo >= hi:
            continue
        roles.setdefault(shift.role, []).append(
            {
                "person": shift.person,
                "left": round((lo - week.start).total_seconds() / span * 100, 3),
                "width": round((hi - lo).total_seconds() / span * 100, 3),
                "start": lo,
                "end": hi,
                "overridden": shift.overridden,
                "known": shift.person in people,
            }
        )
    today = None
    if week.start <= now < week.end:
        today = round((now - week.start).total_seconds() / span * 100, 3)
    return {
        "roles": roles,
        "today": today,
        "days": [week.first + timedelta(days=i) for i in range(7)],
    }


@router.post("/oncall/{name}/overrides")
def add_override(
    name: str,
    request: Request,
    writer: Writer,
    state: AppStateDep,
    who: FormUser,
    person: Text,
    start: Text,
    end: Text,
    role: Text = "primary",
    reason: Text = "",
) -> Response:
    row = queries.get_schedule(writer, name)
    zone = parse_zone(row.timezone)
    actions.add_override(
        session=writer,
        actor=actor_of(who),
        now=state.clock.now(),
        schedule=name,
        person=person,
        start=_local(start, zone),
        end=_local(end, zone),
        role=role,
        reason=reason,
        access=who,
    )
    _ = gettext(request)
    return redirect(f"/oncall/{row.name}", flash=_("Override saved."))


@router.post("/oncall/{name}/overrides/{override_id}/cancel")
def cancel_override(
    name: str,
    override_id: RowId,
    request: Request,
    writer: Writer,
    state: AppStateDep,
    who: FormUser,
) -> Response:
    actions.cancel_override(
        session=writer,
        actor=actor_of(who),
        now=state.clock.now(),
        schedule=name,
        override_id=override_id,
        access=who,
    )
    _ = gettext(request)
    return redirect(f"/oncall/{name}", flash=_("Override cancelled."))


@router.post("/oncall/{name}/notes")
def leave_note(
    name: str, request: Request, writer: Writer, state: AppStateDep, who: FormUser, body: Text
) -> Response:
    actions.leave_handover_note(
        session=writer, actor=actor_of(who), now=state.clock.now(), schedule=name, body=body
    )
    _ = gettext(request)
    return redirect(f"/oncall/{name}", flash=_("Note left for the next hand-over."))


def _local(value: str, zone: ZoneInfo) -> datetime:
    """A datetime-local field (no zone) in the schedule's zone."""
    from warroom.errors import InvalidInput
    from warroom.oncall.wallclock import to_utc

    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(f"cannot read the time '{value}'", hint="Use the date picker.") from None
    if parsed.tzinfo is not None:
        return parsed
    return to_utc(parsed, zone)
