"""`warroom incident import FILE` and `warroom incident export INC --format yaml|json`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from warroom.cli.options import JSON, gettext
from warroom.cli.runtime import emit_json, runtime


def import_(
    path: Annotated[Path, typer.Argument(help="An incident file (YAML or JSON).")],
    as_json: JSON = False,
) -> None:
    """Record a whole past incident from a file, in one transaction (docs/past-incidents.md)."""
    from warroom.errors import InvalidInput
    from warroom.incidents.transfer import import_incident

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(
            f"cannot read {path}: {error}", hint="Give a UTF-8 YAML or JSON file."
        ) from None
    rt = runtime()
    now = rt.now()
    incident = rt.write(
        lambda s: import_incident(session=s, actor=rt.actor, now=now, policy=rt.policy, text=text)
    )
    if as_json:
        emit_json({"id": incident.id, "state": incident.state})
        return
    _ = gettext()
    typer.echo(
        _("imported {incident} ({state})").format(incident=incident.id, state=_(incident.state))
    )


def export(
    incident_id: str,
    fmt: Annotated[str, typer.Option("--format", help="yaml or json.")] = "yaml",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to a file instead.")
    ] = None,
) -> None:
    """Write an incident in the file format `warroom incident import` reads."""
    import yaml

    from warroom.errors import InvalidInput
    from warroom.incidents.queries import get_incident
    from warroom.incidents.transfer import export_incident
    from warroom.timeline.queries import list_events

    if fmt not in ("yaml", "json"):
        raise InvalidInput(f"unknown format '{fmt}'", hint="Use --format yaml or --format json.")
    with runtime().read() as session:
        incident = get_incident(session, incident_id)
        data = export_incident(incident, list_events(session, incident.id))
    if fmt == "json":
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    if output is None:
        typer.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
