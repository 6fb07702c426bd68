"""`warroom oncall ...`: who is on call, the weekly table, overrides and hand-over notes."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer

from warroom.cli import oncall_admin
from warroom.cli.options import JSON, TZ, gettext
from warroom.cli.runtime import emit_json, new_app, runtime

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo


def _(text: str) -> str:
    """Translate a message marked here for extraction (Babel reads `_("...")`)."""
    return gettext()(text)


app = new_app("On-call schedules: who is on call, rotations, overrides, hand-over, iCal.")
app.add_typer(oncall_admin.schedule_app, name="schedule")
app.add_typer(oncall_admin.rotation_app, name="rotation")
app.command("ical")(oncall_admin.ical)
app.command("import")(oncall_admin.import_calendar)

Schedule = Annotated[str, typer.Argument(help="Schedule name, e.g. platform.")]


def schedule_zone(name: str, override: str | None = None) -> ZoneInfo:
    """The zone to read and show times in: --tz, else the schedule's own."""
    from warroom.oncall.queries import get_schedule
    from warroom.oncall.rules import parse_zone

    rt = runtime()
    if override:
        return rt.tz(override)
    with rt.read() as session:
        return parse_zone(get_schedule(session, name).timezone)


def when(value: str | None, tz: ZoneInfo) -> datetime | None:
    from warroom.core.when import parse_when

    return parse_when(value, tz=tz, now=runtime().now())


def clock(value: datetime, tz: ZoneInfo) -> str:
    return f"{value.astimezone(tz):%Y-%m-%d %H:%M}"


@app.command()
def who(
    schedule: Schedule,
    at: Annotated[
        str | None, typer.Option(help="When (default now); naive times are in the schedule's zone.")
    ] = None,
    tz: TZ = None,
    as_json: JSON = False,
) -> None:
    """Who is on call now (or --at), primary first."""
    from warroom.cli.backend import backend
    from warroom.cli.plain import on_call

    source = backend()
    zone = runtime().tz(tz) if tz else runtime().tz(source.schedule_zone(schedule))
    instant = when(at, zone) or runtime().now()
    found = source.who(schedule, instant)
    if as_json:
        emit_json(found)
        return
    typer.echo(on_call(schedule, instant, zone, found, gettext()))


@app.command()
def show(
    schedule: Schedule,
    weeks: Annotated[int, typer.Option(help="How many weeks (1–26).")] = 4,
    start: Annotated[
        str | None, typer.Option("--from", help="First week (default this one).")
    ] = None,
    tz: TZ = None,
    as_json: JSON = False,
) -> None:
    """The weekly table of 003 §4.2 (week, dates, primary, secondary, note) and the rules."""
    from warroom.oncall import views
    from warroom.oncall.queries import get_schedule
    from warroom.oncall.schemas import week_out

    rt, zone = runtime(), schedule_zone(schedule, tz)
    first = (when(start, zone) or rt.now()).astimezone(zone).date()
    with rt.read() as session:
        row = get_schedule(session, schedule)
        table = views.weeks(session, row, first, weeks)
        info = views.detail(session, row, rt.now())
    if as_json:
        emit_json(
            {
                "schedule": info.model_dump(mode="json"),
                "weeks": [week_out(w).model_dump(mode="json") for w in table],
            }
        )
        return
    from warroom.cli.oncall_render import oncall_rules, oncall_weeks

    oncall_weeks(info, table, zone)
    oncall_rules(info, zone)


@app.command()
def override(
    schedule: Schedule,
    person: Annotated[str, typer.Option(help="Who goes on call (or off, with --remove).")],
    start: Annotated[str, typer.Option("--from", help="Start (schedule's zone if no offset).")],
    end: Annotated[str, typer.Option("--to", help="End.")],
    reason: Annotated[str, typer.Option(help="Why, e.g. swap, sick, holiday.")] = "",
    role: Annotated[str, typer.Option(help="Which role (default primary).")] = "primary",
    replaces: Annotated[
        str | None, typer.Option(help="Replace only this person (default: whoever is on).")
    ] = None,
    add: Annotated[bool, typer.Option("--add", help="On call as well, replacing nobody.")] = False,
    remove: Annotated[bool, typer.Option("--remove", help="Take the person off.")] = False,
    as_json: JSON = False,
) -> None:
    """Put someone on call for a span (a swap, a temporary schedule), or take them off."""
    from warroom.errors import InvalidInput
    from warroom.oncall.actions import add_override
    from warroom.oncall.schemas import override_out

    if add and remove:
        raise InvalidInput("--add and --remove exclude each other", hint="Pick one.")
    rt, zone = runtime(), schedule_zone(schedule)
    begin, finish = when(start, zone), when(end, zone)
    assert begin is not None and finish is not None
    kind = "add" if add else "remove" if remove else "replace"
    row = rt.write(
        lambda s: add_override(
            session=s,
            actor=rt.actor,
            now=rt.now(),
            schedule=schedule,
            person=person,
            start=begin,
            end=finish,
            role=role,
            kind=kind,
            replaces=replaces,
            reason=reason,
        )
    )
    out = override_out(row)
    if as_json:
        emit_json(out.model_dump(mode="json"))
        return
    typer.echo(
        _("override {id}: {person} {kind} {role} {start} → {end}").format(
            id=out.id,
            person=out.person,
            kind=_(out.kind),
            role=_(out.role),
            start=clock(out.start, zone),
            end=clock(out.end, zone),
        )
    )


@app.command("cancel-override")
def cancel_override(schedule: Schedule, override_id: int) -> None:
    """Cancel an override (it stays in the schedule's change log)."""
    from warroom.oncall.actions import cancel_override as cancel

    rt = runtime()
    rt.write(
        lambda s: cancel(
            session=s, actor=rt.actor, now=rt.now(), schedule=schedule, override_id=override_id
        )
    )
    typer.echo(_("override {id} cancelled").format(id=override_id))


@app.command()
def handover(
    schedule: Schedule,
    note: Annotated[str | None, typer.Argument(help="A note for the next hand-over.")] = None,
    tz: TZ = None,
    as_json: JSON = False,
) -> None:
    """Leave a note for the next hand-over, or show the next and the last hand-overs."""
    from warroom.oncall import views
    from warroom.oncall.actions import leave_handover_note
    from warroom.oncall.queries import get_schedule

    rt, zone = runtime(), schedule_zone(schedule, tz)
    if note is not None:
        rt.write(
            lambda s: leave_handover_note(
                session=s, actor=rt.actor, now=rt.now(), schedule=schedule, body=note
            )
        )
        typer.echo(_("note left for the next hand-over"))
        return
    with rt.read() as session:
        row = get_schedule(session, schedule)
        info = views.detail(session, row, rt.now())
        upcoming = views.upcoming_handover(session, row, rt.now())
    if as_json:
        emit_json(
            {
                "next": None
                if upcoming is None
                else {
                    "at": upcoming.at.isoformat(),
                    "role": upcoming.role,
                    "outgoing": upcoming.outgoing,
                    "incoming": upcoming.incoming,
                },
                "pending_notes": [n.model_dump(mode="json") for n in info.pending_notes],
                "handovers": [h.model_dump(mode="json") for h in info.handovers],
            }
        )
        return
    from warroom.cli.oncall_render import oncall_handovers

    oncall_handovers(info, upcoming, zone)
