"""Drive `alerts.actions.receive_delivery` from tests the way the endpoints do."""

from __future__ import annotations

import json
from itertools import count
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom.alerts import integrations
from warroom.alerts.actions import Outcome, receive_delivery
from warroom.alerts.models import Integration
from warroom.clock import FixedClock
from warroom.core.actor import Actor
from warroom.incidents.policy import IncidentPolicy
from warroom.timeline.models import TimelineEvent

_keys = count(1)


def integration(
    session: Session,
    clock: FixedClock,
    name: str = "prod",
    kind: str = "alertmanager",
    **config: Any,
) -> tuple[Integration, str]:
    created = integrations.create_integration(
        session=session, actor=Actor("alice"), now=clock.now(), kind=kind, name=name, config=config
    )
    return created.integration, created.token


def deliver(
    session: Session,
    clock: FixedClock,
    source: str,
    body: Any,
    *,
    integration: Integration,
) -> Outcome:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return receive_delivery(
        session=session,
        now=clock.now(),
        policy=IncidentPolicy(),
        integration=integration,
        source=source,
        body=raw,
        new_dedup_key=lambda: f"generated-{next(_keys)}",
    )


def timeline(session: Session, incident_id: str) -> list[str]:
    events = session.scalars(
        select(TimelineEvent)
        .where(TimelineEvent.incident_id == incident_id)
        .order_by(TimelineEvent.seq)
    )
    return [f"{e.kind}: {e.body}" for e in events]
