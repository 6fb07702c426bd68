"""`warroom worker`: run background jobs in their own process (also embedded in `serve`)."""

from __future__ import annotations

import signal
from typing import Annotated

import typer

from warroom.cli.runtime import emit_json, new_app, runtime

app = new_app("Run background jobs (auto-recovery checks, later paging and notifications).")


@app.command()
def worker(
    once: Annotated[bool, typer.Option("--once", help="Run what is due, then exit.")] = False,
    status: Annotated[bool, typer.Option("--status", help="Print job counts and exit.")] = False,
    poll: Annotated[float, typer.Option(help="Seconds between polls when idle.")] = 1.0,
) -> None:
    """Claim and run due jobs until stopped (Ctrl-C or SIGTERM finishes the job in hand)."""
    from warroom.jobs.queue import counts
    from warroom.worker import build_worker

    rt = runtime()
    if status:
        with rt.read() as session:
            emit_json(counts(session))
        return
    with rt.read():
        pass  # creates or checks the schema before the loop starts
    runner = build_worker(rt.engine, clock=rt.clock, policy=rt.policy, poll_interval=poll)
    if once:
        typer.echo(f"ran {runner.drain()} job(s)")
        return
    signal.signal(signal.SIGTERM, lambda *_: runner.stop(timeout=0))
    typer.echo(f"worker {runner.worker_id} running; Ctrl-C to stop")
    try:
        runner.run()
    except KeyboardInterrupt:
        runner.stop(timeout=0)
    typer.echo("worker stopped")
