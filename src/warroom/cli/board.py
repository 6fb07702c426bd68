"""`warroom board`: the kanban board of 003 appendix C in the terminal, or as JSON."""

from __future__ import annotations

from typing import Annotated

import typer

from warroom.cli.options import JSON, TZ, gettext
from warroom.cli.runtime import console, emit_json, runtime

app = typer.Typer(
    help="Show the kanban board (Incident, Post-mortem, Incident Action Items).",
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.command()
def board(
    lane: Annotated[
        list[str] | None,
        typer.Option(
            "--lane", "-l", metavar="LANE", help="incident, postmortem or actions (repeatable)."
        ),
    ] = None,
    tz: TZ = None,
    as_json: JSON = False,
) -> None:
    """Show the board: columns with their WIP counts and limits, Expedite cards first."""
    from warroom.action_items.board import build_board
    from warroom.action_items.rules import LANES, parse_lane
    from warroom.cli.action_followup import action_policy
    from warroom.cli.action_render import board_group

    rt = runtime()
    lanes = [parse_lane(x) for x in lane] if lane else list(LANES)
    with rt.read() as session:
        # Seam: pass postmortem_stages once the postmortems package tracks documents.
        built = build_board(session, policy=action_policy(), now=rt.now(), lanes=lanes)
    if as_json:
        emit_json(built.model_dump(mode="json"))
        return
    console().print(board_group(built, rt.tz(tz), gettext()))
