"""`warroom checklist deploy`: prevention items and lessons learned for deployments."""

from __future__ import annotations

from typing import Annotated

import typer

from warroom.cli.options import JSON, gettext
from warroom.cli.runtime import emit_json, new_app, runtime

app = new_app("Checklists learned from published postmortems.")


@app.callback()
def checklist() -> None:
    """Checklists learned from published postmortems."""


@app.command()
def deploy(
    since: Annotated[
        str, typer.Option(help="Postmortems published within: 90d, 365d, or 'all'.")
    ] = "365d",
    as_json: JSON = False,
) -> None:
    """The next deployment's checklist: prevention lessons of deployment postmortems and
    lessons tagged #deploy / #배포, newest first, each with the incident it came from."""
    from warroom.analytics.checklist import deploy_checklist
    from warroom.core.when import parse_span

    rt = runtime()
    now = rt.now()
    start = None if since.strip().lower() == "all" else now - parse_span(since)
    with rt.read() as session:
        items = deploy_checklist(session, since=start)
    if as_json:
        emit_json(
            [
                {
                    "text": i.text,
                    "incident_id": i.incident_id,
                    "postmortem": i.title,
                    "published_at": i.published_at,
                    "source": i.source,
                }
                for i in items
            ]
        )
        return
    _ = gettext()
    if not items:
        typer.echo(_("No deployment lessons in published postmortems yet."))
        return
    typer.echo(_("Deployment checklist (from published postmortems)"))
    typer.echo("")
    for item in items:
        typer.echo(f"- [ ] {item.text}  ({item.incident_id})")
