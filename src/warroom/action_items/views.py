"""Turn stored items into what transports show, with the derived facts filled in."""

from __future__ import annotations

from datetime import datetime

from warroom.action_items.models import ActionItem, ActionItemChange
from warroom.action_items.policy import ActionPolicy
from warroom.action_items.rules import ClassOfService, Horizon, ItemType, Priority, Status
from warroom.action_items.rules import is_overdue as _is_overdue
from warroom.action_items.schemas import ActionItemView, ChangeView


def class_of_service(item: ActionItem, policy: ActionPolicy) -> ClassOfService:
    return policy.class_of_service(Priority(item.priority), item.incident.severity, item.fixed_date)


def is_overdue(item: ActionItem, now: datetime) -> bool:
    return _is_overdue(Status(item.status), item.due_at, now)


def item_view(item: ActionItem, policy: ActionPolicy, now: datetime) -> ActionItemView:
    return ActionItemView(
        id=item.id,
        incident_id=item.incident_id,
        title=item.title,
        description=item.description,
        item_type=ItemType(item.item_type),
        priority=Priority(item.priority),
        horizon=Horizon(item.horizon),
        status=Status(item.status),
        owner=item.owner,
        team=item.team,
        due_at=item.due_at,
        fixed_date=item.fixed_date,
        class_of_service=class_of_service(item, policy),
        overdue=is_overdue(item, now),
        status_reason=item.status_reason,
        external_url=item.external_url,
        created_at=item.created_at,
        closed_at=item.closed_at,
    )


def change_view(change: ActionItemChange) -> ChangeView:
    return ChangeView.model_validate(change)
