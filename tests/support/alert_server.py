"""Run warroom's app (or a bare Starlette endpoint) on 127.0.0.1 for e2e tests and benchmarks.

    python -m tests.support.alert_server --db URL --port 8123 [--bare] [--applier thread|none]
    python -m tests.support.alert_server --db URL --applier-only

The schema is created first (migrations, then any table they do not have yet), so the
server can start on an empty SQLite file or PostgreSQL database. Like `warroom serve`,
the server applies stored deliveries in a background thread (`--applier thread`, the
default); `--applier none` leaves that to a separate `--applier-only` process (what
`warroom serve --no-worker` plus `warroom worker` does).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any


def prepare(url: str) -> None:
    from sqlalchemy import inspect

    from warroom.db.engine import make_engine
    from warroom.db.version import current_revision
    from warroom.migrations.runner import upgrade

    engine = make_engine(url)
    try:
        # A suite database was built with create_all (no alembic_version): keep it as is.
        if current_revision(engine) is None and not inspect(engine).has_table("incidents"):
            upgrade(engine)
    finally:
        engine.dispose()


def bare_app() -> Any:
    """The ceiling: a Starlette endpoint that reads the body and returns 200, nothing else."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    async def ok(request: Request) -> Response:
        await request.body()
        return Response(b'{"status":"ok"}', media_type="application/json")

    return Starlette(
        routes=[
            Route("/api/v1/alerts/alertmanager", ok, methods=["POST"]),
            Route("/api/v1/health", ok, methods=["GET"]),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=False, default="")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--bare", action="store_true")
    parser.add_argument("--applier", choices=["thread", "none"], default="thread")
    parser.add_argument("--applier-only", action="store_true")
    args = parser.parse_args(argv)
    if args.applier_only:
        return _apply_forever(args.db)

    import uvicorn

    applier = None
    if args.bare:
        app = bare_app()
    else:
        from warroom.config import Settings
        from warroom.web.app import create_app

        prepare(args.db)
        app = create_app(Settings(database_url=args.db))
        if args.applier == "thread":
            applier = _applier(app.state.warroom.engine)
            applier.start()
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", access_log=False)
    if applier is not None:
        applier.stop()
    return 0


def _applier(engine: Any) -> Any:
    from warroom.incidents.policy import IncidentPolicy
    from warroom.worker import Applier

    return Applier(engine, policy=IncidentPolicy())


def _apply_forever(url: str) -> int:
    import signal
    import threading

    from warroom.db.engine import make_engine

    prepare(url)
    applier = _applier(make_engine(url))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    applier.start()
    print("applier ready", flush=True)
    stop.wait()
    applier.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
