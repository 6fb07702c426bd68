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
    worker: Annotated[
        bool,
        typer.Option(
            "--worker/--no-worker",
            help="Run the job worker and the alert delivery applier in this process "
            "(--no-worker: run `warroom worker` separately).",
        ),
    ] = True,
) -> None:
    """Run the server (SQLite by default; see docs/configuration.md)."""
    import uvicorn

    from warroom.cli.setup import ensure_database
    from warroom.web.app import create_app

    rt = runtime()
    ensure_database(rt)
    typer.echo(
        f"warroom on http://{host}:{port}/  (API: http://{host}:{port}/api/v1, "
        f"OpenAPI: http://{host}:{port}/api/openapi.json)"
    )
    app = create_app(rt.settings, clock=rt.clock)
    jobs = None
    if worker:
        from warroom.worker import Background, build_notifier

        notifier = build_notifier(rt.settings, clock=rt.clock)
        jobs = Background(rt.engine, clock=rt.clock, policy=rt.policy, notifier=notifier)
        jobs.start()
    try:
        # Live timelines are long requests; on Ctrl+C give them a few seconds, then close.
        # proxy_headers=False: the app applies `forwarded_allow_ips` with uvicorn's own
        # middleware (web.forwarded), after noting which proxy connected; uvicorn's copy
        # would rewrite the address first (and trust 127.0.0.1 by default).
        uvicorn.run(
            app,
            host=host,
            port=port,
            log_level="info",
            timeout_graceful_shutdown=5,
            proxy_headers=False,
        )
    finally:
        if jobs is not None:
            jobs.stop()
