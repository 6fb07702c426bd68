"""Small builders for domain tests: declare through the real action."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from warroom.core.actor import Actor
from warroom.incidents.actions import declare_incident
from warroom.incidents.models import Incident
from warroom.incidents.policy import IncidentPolicy

ALICE = Actor(handle="alice")


def declare(session: Session, now: datetime, **overrides: Any) -> Incident:
    fields: dict[str, Any] = {
        "title": "Checkout API 5xx",
        "user_impact": "many",
        "business_impact": "revenue",
        "services": ["checkout"],
    }
    fields.update(overrides)
    return declare_incident(
        session=session, actor=ALICE, now=now, policy=IncidentPolicy(), **fields
    )
