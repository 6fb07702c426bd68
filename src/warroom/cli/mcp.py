"""`warroom mcp`: the MCP server over stdio, for an assistant running on this machine."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from warroom.cli.runtime import new_app, runtime

app = new_app("Serve warroom's tools to an AI assistant over MCP (stdio).")


@app.command()
def mcp(
    user: Annotated[
        str | None,
        typer.Option(
            help="The warroom account the assistant acts for (its role applies). "
            "Default: WARROOM_ACTOR, else your login name."
        ),
    ] = None,
) -> None:
    """Speak MCP on stdin/stdout; configure it as a command in your MCP client (docs/mcp.md)."""
    from warroom.cli.setup import ensure_database
    from warroom.core.actor import local_actor
    from warroom.mcp.server import build_server
    from warroom.mcp.workspace import Workspace, local_principal

    rt = runtime()
    ensure_database(rt)
    name = user or os.environ.get("WARROOM_ACTOR") or local_actor().handle
    workspace = Workspace(
        settings=rt.settings,
        engine=rt.engine,
        clock=rt.clock,
        policy=rt.policy,
        transport="stdio",
        principal=local_principal(rt.engine, name),
    )
    build_server(workspace).run("stdio")
