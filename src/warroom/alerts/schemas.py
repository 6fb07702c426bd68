"""What the API and `--json` show of a raw delivery (the same shape on both)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from warroom.alerts.models import Delivery


class DeliveryView(BaseModel):
    """A delivery's state: `failed` is a dead letter, `errors` one line per failed attempt."""

    id: int
    source: str
    status: str
    group_key: str
    received_at: datetime
    attempts: int
    next_attempt_at: datetime | None
    errors: list[str]
    retried_by: str | None
    retried_at: datetime | None


class DeliveryDetail(DeliveryView):
    body: str


def delivery_view(delivery: Delivery) -> DeliveryView:
    return DeliveryView(**_fields(delivery))


def delivery_detail(delivery: Delivery) -> DeliveryDetail:
    return DeliveryDetail(**_fields(delivery), body=delivery.body)


def _fields(d: Delivery) -> dict[str, object]:
    return {
        "id": d.id,
        "source": d.source,
        "status": d.status,
        "group_key": d.group_key,
        "received_at": d.received_at,
        "attempts": d.attempts,
        "next_attempt_at": d.next_attempt_at,
        "errors": list(d.errors),
        "retried_by": d.retried_by,
        "retried_at": d.retried_at,
    }
