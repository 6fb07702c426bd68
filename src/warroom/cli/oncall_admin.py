"""`warroom oncall schedule|rotation|ical|import`: the parts schedule admins edit."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from warroom.cli.options import JSON, gettext
from warroom.cli.runtime import emit_json, new_app, runtime


def _(text: str) -> str:
    """Translate a message marked here for extraction (Babel reads `_("...")`)."""
    return gettext()(text)


schedule_app = new_app("Create, list and edit on-call schedules.")
rotation_app = new_app("Add and remove rotations (people taking turns in a role).")

Schedule = Annotated[str, typer.Argument(help="Schedule name, e.g. platform.")]
Services = Annotated[
    list[str] | None, typer.Option("--service", help="A service it covers (repeatable).")
]
Admins = Annotated[
    list[str] | None, typer.Option("--admin", help="A schedule admin's handle (repeatable).")
]


@schedule_app.command("create")
def create(
    name: str,
    tz: Annotated[str, typer.Option("--tz", help="The schedule's zone, e.g. Asia/Seoul.")],
    team: Annotated[str | None, typer.Option(help="Owning team.")] = None,
    holidays: Annotated[
        str | None, typer.Option(help="Public holidays: KR (default setting), US, DE… or none.")
    ] = None,
    service: Services = None,
    admin: Admins = None,
    description: Annotated[str, typer.Option()] = "",
) -> None:
    """Create a schedule in a zone, with the services it covers and its admins."""
    from warroom.oncall.actions import create_schedule

    rt = runtime()
    country = _country(holidays, rt.settings.oncall_holiday_country)
    row = rt.write(
        lambda s: create_schedule(
            session=s,
            actor=rt.actor,
            now=rt.now(),
            name=name,
            timezone=tz,
            team=team,
            holiday_country=country,
            holiday_subdiv=rt.settings.oncall_holiday_subdiv if holidays is None else None,
            services=service or [],
            admins=admin or [],
            description=description,
        )
    )
    typer.echo(_("schedule {name} created ({zone})").format(name=row.name, zone=row.timezone))


def _country(value: str | None, default: str) -> str:
    if value is None:
        return default
    return "" if value.strip().lower() in ("none", "") else value


@schedule_app.command("list")
def list_(as_json: JSON = False) -> None:
    """Every schedule, with who is on call now."""
    from warroom.oncall import views
    from warroom.oncall.queries import list_schedules

    rt = runtime()
    with rt.read() as session:
        rows = [views.summary(session, s, rt.now()) for s in list_schedules(session)]
    if as_json:
        emit_json([r.model_dump(mode="json") for r in rows])
        return
    for row in rows:
        now = ", ".join(f"{_(o.role)} {o.person}" for o in row.on_call) or _("nobody on call")
        typer.echo(f"{row.name:16s} {row.timezone:20s} {now}")


@schedule_app.command("edit")
def edit(
    name: str,
    tz: Annotated[str | None, typer.Option("--tz")] = None,
    team: Annotated[str | None, typer.Option()] = None,
    holidays: Annotated[str | None, typer.Option(help="KR, US, DE… or none.")] = None,
    service: Services = None,
    remove_service: Annotated[list[str] | None, typer.Option("--remove-service")] = None,
    admin: Annotated[
        list[str] | None, typer.Option("--admin", help="Replace the admins (repeatable).")
    ] = None,
) -> None:
    """Change a schedule's zone, team, holidays, services or admins."""
    from warroom.oncall.actions import edit_schedule

    rt = runtime()
    rt.write(
        lambda s: edit_schedule(
            session=s,
            actor=rt.actor,
            now=rt.now(),
            name=name,
            timezone=tz,
            team=team,
            holiday_country=None if holidays is None else _country(holidays, ""),
            add_services=service or [],
            remove_services=remove_service or [],
            admins=admin,
        )
    )
    typer.echo(_("schedule {name} saved").format(name=name))


@rotation_app.command("add")
def add(
    schedule: Schedule,
    role: Annotated[str, typer.Argument(help="primary, secondary, …")],
    people: Annotated[str, typer.Option(help="Handles in turn order: minsu,jane,chulsoo.")],
    weekly: Annotated[bool, typer.Option("--weekly", help="Week-long turns (default).")] = False,
    daily: Annotated[bool, typer.Option("--daily", help="Day-long turns.")] = False,
    hourly: Annotated[int | None, typer.Option("--hourly", help="Turns of N hours.")] = None,
    days: Annotated[int | None, typer.Option("--days", help="Turns of N days.")] = None,
    handoff: Annotated[
        str, typer.Option(help='Hand-off in the schedule\'s zone: "mon 10:00" or "09:00".')
    ] = "mon 09:00",
    name: Annotated[str | None, typer.Option(help="Rotation name (default: the role).")] = None,
    start: Annotated[
        str | None, typer.Option(help="First day, YYYY-MM-DD (default today).")
    ] = None,
    until: Annotated[str | None, typer.Option(help="Last day, YYYY-MM-DD (open-ended).")] = None,
    offset: Annotated[int, typer.Option(help="Start N people later (secondary: 1).")] = 0,
    layer: Annotated[int, typer.Option(help="Layer; a higher one wins where it has someone.")] = 1,
    on_call: Annotated[
        list[str] | None,
        typer.Option("--on-call", help='On-call window, e.g. "weekdays 18:00-09:00" (repeatable).'),
    ] = None,
    after_hours: Annotated[
        bool, typer.Option(help="003's hours: weekdays 18:00–09:00, weekends and holidays.")
    ] = False,
    holidays: Annotated[bool, typer.Option(help="On call all day on public holidays.")] = False,
) -> None:
    """Add a rotation: people take turns in a role from a hand-off time."""
    from warroom.oncall.actions import add_rotation
    from warroom.oncall.rules import AFTER_HOURS, format_window

    length, count = _length(weekly, daily, hourly, days)
    windows = list(on_call or [])
    if after_hours:
        windows += [format_window(w) for w in AFTER_HOURS]
    rt = runtime()
    row = rt.write(
        lambda s: add_rotation(
            session=s,
            actor=rt.actor,
            now=rt.now(),
            schedule=schedule,
            role=role,
            people=[p for p in people.split(",") if p.strip()],
            name=name,
            length=length,
            count=count,
            handoff=handoff,
            start=_day(start),
            end=_day(until),
            offset=offset,
            layer=layer,
            windows=windows,
            holidays=holidays or after_hours,
        )
    )
    typer.echo(
        _("rotation {name} added: {people}").format(name=row.name, people=", ".join(row.people))
    )


