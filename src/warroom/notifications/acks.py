"""Signed, single-use, expiring acknowledgement links sent with every page.

The URL carries a random nonce signed with the server's secret key (itsdangerous), so a
forged or altered link is refused before the database is read; the nonce's row makes
the link single-use and gives it an expiry. Acknowledging goes through the incidents
action, which cancels the pending escalation in the same transaction.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom.core.actor import Actor
from warroom.errors import Conflict, NotFound
from warroom.incidents import actions as incidents
from warroom.incidents.policy import IncidentPolicy
from warroom.incidents.queries import get_incident
from warroom.incidents.rules import State
from warroom.notifications.models import AckLink

SALT = "warroom.ack"


def _serializer(secret_key: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret_key, salt=SALT)


def issue_link(
    session: Session,
    *,
    secret_key: str,
    incident_id: str,
    person: str,
    delivery_id: int | None,
    now: datetime,
    ttl: timedelta,
) -> str:
    """Store a new link's nonce and return its signed token (the last part of the URL)."""
    nonce = secrets.token_urlsafe(18)
    session.add(
        AckLink(
            nonce=nonce,
            incident_id=incident_id,
            person=person,
            delivery_id=delivery_id,
            created_at=now,
            expires_at=now + ttl,
        )
    )
    return sign(secret_key, nonce)


def sign(secret_key: str, nonce: str) -> str:
    return str(_serializer(secret_key).dumps(nonce))


def _nonce(secret_key: str, token: str) -> str:
    try:
        value = _serializer(secret_key).loads(token)
    except BadSignature:
        value = None
    if not isinstance(value, str):
        raise NotFound(
            "this acknowledgement link is not valid",
            hint="Open the incident in warroom and acknowledge it there.",
            code="ack_link_invalid",
        )
    return value


def find_link(session: Session, *, secret_key: str, token: str) -> AckLink:
    """The link a token names; NotFound when the signature or the nonce is wrong."""
    link = session.get(AckLink, _nonce(secret_key, token))
    if link is None:
        raise NotFound(
            "this acknowledgement link is not valid",
            hint="Open the incident in warroom and acknowledge it there.",
            code="ack_link_invalid",
        )
    return link


@dataclass(frozen=True, slots=True)
class AckOutcome:
    incident_id: str
    person: str
    acknowledged: bool  # False: someone had already acknowledged it
    state: str


def check_link(link: AckLink, state: str, now: datetime) -> None:
    """Refuse a used, expired or too late link with a message the page can show."""
    if link.used_at is not None:
        raise Conflict(
            "this acknowledgement link has already been used",
            hint="Each link works once; open the incident in warroom to see who is on it.",
            code="ack_link_used",
        )
    if state in (State.RESOLVED.value, State.CLOSED.value):
        raise Conflict(
            f"incident {link.incident_id} is already {state}: there is nothing to acknowledge",
            hint="Open the incident in warroom if it needs to be reopened.",
            code="ack_link_resolved",
        )
    if now >= link.expires_at:
        raise Conflict(
            "this acknowledgement link has expired",
            hint="Acknowledge from a newer page or in warroom (`warroom incident ack`).",
            code="ack_link_expired",
        )


def acknowledge_by_link(
    *,
    session: Session,
    now: datetime,
    policy: IncidentPolicy,
    secret_key: str,
    token: str,
    channel: str = "link",
) -> AckOutcome:
    """Use a link once: acknowledge the incident for its person (stops the escalation)."""
    nonce = _nonce(secret_key, token)
    link = session.scalars(
        select(AckLink).where(AckLink.nonce == nonce).with_for_update()
    ).one_or_none()
    if link is None:
        raise NotFound(
            "this acknowledgement link is not valid",
            hint="Open the incident in warroom and acknowledge it there.",
            code="ack_link_invalid",
        )
    incident = get_incident(session, link.incident_id, lock=True)
    check_link(link, incident.state, now)
    link.used_at = now
    if incident.state != State.DETECTED.value:
        return AckOutcome(incident.id, link.person, False, incident.state)
    incidents.transition_incident(
        session=session,
        actor=Actor(handle=link.person),
        now=now,
        policy=policy,
        incident_id=incident.id,
        to=State.ACKNOWLEDGED,
        note=f"Acknowledged from the page ({channel} link)",
    )
    return AckOutcome(incident.id, link.person, True, State.ACKNOWLEDGED.value)
