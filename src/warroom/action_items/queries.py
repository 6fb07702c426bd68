"""Reads over action items: one function per question, shared by CLI, API and web."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from warroom.action_items.models import ActionItem, ActionItemChange
from warroom.action_items.rules import OPEN_STATUSES, Status
from warroom.core.ids import format_sequential_id, parse_sequential_id
from warroom.core.pagination import Page, PageRequest
from warroom.errors import NotFound

PREFIX = "AI"


def normalize_item_id(item_id: str) -> str:
    return format_sequential_id(PREFIX, parse_sequential_id(item_id, PREFIX))


def find_action_item(session: Session, item_id: str) -> ActionItem | None:
    return session.get(ActionItem, normalize_item_id(item_id))


def get_action_item(session: Session, item_id: str, *, lock: bool = False) -> ActionItem:
    """Return the item or raise NotFound; `lock` serialises writers on PostgreSQL."""
    key = normalize_item_id(item_id)
    query = select(ActionItem).where(ActionItem.id == key)
    if lock:
        query = query.with_for_update(of=ActionItem)
    item = session.scalars(query).one_or_none()
    if item is None:
        raise NotFound(
            f"action item {key} not found", hint="`warroom action list` shows existing items."
        )
    return item


def find_by_postmortem_ref(session: Session, ref: str) -> ActionItem | None:
    query = select(ActionItem).where(ActionItem.postmortem_ref == ref).limit(1)
    return session.scalars(query).first()


@dataclass(frozen=True, slots=True)
class ItemFilter:
    """What `warroom action list` can narrow by; empty means "any"."""

    statuses: Sequence[str] = ()
    teams: Sequence[str] = ()
    owners: Sequence[str] = ()
    priorities: Sequence[str] = ()
    incident_id: str | None = None
    open_only: bool = False
    overdue_at: datetime | None = None  # only items past due at this moment
    created_since: datetime | None = None
    external_only: bool = False


def _filtered(criteria: ItemFilter) -> Select[ActionItem]:
    query = select(ActionItem)
    if criteria.statuses:
        query = query.where(ActionItem.status.in_(criteria.statuses))
    if criteria.teams:
        query = query.where(ActionItem.team.in_(criteria.teams))
    if criteria.owners:
        query = query.where(ActionItem.owner.in_(criteria.owners))
    if criteria.priorities:
        query = query.where(ActionItem.priority.in_(criteria.priorities))
    if criteria.incident_id:
        query = query.where(ActionItem.incident_id == criteria.incident_id)
    if criteria.open_only or criteria.overdue_at is not None:
        query = query.where(ActionItem.status.in_([s.value for s in OPEN_STATUSES]))
    if criteria.overdue_at is not None:
        query = query.where(ActionItem.due_at < criteria.overdue_at)
    if criteria.created_since is not None:
        query = query.where(ActionItem.created_at >= criteria.created_since)
    if criteria.external_only:
        query = query.where(ActionItem.external_key.is_not(None))
    return query


def list_action_items(
    session: Session, criteria: ItemFilter | None = None, page: PageRequest | None = None
) -> Page[ActionItem]:
    """Items by due date (soonest first), then number; `total` counts every match."""
    page = page or PageRequest()
    query = _filtered(criteria or ItemFilter())
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(ActionItem.due_at, ActionItem.number).limit(page.limit).offset(page.offset)
    )
    return Page(items=list(rows), total=total, limit=page.limit, offset=page.offset)


def all_action_items(session: Session, criteria: ItemFilter | None = None) -> list[ActionItem]:
    """Every match, unpaged: for the board, reports and digests."""
    query = _filtered(criteria or ItemFilter())
    return list(session.scalars(query.order_by(ActionItem.due_at, ActionItem.number)))


def list_overdue(session: Session, now: datetime) -> list[ActionItem]:
    return all_action_items(session, ItemFilter(overdue_at=now))


def count_in_status(session: Session, status: Status, *, excluding: str | None = None) -> int:
    query = select(func.count()).select_from(ActionItem).where(ActionItem.status == status.value)
    if excluding is not None:
        query = query.where(ActionItem.id != excluding)
    return int(session.scalar(query) or 0)


def list_changes(session: Session, item_id: str) -> list[ActionItemChange]:
    return list(
        session.scalars(
            select(ActionItemChange)
            .where(ActionItemChange.item_id == normalize_item_id(item_id))
            .order_by(ActionItemChange.at, ActionItemChange.id)
        )
    )