def _length(weekly: bool, daily: bool, hourly: int | None, days: int | None) -> tuple[str, int]:
    from warroom.errors import InvalidInput

    chosen = [
        (flag, value)
        for flag, value in (
            ("weekly", 1 if weekly else None),
            ("daily", 1 if daily else None),
            ("hourly", hourly),
            ("days", days),
        )
        if value is not None
    ]
    if len(chosen) > 1:
        raise InvalidInput(
            "give one rotation length", hint="--weekly, --daily, --hourly N or --days N."
        )
    return chosen[0] if chosen else ("weekly", 1)


def _day(value: str | None) -> date | None:
    from warroom.errors import InvalidInput

    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(f"cannot read the date '{value}'", hint="Use YYYY-MM-DD.") from None


@rotation_app.command("remove")
def remove(schedule: Schedule, rotation: str) -> None:
    """Remove a rotation (the change log keeps what it was)."""
    from warroom.oncall.actions import remove_rotation

    rt = runtime()
    rt.write(
        lambda s: remove_rotation(
            session=s, actor=rt.actor, now=rt.now(), schedule=schedule, rotation=rotation
        )
    )
    typer.echo(_("rotation {name} removed").format(name=rotation))


def ical(
    schedule: Annotated[str | None, typer.Argument(help="Schedule (or --person).")] = None,
    person: Annotated[str | None, typer.Option(help="A person's shifts in every schedule.")] = None,
    feed: Annotated[
        bool, typer.Option("--feed", help="Make a new subscription URL (the old one stops).")
    ] = False,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the .ics here.")] = None,
    as_json: JSON = False,
) -> None:
    """Print the iCal (RFC 5545) calendar, or make a rotatable subscription URL with --feed."""
    from warroom.oncall import calendars

    rt = runtime()
    if feed:
        _row, token = rt.write(
            lambda s: calendars.new_feed(
                session=s, actor=rt.actor, now=rt.now(), schedule=schedule, person=person
            )
        )
        path = f"/oncall/ical/{token}.ics"
        if as_json:
            emit_json({"path": path, "token": token})
            return
        typer.echo(
            _("subscribe at {path} (shown once; --feed again replaces it)").format(path=path)
        )
        return
    with rt.read() as session:
        data = calendars.render_calendar(session, schedule=schedule, person=person, now=rt.now())
    if out is not None:
        out.write_bytes(data)
        typer.echo(_("wrote {path}").format(path=out))
        return
    typer.echo(data.decode(), nl=False)


def import_calendar(
    schedule: Schedule,
    file: Annotated[Path, typer.Argument(help="The .ics exported from the other tool.")],
    rotation: Annotated[str, typer.Option(help="Name of the read-only rotation.")] = "imported",
    role: Annotated[str, typer.Option(help="The role its events fill.")] = "primary",
    layer: Annotated[int, typer.Option(help="Its layer.")] = 1,
    map_: Annotated[
        list[str] | None,
        typer.Option("--map", help='Name in the calendar = handle, e.g. "Jane Doe=jane".'),
    ] = None,
) -> None:
    """Import an iCal schedule as a read-only rotation (re-import to refresh it)."""
    from warroom.errors import InvalidInput
    from warroom.oncall.calendars import import_calendar as do_import

    mapping = {}
    for item in map_ or []:
        name, sep, handle = item.partition("=")
        if not sep:
            raise InvalidInput(f"cannot read --map '{item}'", hint='Use "Name=handle".')
        mapping[name] = handle
    try:
        data = file.read_bytes()
    except OSError as error:
        raise InvalidInput(
            f"cannot read {file}: {error.strerror}", hint="Check the path."
        ) from None
    rt = runtime()
    row, count = rt.write(
        lambda s: do_import(
            session=s,
            actor=rt.actor,
            now=rt.now(),
            schedule=schedule,
            rotation=rotation,
            data=data,
            role=role,
            layer=layer,
            mapping=mapping,
        )
    )
    typer.echo(_("imported {count} shifts into {name}").format(count=count, name=row.name))
