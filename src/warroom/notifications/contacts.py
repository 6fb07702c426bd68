"""People's contact methods and rules, shared channels, and external contacts (003 §7.3).

A new contact method is sent a code and may not be paged until the code comes back
(`verify_method`): a typo in a phone number must not swallow a 3 a.m. page. Quiet hours
do not exist for pages on purpose.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from warroom.core.actor import Actor
from warroom.errors import Conflict, InvalidInput, NotFound
from warroom.notifications import rules
from warroom.notifications.engine import queue_delivery
from warroom.notifications.models import (
    Channel,
    ContactMethod,
    ExternalContact,
    NotificationRule,
)
from warroom.notifications.targets import Send
from warroom.people.actions import normalize_handle
from warroom.people.models import Person

CODE_TTL = timedelta(minutes=15)
MAX_CODE_TRIES = 5


def _person(session: Session, handle: str) -> Person:
    person = session.get(Person, normalize_handle(handle))
    if person is None:
        raise NotFound(f"no person {handle}", hint="Add them first: `warroom people add HANDLE`.")
    return person


def get_method(session: Session, handle: str, method_id: int) -> ContactMethod:
    method = session.get(ContactMethod, method_id)
    if method is None or method.person != normalize_handle(handle):
        raise NotFound(
            f"{handle} has no contact method {method_id}",
            hint=f"`warroom notify contacts {handle}` lists them.",
        )
    return method


def list_methods(session: Session, handle: str) -> list[ContactMethod]:
    return list(
        session.scalars(
            select(ContactMethod)
            .where(ContactMethod.person == normalize_handle(handle))
            .order_by(ContactMethod.id)
        )
    )


def list_rules(session: Session, handle: str) -> list[NotificationRule]:
    return list(
        session.scalars(
            select(NotificationRule)
            .where(NotificationRule.person == normalize_handle(handle))
            .order_by(NotificationRule.delay_minutes, NotificationRule.id)
        )
    )


def add_method(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    handle: str,
    kind: str,
    address: str,
    label: str = "",
    preverified: bool = False,
) -> ContactMethod:
    """Add a method and send it a verification code (unless an import vouches for it)."""
    person = _person(session, handle)
    kind_ = kind.strip().lower()
    method = ContactMethod(
        person=person.handle,
        kind=kind_,
        address=rules.validate_address(kind_, address),
        label=label.strip()[:100],
        created_at=now,
        verified_at=now if preverified else None,
    )
    session.add(method)
    session.flush()
    if not preverified:
        send_code(session=session, actor=actor, now=now, handle=person.handle, method_id=method.id)
    return method


def send_code(
    *, session: Session, actor: Actor, now: datetime, handle: str, method_id: int
) -> ContactMethod:
    """(Re)send a fresh code to the method; it expires in 15 minutes."""
    method = get_method(session, handle, method_id)
    code = f"{secrets.randbelow(1_000_000):06d}"
    method.code_hash = rules.hash_code(method.id, code)
    method.code_expires_at = now + CODE_TTL
    method.code_attempts = 0
    _queue(
        session,
        now=now,
        method=method,
        purpose="verify",
        context={"code": code},
        key=f"verify:{method.id}:{now.isoformat()}",
    )
    return method


def verify_method(
    *, session: Session, actor: Actor, now: datetime, handle: str, method_id: int, code: str
) -> ContactMethod:
    """Mark the method verified when `code` is the one sent to it."""
    method = get_method(session, handle, method_id)
    if method.verified_at is not None:
        return method
    if method.code_expires_at is None or now >= method.code_expires_at:
        raise Conflict("the code has expired", hint="Send a new one (`warroom notify resend`).")
    if method.code_attempts >= MAX_CODE_TRIES:
        raise Conflict("too many wrong codes", hint="Send a new one (`warroom notify resend`).")
    if not rules.code_matches(method.id, code, method.code_hash):
        method.code_attempts += 1
        raise InvalidInput("that is not the code that was sent", hint="Check it and try again.")
    method.verified_at, method.code_hash, method.code_expires_at = now, None, None
    return method


def test_method(
    *, session: Session, actor: Actor, now: datetime, handle: str, method_id: int
) -> ContactMethod:
    """Send a test message through the method (the delivery log shows what came back)."""
    method = get_method(session, handle, method_id)
    _queue(
        session,
        now=now,
        method=method,
        purpose="test",
        context={"by": str(actor)},
        key=f"test:{method.id}:{now.isoformat()}",
    )
    return method


def remove_method(*, session: Session, actor: Actor, handle: str, method_id: int) -> None:
    session.delete(get_method(session, handle, method_id))


def _queue(
    session: Session,
    *,
    now: datetime,
    method: ContactMethod,
    purpose: str,
    context: dict[str, Any],
    key: str,
) -> None:
    send = Send(
        target=f"person:{method.person}",
        why=purpose,
        channel=method.kind,
        address=method.address,
        person=method.person,
        method_id=method.id,
    )
    queue_delivery(
        session,
        now=now,
        key=key,
        incident_id=None,
        purpose=purpose,
        send=send,
        due=now,
        context=context,
    )


def set_rules(
    *, session: Session, actor: Actor, handle: str, plan: Sequence[tuple[int, int]]
) -> list[NotificationRule]:
    """Replace a person's rules: (method id, minutes after being paged), in any order."""
    person = _person(session, handle)
    for method_id, delay in plan:
        get_method(session, person.handle, method_id)
        if not 0 <= delay <= 24 * 60:
            raise InvalidInput("a delay is 0 to 1440 minutes", hint="e.g. sms after 2 minutes")
    session.execute(delete(NotificationRule).where(NotificationRule.person == person.handle))
    made = [NotificationRule(person=person.handle, method_id=m, delay_minutes=d) for m, d in plan]
    session.add_all(made)
    session.flush()
    return made


