"""`warroom people` and `warroom services`: the simple records incidents refer to."""

from __future__ import annotations

from typing import Annotated

import typer

from warroom.cli.options import JSON, gettext
from warroom.cli.runtime import emit_json, new_app, runtime

app = new_app("People who respond to incidents.")
services_app = new_app("Services incidents can affect.")


@app.command("add")
def add_person(
    handle: str,
    name: Annotated[str | None, typer.Option(help="Full name.")] = None,
    email: Annotated[str | None, typer.Option()] = None,
    team: Annotated[str | None, typer.Option()] = None,
    tz: Annotated[
        str | None, typer.Option("--tz", help="Their time zone, e.g. Asia/Seoul.")
    ] = None,
) -> None:
    """Add a person, or update the fields given."""
    from warroom.core.timefmt import zone
    from warroom.people.actions import register_person

    if tz:
        zone(tz)  # refuse unknown zones before writing
    rt = runtime()
    now = rt.now()
    person = rt.write(
        lambda s: register_person(
            session=s, handle=handle, now=now, name=name, email=email, team=team, timezone=tz
        )
    )
    typer.echo(gettext()("saved {handle}").format(handle=person.handle))


@app.command("list")
def list_people(as_json: JSON = False) -> None:
    """List people."""
    from warroom.people.queries import list_people as query

    with runtime().read() as session:
        rows = [
            {
                "handle": p.handle,
                "name": p.name,
                "email": p.email,
                "team": p.team,
                "timezone": p.timezone,
            }
            for p in query(session)
        ]
    if as_json:
        emit_json(rows)
        return
    for row in rows:
        typer.echo(
            f"{row['handle']:16s} {row['name']:24s} {row['team'] or '-':12s} "
            f"{row['timezone']:16s} {row['email'] or ''}"
        )


@services_app.command("add")
def add_service(
    name: str,
    team: Annotated[str | None, typer.Option(help="Owning team.")] = None,
    description: Annotated[str, typer.Option()] = "",
) -> None:
    """Add a service, or update its team and description."""
    from warroom.people.actions import register_service

    rt = runtime()
    now = rt.now()
    service = rt.write(
        lambda s: register_service(
            session=s, name=name, now=now, team=team, description=description
        )
    )
    typer.echo(gettext()("saved {handle}").format(handle=service.name))


@services_app.command("list")
def list_services(as_json: JSON = False) -> None:
    """List services."""
    from warroom.people.queries import list_services as query

    with runtime().read() as session:
        rows = [
            {"name": s.name, "team": s.team, "description": s.description} for s in query(session)
        ]
    if as_json:
        emit_json(rows)
        return
    for row in rows:
        typer.echo(f"{row['name']:20s} {row['team'] or '-':12s} {row['description']}")
