"""`warroom serve`: the web UI and REST API on one local port."""

from __future__ import annotations

from typing import Annotated

import typer

from warroom.cli.runtime import new_app, runtime

app = new_app("Serve the web UI and the REST API.")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8080,
) -> None:
    """Run the server (SQLite by default; see docs/configuration.md)."""
    import uvicorn

    from warroom.cli.setup import ensure_database
    from warroom.web.app import create_app

    rt = runtime()
    ensure_database(rt)
    typer.echo(f"warroom on http://{host}:{port}/  (API: http://{host}:{port}/api/docs)")
    uvicorn.run(create_app(rt.settings, clock=rt.clock), host=host, port=port, log_level="info")
