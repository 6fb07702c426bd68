"""Register people and services; both are upserts so imports can be re-run."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy.orm import Session

from warroom.errors import InvalidInput
from warroom.people.models import Person, Service

_HANDLE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


def normalize_handle(value: str) -> str:
    handle = value.strip().lstrip("@").lower()
    if not _HANDLE.match(handle):
        raise InvalidInput(
            f"'{value}' is not a valid handle",
            hint="Handles are lower-case letters, digits, '.', '_' or '-', e.g. jane.doe.",
        )
    return handle


def register_person(
    session: Session,
    *,
    handle: str,
    now: datetime,
    name: str | None = None,
    email: str | None = None,
    team: str | None = None,
    timezone: str | None = None,
) -> Person:
    key = normalize_handle(handle)
    person = session.get(Person, key)
    if person is None:
        person = Person(handle=key, name=name or key, created_at=now, timezone=timezone or "UTC")
        session.add(person)
    person.name = name or person.name
    person.email = email or person.email
    person.team = team or person.team
    person.timezone = timezone or person.timezone
    session.flush()
    return person


def register_service(
    session: Session, *, name: str, now: datetime, team: str | None = None, description: str = ""
) -> Service:
    key = name.strip().lower()
    if not key:
        raise InvalidInput("a service needs a name", hint="e.g. --service checkout")
    service = session.get(Service, key)
    if service is None:
        service = Service(name=key, team=team, description=description, created_at=now)
        session.add(service)
    service.team = team or service.team
    service.description = description or service.description
    session.flush()
    return service
