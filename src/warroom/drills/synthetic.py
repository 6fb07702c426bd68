"""A drill's synthetic alert, fired through the alert intake like any Alertmanager delivery.

The alert carries the drill's labels plus `warroom_drill=<name>`: the alert pipeline
(grouping, the auto-recovery window, opening the incident) runs as for a real alert and
flags the incident it opens as a drill; the paging job then links it to the drill
(`actions.link`) before anyone is paged.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom.alerts.episodes import DRILL_LABEL
from warroom.alerts.intake import check_delivery, store_deliveries
from warroom.alerts.models import Integration
from warroom.drills.models import Drill
from warroom.errors import InvalidInput, NotFound

SEVERITY_LABEL = {"P1": "critical", "P2": "error", "P3": "warning", "P4": "info"}


def payload(drill: Drill, now: datetime) -> dict[str, Any]:
    """An Alertmanager v4 webhook body for the drill's alert, firing since `now`."""
    labels = {
        "alertname": "WarroomDrill",
        "severity": SEVERITY_LABEL.get(drill.severity, "error"),
        **({"service": drill.services[0]} if drill.services else {}),
        **drill.alert_labels,
        DRILL_LABEL: drill.name,
    }
    stamp = now.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return {
        "version": "4",
        "groupKey": f'{{}}:{{{DRILL_LABEL}="{drill.name}"}}',
        "truncatedAlerts": 0,
        "status": "firing",
        "receiver": "warroom",
        "groupLabels": {DRILL_LABEL: drill.name},
        "commonLabels": labels,
        "commonAnnotations": {"summary": f"[DRILL] {drill.scenario or drill.name}"},
        "externalURL": "warroom-drill",
        "alerts": [
            {
                "status": "firing",
                "labels": labels,
                "annotations": {"summary": f"[DRILL] {drill.scenario or drill.name}"},
                "startsAt": stamp,
                "endsAt": "0001-01-01T00:00:00Z",
                "generatorURL": "",
            }
        ],
    }


def fire(session: Session, drill: Drill, *, integration: str, now: datetime) -> int:
    """Store the synthetic alert as a delivery of `integration`; the applier does the rest."""
    found = session.scalar(select(Integration).where(Integration.name == integration))
    if found is None or found.revoked_at is not None:
        raise NotFound(
            f"alert integration {integration} not found (or revoked)",
            hint="`warroom integration list` shows them.",
        )
    if found.kind != "alertmanager":
        raise InvalidInput(
            f"integration {integration} is {found.kind}, not alertmanager",
            hint="Drills fire an Alertmanager alert.",
        )
    body = json.dumps(payload(drill, now)).encode()
    checked = check_delivery(
        integration=found, source="alertmanager", body=body, new_dedup_key=lambda: uuid.uuid4().hex
    )
    [delivery] = store_deliveries(session, [checked], now=now)
    return delivery
