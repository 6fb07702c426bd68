"""`warroom export incidents --since 90d --format csv|jsonl`: flat rows for BI tools."""

from __future__ import annotations

import csv
import json
import sys
from typing import Annotated

import typer

from warroom.cli.runtime import new_app, runtime

app = new_app("Export incidents for BI tools (CSV or JSON Lines).")


@app.callback()
def export() -> None:
    """Export data for BI tools."""


@app.command()
def incidents(
    since: Annotated[str, typer.Option(help="Declared within: 90d, 365d, or 'all'.")] = "all",
    fmt: Annotated[str, typer.Option("--format", help="csv or jsonl.")] = "csv",
    include_drills: Annotated[
        bool, typer.Option("--include-drills", help="Export drills too.")
    ] = False,
) -> None:
    """One row per incident: facts, UTC times, services, durations in seconds."""
    from warroom.analytics.export import FIELDS, export_incidents
    from warroom.core.when import parse_span
    from warroom.errors import InvalidInput

    if fmt not in ("csv", "jsonl"):
        raise InvalidInput(f"unknown format '{fmt}'", hint="Use --format csv or --format jsonl.")
    rt = runtime()
    now = rt.now()
    start = None if since.strip().lower() == "all" else now - parse_span(since)
    with rt.read() as session:
        rows = export_incidents(session, since=start, until=now, include_drills=include_drills)
        if fmt == "csv":
            writer = csv.DictWriter(sys.stdout, fieldnames=FIELDS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        else:
            for row in rows:
                sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
