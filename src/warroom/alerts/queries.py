"""Reads over alert groups, their alerts, episodes and raw deliveries (CLI and API share them)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from warroom.alerts.models import Alert, AlertGroup, Delivery, Episode
from warroom.errors import NotFound


@dataclass(frozen=True, slots=True)
class GroupDetail:
    group: AlertGroup
    alerts: list[Alert]
    episodes: list[Episode]
    deliveries: int


def list_groups(
    session: Session,
    *,
    status: str | None = None,
    flapping: bool = False,
    outcome: str | None = None,
    limit: int = 50,
) -> list[tuple[AlertGroup, Episode | None]]:
    """Most recently seen first, each with its current episode."""
    query = (
        select(AlertGroup, Episode)
        .outerjoin(
            Episode,
            (Episode.group_id == AlertGroup.id) & (Episode.number == AlertGroup.episode_number),
        )
        .order_by(AlertGroup.last_seen_at.desc(), AlertGroup.id.desc())
        .limit(limit)
    )
    if status:
        query = query.where(AlertGroup.status == status)
    if flapping:
        query = query.where(AlertGroup.flapping_since.is_not(None))
    if outcome:
        query = query.where(Episode.outcome == outcome)
    return [(row[0], row[1]) for row in session.execute(query)]


def get_group(session: Session, ref: str) -> GroupDetail:
    """Find a group by id, key (or a unique key prefix of 6+ characters) or external key."""
    group = _find(session, ref.strip())
    if group is None:
        raise NotFound(f"alert group '{ref}' not found", hint="`warroom alerts list` shows them.")
    alerts = session.scalars(
        select(Alert).where(Alert.group_id == group.id).order_by(Alert.status, Alert.fingerprint)
    )
    episodes = session.scalars(
        select(Episode).where(Episode.group_id == group.id).order_by(Episode.number)
    )
    count = session.scalar(select(func.count()).where(Delivery.group_id == group.id)) or 0
    return GroupDetail(group, list(alerts), list(episodes), int(count))


def _find(session: Session, ref: str) -> AlertGroup | None:
    if ref.isdigit():
        found = session.get(AlertGroup, int(ref))
        if found is not None:
            return found
    exact = session.scalars(
        select(AlertGroup).where(or_(AlertGroup.key == ref, AlertGroup.external_key == ref))
    ).first()
    if exact is not None or len(ref) < 6:
        return exact
    matches = list(
        session.scalars(select(AlertGroup).where(AlertGroup.key.startswith(ref)).limit(2))
    )
    return matches[0] if len(matches) == 1 else None


def list_deliveries(
    session: Session, *, status: str | None = None, limit: int = 50, oldest_first: bool = False
) -> list[Delivery]:
    order = Delivery.id.asc() if oldest_first else Delivery.id.desc()
    query = select(Delivery).order_by(order).limit(limit)
    if status:
        query = query.where(Delivery.status == status)
    return list(session.scalars(query))


def get_delivery(session: Session, delivery_id: int, *, lock: bool = False) -> Delivery:
    query = select(Delivery).where(Delivery.id == delivery_id)
    found = None
    if 0 < delivery_id < 2**63:  # a BIGINT id: larger numbers cannot name one
        found = session.scalars(query.with_for_update() if lock else query).one_or_none()
    if found is None:
        raise NotFound(
            f"alert delivery {delivery_id} not found",
            hint="`warroom alerts deliveries` lists them.",
        )
    return found


def count_later_applied(session: Session, delivery: Delivery) -> int:
    """How many deliveries of the same group after this one were applied (or unchanged)."""
    query = select(func.count()).where(
        Delivery.group_key == delivery.group_key,
        Delivery.id > delivery.id,
        Delivery.status.in_(("applied", "unchanged")),
    )
    return int(session.scalar(query) or 0)


def groups_for_incident(session: Session, incident_id: str) -> list[AlertGroup]:
    """The groups that fed an incident (through any of their episodes)."""
    fed = select(Episode.group_id).where(Episode.incident_id == incident_id)
    query = select(AlertGroup).where(AlertGroup.id.in_(fed)).order_by(AlertGroup.id)
    return list(session.scalars(query))
