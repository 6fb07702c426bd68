"""Store alert deliveries the way the receivers do (validated, raw, pending), unapplied."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Engine

from tests.support.alert_payloads import am_alert, am_payload
from warroom.alerts import integrations
from warroom.alerts.intake import check_delivery, store_deliveries
from warroom.clock import FixedClock
from warroom.core.actor import Actor
from warroom.db.uow import unit_of_work


def make_token(
    engine: Engine, clock: FixedClock, auto_recovery: int = 0, *, name: str = "prod"
) -> str:
    with unit_of_work(engine) as session:
        return integrations.create_integration(
            session=session,
            actor=Actor("a"),
            now=clock.now(),
            kind="alertmanager",
            name=name,
            config={"auto_recovery_seconds": auto_recovery},
        ).token


def store(engine: Engine, clock: FixedClock, token: str, *payloads: dict[str, Any]) -> list[int]:
    """Store deliveries in one commit, as the receiver's group commit does; return their ids."""
    with unit_of_work(engine) as session:
        integration = integrations.authenticate(session, token)
        checked = [
            check_delivery(
                integration=integration,
                source="alertmanager",
                body=json.dumps(p).encode(),
                new_dedup_key=lambda: "k",
            )
            for p in payloads
        ]
        return store_deliveries(session, checked, now=clock.now())


def group(name: str, *instances: str, resolved: bool = False) -> dict[str, Any]:
    """An Alertmanager delivery for group `name` with one alert per instance."""
    status = "resolved" if resolved else "firing"
    ends = "2026-11-22T05:00:00Z" if resolved else "0001-01-01T00:00:00Z"
    alerts = [am_alert(name, status, instance=i, ends_at=ends) for i in instances]
    return am_payload(*alerts, group_key=f'{{}}:{{alertname="{name}"}}')
