"""/api/v1/alerts/deliveries: the raw deliveries, the dead letters, and retrying one.

Reading needs a responder (bodies can carry internal details); sending a dead letter
back is an operator's decision, so it needs an admin.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel

from warroom.alerts import actions, queries
from warroom.alerts.schemas import DeliveryDetail, DeliveryView, delivery_detail, delivery_view
from warroom.web.auth import Admin, Responder, actor_of
from warroom.web.state import Reader, State, Writer

router = APIRouter(prefix="/alerts/deliveries", tags=["alerts"])
DeliveryId = Annotated[int, Path(ge=1, le=2**63 - 1)]


class Retry(BaseModel):
    force: bool = False  # also when later deliveries of the same group were applied


@router.get("")
def list_deliveries(
    reader: Reader,
    _who: Responder,
    status: Literal["pending", "applied", "unchanged", "rejected", "failed"] | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[DeliveryView]:
    """Newest first; `status=failed`: the dead letters; `pending`: the backlog, oldest first."""
    rows = queries.list_deliveries(
        reader, status=status, limit=limit, oldest_first=status == "pending"
    )
    return [delivery_view(d) for d in rows]


@router.get("/{delivery_id}")
def show_delivery(delivery_id: DeliveryId, reader: Reader, _who: Responder) -> DeliveryDetail:
    return delivery_detail(queries.get_delivery(reader, delivery_id))


@router.post("/{delivery_id}/retry")
def retry_delivery(
    delivery_id: DeliveryId, writer: Writer, state: State, admin: Admin, body: Retry | None = None
) -> DeliveryView:
    """Send a dead letter back to the applier (409 unless it is `failed`)."""
    delivery = actions.retry_delivery(
        session=writer,
        actor=actor_of(admin),
        now=state.clock.now(),
        delivery_id=delivery_id,
        force=bool(body and body.force),
    )
    return delivery_view(delivery)