def save_channel(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    name: str,
    kind: str,
    config: dict[str, Any],
    announce: Sequence[str] = (),
) -> Channel:
    """Create or replace a shared destination (admins: it may hold a webhook secret)."""
    key = name.strip().lower()
    kind_ = kind.strip().lower()
    if not key:
        raise InvalidInput("a channel needs a name", hint="e.g. incident-slack")
    if kind_ not in rules.SHARED_KINDS:
        raise InvalidInput(
            f"'{kind}' is not a channel kind", hint=f"Use one of: {', '.join(rules.SHARED_KINDS)}."
        )
    levels = sorted({a.strip().upper() for a in announce if a.strip()})
    bad = [a for a in levels if a not in ("P1", "P2", "P3", "P4")]
    if bad:
        raise InvalidInput(f"unknown severity {bad[0]}", hint="Announce at P1, P2, P3 or P4.")
    channel = session.get(Channel, key) or Channel(name=key, created_at=now)
    channel.kind, channel.config, channel.announce = kind_, dict(config), levels
    session.add(channel)
    session.flush()
    return channel


def remove_channel(*, session: Session, actor: Actor, name: str) -> None:
    channel = session.get(Channel, name.strip().lower())
    if channel is None:
        raise NotFound(f"no channel {name}", hint="`warroom notify channels` lists them.")
    session.delete(channel)


def list_channels(session: Session) -> list[Channel]:
    return list(session.scalars(select(Channel).order_by(Channel.name)))


def save_external(
    *,
    session: Session,
    actor: Actor,
    service: str,
    name: str,
    vendor: str = "",
    phone: str = "",
    email: str = "",
    webhook_url: str = "",
    note: str = "",
) -> ExternalContact:
    """Record a vendor's support contact for a service (003 §7.3)."""
    svc, key = service.strip().lower(), name.strip()
    if not svc or not key:
        raise InvalidInput("an external contact needs a service and a name", hint="e.g. aws")
    if not (phone or email or webhook_url):
        raise InvalidInput("give a phone, an e-mail or a webhook", hint="--email support@…")
    if email:
        rules.validate_address("email", email)
    row = session.scalars(
        select(ExternalContact).where(ExternalContact.service == svc, ExternalContact.name == key)
    ).one_or_none() or ExternalContact(service=svc, name=key)
    row.vendor, row.phone, row.email = vendor.strip(), phone.strip(), email.strip()
    row.webhook_url, row.note = webhook_url.strip(), note.strip()
    session.add(row)
    session.flush()
    return row


def list_externals(session: Session, services: Sequence[str] = ()) -> list[ExternalContact]:
    query = select(ExternalContact).order_by(ExternalContact.service, ExternalContact.name)
    if services:
        query = query.where(ExternalContact.service.in_(list(services)))
    return list(session.scalars(query))
