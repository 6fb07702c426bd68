"""`warroom incident announce|report`: communication texts (R5), printed, not sent."""

from __future__ import annotations

from typing import Annotated

import typer

from warroom.cli.runtime import emit_json, runtime

Lang = Annotated[str | None, typer.Option("--lang", help="ko or en (default: settings).")]


def announce(
    incident_id: str,
    kind: Annotated[str, typer.Option("--kind", help="declared, update or resolved.")] = "update",
    lang: Lang = None,
    fmt: Annotated[str, typer.Option("--format", help="text or slack (Block Kit JSON).")] = "text",
) -> None:
    """Print the incident announcement of seed 001 as text or Slack Block Kit JSON."""
    from warroom.errors import InvalidInput
    from warroom.incidents.queries import get_incident, list_status_updates
    from warroom.postmortems import comms
    from warroom.postmortems.policy import PostmortemPolicy

    rt = runtime()
    chosen, style = comms.parse_kind(kind), fmt.strip().lower()
    if style not in ("text", "slack"):
        raise InvalidInput(f"unknown format '{fmt}'", hint="Use text or slack.")
    pp = PostmortemPolicy.from_settings(rt.settings)
    language = lang or rt.settings.language
    with rt.read() as session:
        incident = get_incident(session, incident_id)
        updates = list_status_updates(session, incident.id)
        latest = updates[-1] if updates else None
        notice = comms.Notice(incident, latest, chosen, language, rt.policy, pp, rt.now())
        if style == "slack":
            emit_json(comms.slack_message(notice))
        else:
            typer.echo(comms.announcement(notice), nl=False)


def report(incident_id: str, lang: Lang = None) -> None:
    """Print the brief incident report of 003 appendix B."""
    from warroom.incidents.queries import get_incident
    from warroom.postmortems import comms
    from warroom.postmortems.queries import document_of, find_postmortem

    rt = runtime()
    with rt.read() as session:
        incident = get_incident(session, incident_id)
        pm = find_postmortem(session, incident.id)
        doc = document_of(pm) if pm else None
        text = comms.brief_report(incident, pm, doc, lang or rt.settings.language, rt.policy)
    typer.echo(text, nl=False)
