"""Reads over postmortems: one function per question, shared by CLI, API and web."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom.core.ids import normalize_incident_id
from warroom.errors import NotFound
from warroom.incidents.models import Incident, RoleAssignment
from warroom.postmortems import rules
from warroom.postmortems.document import Document
from warroom.postmortems.models import Postmortem
from warroom.postmortems.policy import PostmortemPolicy
from warroom.postmortems.rules import Status


def find_postmortem(session: Session, incident_id: str) -> Postmortem | None:
    return session.get(Postmortem, normalize_incident_id(incident_id))


def get_postmortem(session: Session, incident_id: str) -> Postmortem:
    pm = find_postmortem(session, incident_id)
    if pm is None:
        key = normalize_incident_id(incident_id)
        raise NotFound(
            f"{key} has no postmortem yet",
            hint=f"Draft one with `warroom postmortem draft {key}`.",
        )
    return pm


def document_of(pm: Postmortem) -> Document:
    return Document.model_validate(pm.document)


def list_postmortems(session: Session, *, statuses: Sequence[str] = ()) -> list[Postmortem]:
    query = select(Postmortem)
    if statuses:
        query = query.where(Postmortem.status.in_(statuses))
    return list(session.scalars(query.order_by(Postmortem.created_at.desc())))


def list_roles(session: Session, incident_id: str) -> list[RoleAssignment]:
    query = select(RoleAssignment).where(RoleAssignment.incident_id == incident_id)
    return list(session.scalars(query.order_by(RoleAssignment.id)))


@dataclass(frozen=True, slots=True)
class Late:
    incident_id: str
    title: str
    step: str  # "draft" (no postmortem yet) or "review" (not yet published)
    due_at: datetime
    status: str


def list_due(
    session: Session, policy: PostmortemPolicy, now: datetime, *, include_drills: bool = False
) -> list[Late]:
    """Postmortems past their deadline (003): draft 24 h after resolve, review in 3 days."""
    late: list[Late] = []
    query = select(Incident).where(
        Incident.state.in_(sorted(rules.DRAFTABLE_STATES)), Incident.resolved_at.is_not(None)
    )
    if not include_drills:
        query = query.where(Incident.is_drill.is_(False))
    for incident in session.scalars(query):
        assert incident.resolved_at is not None
        pm = session.get(Postmortem, incident.id)
        if pm is None:
            due = rules.draft_due(incident.resolved_at, policy.draft_due)
            if due < now:
                late.append(Late(incident.id, incident.title, "draft", due, "missing"))
        elif pm.status != Status.PUBLISHED and pm.review_due_at < now:
            late.append(Late(incident.id, pm.title, "review", pm.review_due_at, pm.status))
    return sorted(late, key=lambda item: item.due_at)
