"""A notifier and worker over the suite's database with fake channels and a fake roster."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, select

from warroom.clock import FixedClock
from warroom.core.actor import Actor
from warroom.db.uow import read_session, unit_of_work
from warroom.incidents.actions import declare_incident
from warroom.incidents.policy import IncidentPolicy
from warroom.jobs.worker import Worker
from warroom.notifications import contacts
from warroom.notifications.context import Notifier
from warroom.notifications.directory import StaticDirectory
from warroom.notifications.models import Delivery
from warroom.notifications.ports import Destination, Message, SendResult
from warroom.people.actions import register_person
from warroom.timeline.models import TimelineEvent
from warroom.worker import build_worker

ALICE = Actor("alice")


@dataclass
class FakeChannel:
    """Records what it is handed; answers from `script`, then ok."""

    sent: list[tuple[Message, Destination]] = field(default_factory=list)
    script: list[SendResult] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def send(self, message: Message, destination: Destination) -> SendResult:
        with self.lock:
            self.sent.append((message, destination))
            return self.script.pop(0) if self.script else SendResult("ok", code=200)

    def to(self, address: str) -> list[Message]:
        with self.lock:
            return [m for m, d in self.sent if d.address == address]


def roster() -> StaticDirectory:
    return StaticDirectory(
        {"payments": [("primary", "jane"), ("secondary", "bob")]}, {"checkout": "payments"}
    )


def make_notifier(clock: FixedClock, channels: dict[str, Any], **extra: Any) -> Notifier:
    return Notifier(
        secret_key=extra.pop("secret_key", "test-secret"),
        transports=channels,
        directory=extra.pop("directory", roster()),
        clock=clock,
        public_url="http://warroom.test",
        **extra,
    )


def make_worker(engine: Engine, clock: FixedClock, notifier: Notifier, name: str = "w1") -> Worker:
    return build_worker(
        engine, clock=clock, policy=IncidentPolicy(), notifier=notifier, worker_id=name, batch=50
    )


def add_people(engine: Engine, clock: FixedClock, *handles: str) -> None:
    with unit_of_work(engine) as session:
        for handle in handles:
            register_person(session, handle=handle, now=clock.now(), email=f"{handle}@example.com")
            contacts.add_method(
                session=session,
                actor=ALICE,
                now=clock.now(),
                handle=handle,
                kind="email",
                address=f"{handle}@example.com",
                preverified=True,
            )


def declare(engine: Engine, clock: FixedClock, severity: str = "P1", **extra: Any) -> str:
    with unit_of_work(engine) as session:
        incident = declare_incident(
            session=session,
            actor=ALICE,
            now=clock.now(),
            policy=IncidentPolicy(),
            title=extra.pop("title", "Checkout API 5xx"),
            severity=severity,
            services=extra.pop("services", ["checkout"]),
            **extra,
        )
        return incident.id


def deliveries(engine: Engine, incident_id: str | None = None) -> list[Delivery]:
    with read_session(engine) as session:
        query = select(Delivery).order_by(Delivery.id)
        if incident_id:
            query = query.where(Delivery.incident_id == incident_id)
        rows = list(session.scalars(query))
        session.expunge_all()
        return rows


def notes(engine: Engine, incident_id: str) -> list[str]:
    with read_session(engine) as session:
        return list(
            session.scalars(
                select(TimelineEvent.body)
                .where(TimelineEvent.incident_id == incident_id)
                .order_by(TimelineEvent.seq)
            )
        )
