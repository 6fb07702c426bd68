"""`warroom worker`: run background jobs and apply alert deliveries (also embedded in `serve`)."""

from __future__ import annotations

import signal
from typing import Annotated

import typer

from warroom.cli.options import gettext
from warroom.cli.runtime import emit_json, new_app, runtime

app = new_app("Run background jobs and apply stored alert deliveries.")


@app.command()
def worker(
    once: Annotated[bool, typer.Option("--once", help="Run what is due, then exit.")] = False,
    status: Annotated[
        bool,
        typer.Option(
            "--status",
            help="Print job counts, the alert delivery backlog and dead letters, then exit.",
        ),
    ] = False,
    poll: Annotated[float, typer.Option(help="Most seconds between job polls when idle.")] = 0.25,
) -> None:
    """Claim and run due jobs and apply pending deliveries until stopped (Ctrl-C or SIGTERM)."""
    from warroom.alerts.applier import failed_count, pending_count
    from warroom.jobs.queue import counts
    from warroom.worker import Applier, build_notifier, build_worker

    rt = runtime()
    if status:
        with rt.read() as session:
            backlog = {
                "deliveries_pending": pending_count(session),
                "deliveries_failed": failed_count(session),
            }
            emit_json(counts(session) | backlog)
        return
    with rt.read():
        pass  # creates or checks the schema before the loop starts
    _ = gettext()
    applier = Applier(rt.engine, policy=rt.policy, clock=rt.clock)
    notifier = build_notifier(rt.settings, clock=rt.clock)
    runner = build_worker(
        rt.engine, clock=rt.clock, policy=rt.policy, notifier=notifier, poll_interval=poll
    )
    if once:
        typer.echo(_("applied {n} alert delivery(ies)").format(n=applier.drain()))
        typer.echo(f"ran {runner.drain()} job(s)")
        return
    signal.signal(signal.SIGTERM, lambda *_: runner.stop(timeout=0))
    applier.start()
    typer.echo(f"worker {runner.worker_id} running; Ctrl-C to stop")
    try:
        runner.run()
    except KeyboardInterrupt:
        runner.stop(timeout=0)
    applier.stop()
    typer.echo("worker stopped")
