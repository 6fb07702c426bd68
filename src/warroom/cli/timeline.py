"""`warroom timeline ...`: add entries (notes, decisions, actions, ...) and read them."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from warroom.cli.options import JSON, TZ, gettext
from warroom.cli.runtime import console, emit_json, new_app, runtime

app = new_app("Add to and read an incident's timeline.")


@app.command()
def add(
    incident_id: str,
    kind: Annotated[
        str,
        typer.Argument(
            help="note, action, decision, communication, deploy, evidence, runbook_step, alert"
        ),
    ],
    text: str,
    at: Annotated[
        str | None, typer.Option(help="When it happened, if not now (e.g. 14:32).")
    ] = None,
    key: Annotated[
        bool | None, typer.Option("--key/--no-key", help="Show in the postmortem's key timeline.")
    ] = None,
    corrects: Annotated[int | None, typer.Option(help="Event number this entry corrects.")] = None,
) -> None:
    """Append an entry; with --corrects it supersedes an earlier one (never edits it)."""
    from warroom.cli.backend import backend
    from warroom.cli.plain import entry_added
    from warroom.core.ids import normalize_incident_id

    incident_id = normalize_incident_id(incident_id)
    if corrects is not None:
        event = backend().correct_entry(incident_id, corrects, {"body": text, "occurred_at": at})
    else:
        entry = {"kind": kind, "body": text, "occurred_at": at, "key": key}
        event = backend().add_entry(incident_id, entry)
    typer.echo(entry_added(event, incident_id, gettext()))


@app.command()
def key(
    incident_id: Annotated[str, typer.Argument(metavar="INCIDENT")],
    event_id: Annotated[int, typer.Argument(metavar="EVENT")],
    off: Annotated[bool, typer.Option("--off", help="Take the star off instead.")] = False,
) -> None:
    """Star an entry as a key event (the postmortem draft's timeline shows it)."""
    from warroom.cli.backend import backend
    from warroom.core.ids import normalize_incident_id

    incident_id = normalize_incident_id(incident_id)
    event = backend().mark_key(incident_id, event_id, not off)
    state = "a key event" if event["key"] else "not a key event"
    typer.echo(f"{incident_id}: #{event['id']} is {state}")


@app.command("list")
def list_(
    incident_id: str,
    kind: Annotated[list[str] | None, typer.Option("--kind", help="Only these kinds.")] = None,
    current: Annotated[bool, typer.Option(help="Hide entries that were corrected.")] = False,
    tz: TZ = None,
    as_json: JSON = False,
) -> None:
    """Print the timeline in the order things happened."""
    from warroom.incidents.queries import get_incident
    from warroom.incidents.schemas import event_out
    from warroom.timeline.queries import list_events, superseded_ids

    rt = runtime()
    with rt.read() as session:
        incident = get_incident(session, incident_id)
        every = list_events(session, incident.id)
        gone = superseded_ids(every)
        events = [
            event_out(e, gone)
            for e in every
            if (not kind or e.kind in kind) and not (current and e.id in gone)
        ]
    if as_json:
        emit_json([e.model_dump(mode="json") for e in events])
        return
    from warroom.cli.render import timeline_table

    console().print(timeline_table(events, rt.tz(tz), gettext()))


@app.command("import")
def import_(
    incident_id: str,
    path: Annotated[
        Path,
        typer.Argument(help="The unzipped Slack export (with users.json), or a channel folder."),
    ],
    channel: Annotated[str, typer.Option(help="The channel folder, e.g. inc-20261201-db.")],
    source: Annotated[
        str, typer.Option(help="slack (an export folder) or mattermost (a bulk export .jsonl).")
    ] = "slack",
    as_json: JSON = False,
) -> None:
    """Turn a Slack channel export into timeline entries (idempotent by message id)."""
    from warroom.errors import InvalidInput
    from warroom.incidents.chat_export import read_mattermost_export, read_slack_export
    from warroom.incidents.chat_import import import_chat

    readers = {"slack": read_slack_export, "mattermost": read_mattermost_export}
    if source not in readers:
        raise InvalidInput(f"unknown chat source '{source}'", hint="Use slack or mattermost.")
    export = readers[source](path, channel)
    rt = runtime()
    now = rt.now()
    report = rt.write(
        lambda s: import_chat(
            session=s,
            actor=rt.actor,
            now=now,
            incident_id=incident_id,
            export=export,
            channel=channel,
            source=source,
        )
    )
    if as_json:
        emit_json(asdict(report))
        return
    _ = gettext()
    typer.echo(
        _(
            "{incident}: {imported} messages imported ({key} key events), "
            "{already} already there, {skipped} skipped (joins, bots, empty)"
        ).format(
            incident=report.incident_id,
            imported=report.imported,
            key=report.key,
            already=report.already,
            skipped=report.skipped,
        )
    )
    if report.unmapped:
        typer.echo(
            _("not mapped to people (kept as {source}:NAME): {names}").format(
                source=source, names=", ".join(report.unmapped)
            )
        )
