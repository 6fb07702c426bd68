"""`warroom search "connection pool"`: incidents, timelines, postmortems, action items."""

from __future__ import annotations

from typing import Annotated

import typer

from warroom.cli.options import JSON, gettext
from warroom.cli.runtime import console, emit_json, runtime

app = typer.Typer(
    help="Search incidents, timelines, postmortems and action items.",
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words, Korean or English; every one must occur.")],
    kind: Annotated[
        list[str] | None,
        typer.Option(help="Only these: incident, timeline, postmortem, action (repeatable)."),
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=200, help="How many results.")] = 20,
    as_json: JSON = False,
) -> None:
    """Best matches first, each with a snippet where the words are highlighted."""
    from warroom.analytics.search import hit_dict
    from warroom.analytics.search import search as run_search

    rt = runtime()
    with rt.read() as session:
        hits = run_search(session, query, kinds=kind, limit=limit)
    if as_json:
        emit_json({"query": query, "results": [hit_dict(h) for h in hits]})
        return
    _ = gettext()
    if not hits:
        typer.echo(_("Nothing found for '{query}'.").format(query=query))
        raise typer.Exit(1)
    from rich.text import Text

    out = console()
    labels = {
        "incident": _("incident"),
        "timeline": _("timeline"),
        "postmortem": _("postmortem"),
        "action": _("action item"),
    }
    for hit in hits:
        head = Text()
        head.append(f"{hit.incident_id}", style="bold")
        head.append(f"  {labels[hit.kind]} {hit.ref if hit.kind in ('timeline', 'action') else ''}")
        head.append(f"  {hit.incident_title}")
        out.print(head)
        body = Text("    " + hit.snippet)
        for start, end in hit.marks:
            body.stylize("bold reverse", start + 4, end + 4)
        out.print(body)
