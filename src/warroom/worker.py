"""The job handlers warroom runs, and the worker that `warroom serve` and `warroom worker` start.

Top layer on purpose: it imports the domain packages whose handlers it registers, so
`warroom.jobs` (the queue and the generic runner) stays below them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from warroom.clock import Clock
from warroom.incidents.policy import IncidentPolicy
from warroom.jobs.worker import Handler, Worker


def handlers(*, clock: Clock, policy: IncidentPolicy) -> dict[str, Handler]:
    """Map every job kind to its handler; later issues (paging, notifications) add theirs."""
    from warroom.alerts import episodes

    def escalate(session: Session, payload: dict[str, Any]) -> None:
        episodes.escalate(
            session=session,
            now=clock.now(),
            policy=policy,
            group_id=int(payload["group_id"]),
            number=int(payload["episode"]),
        )

    return {episodes.ESCALATE_JOB: escalate}


def build_worker(
    engine: Engine,
    *,
    clock: Clock,
    policy: IncidentPolicy,
    poll_interval: float = 1.0,
    batch: int = 10,
) -> Worker:
    return Worker(
        engine,
        handlers(clock=clock, policy=policy),
        clock=clock,
        poll_interval=poll_interval,
        batch=batch,
    )
