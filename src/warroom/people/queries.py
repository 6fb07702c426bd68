"""Look up people and services."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom.people.models import Person, Service


def find_person(session: Session, handle: str) -> Person | None:
    return session.get(Person, handle.strip().lstrip("@").lower())


def list_people(session: Session) -> list[Person]:
    return list(session.scalars(select(Person).order_by(Person.handle)))


def list_services(session: Session) -> list[Service]:
    return list(session.scalars(select(Service).order_by(Service.name)))
