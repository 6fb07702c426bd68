"""Resolve a step's targets into people and destinations at the moment it falls due.

Whatever cannot be resolved (an unknown schedule, nobody on call, a role nobody holds,
a person with no verified method) comes back as a problem, which the engine writes on
the incident: nobody is ever skipped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom.errors import WarroomError
from warroom.incidents.models import Incident
from warroom.incidents.response import current_holder
from warroom.notifications import rules
from warroom.notifications.models import (
    Channel,
    ContactMethod,
    ExternalContact,
    NotificationRule,
    NotifyTeam,
)
from warroom.notifications.ports import OnCallDirectory
from warroom.notifications.rules import Target
from warroom.people.models import Person


@dataclass(frozen=True, slots=True)
class Send:
    """One destination for one target: a person's method (with its delay) or a channel."""

    target: str
    why: str
    channel: str  # the destination kind
    address: str
    person: str | None = None
    method_id: int | None = None
    delay_minutes: int = 0
    config: dict[str, object] = field(default_factory=dict)
    name: str = ""  # a shared channel's or an external contact's name


@dataclass(slots=True)
class Resolved:
    sends: list[Send] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def resolve(
    session: Session,
    incident: Incident,
    targets: tuple[Target, ...],
    *,
    at: datetime,
    directory: OnCallDirectory,
) -> Resolved:
    out = Resolved()
    paged: set[str] = set()
    for target in targets:
        try:
            people, problems = _people(session, incident, target, at, directory)
        except WarroomError as error:
            out.problems.append(f"{target}: {error.message}")
            continue
        out.problems += [f"{target}: {p}" for p in problems]
        for handle in people:
            if handle in paged:
                continue  # one page per person per step, whichever target named them first
            paged.add(handle)
            sends, problem = person_sends(session, handle, str(target))
            out.sends += sends
            if problem:
                out.problems.append(f"{target}: {problem}")
        if target.kind == "channel":
            _channel(session, target, out)
        if target.kind == "external":
            _external(session, incident, target, out)
    return out


def _people(
    session: Session, incident: Incident, target: Target, at: datetime, directory: OnCallDirectory
) -> tuple[list[str], list[str]]:
    if target.kind == "person":
        return [target.value], []
    if target.kind == "role":
        holder = current_holder(incident, target.value)
        return ([holder.handle], []) if holder else ([], [f"nobody holds {target.value}"])
    if target.kind == "team":
        return _team(session, target.value)
    if target.kind == "oncall":
        return _oncall(session, incident, target, at, directory)
    return [], []


def _team(session: Session, name: str) -> tuple[list[str], list[str]]:
    team = session.get(NotifyTeam, name)
    members = list(team.members) if team else []
    if team is None:
        members = list(session.scalars(select(Person.handle).where(Person.team == name)))
    return (members, []) if members else ([], [f"team {name} has nobody in it"])


def _oncall(
    session: Session, incident: Incident, target: Target, at: datetime, directory: OnCallDirectory
) -> tuple[list[str], list[str]]:
    problems: list[str] = []
    schedules: list[str] = []
    if target.value:
        schedules = [target.value]
    else:
        for service in incident.services:
            schedule = directory.schedule_for_service(session, service)
            if schedule:
                schedules.append(schedule)
            else:
                problems.append(f"service {service} has no on-call schedule")
        if not incident.services:
            problems.append("the incident names no service, so it has no on-call schedule")
    people: list[str] = []
    for schedule in dict.fromkeys(schedules):
        shifts = [
            s for s in directory.who_is_on_call(session, schedule, at) if s.role == target.role
        ]
        if not shifts:
            problems.append(f"nobody is on call as {target.role} in {schedule}")
        people += [s.person for s in shifts]
    return people, problems


def person_sends(session: Session, handle: str, target: str) -> tuple[list[Send], str | None]:
    """A person's verified methods with their delays (their rules, or the §7.2 order)."""
    methods = {
        m.id: m
        for m in session.scalars(
            select(ContactMethod).where(
                ContactMethod.person == handle, ContactMethod.verified_at.is_not(None)
            )
        )
    }
    if not methods:
        return [], f"{handle} has no verified contact method"
    rules_ = session.scalars(
        select(NotificationRule)
        .where(NotificationRule.person == handle)
        .order_by(NotificationRule.delay_minutes, NotificationRule.id)
    ).all()
    plan = [(r.method_id, r.delay_minutes) for r in rules_ if r.method_id in methods]
    if not plan:
        plan = rules.default_methods([(m.id, m.kind) for m in methods.values()])
    sends = [
        Send(
            target=target,
            why=target,
            channel=methods[mid].kind,
            address=methods[mid].address,
            person=handle,
            method_id=mid,
            delay_minutes=delay,
        )
        for mid, delay in plan
    ]
    return sends, None


def _channel(session: Session, target: Target, out: Resolved) -> None:
    channel = session.get(Channel, target.value)
    if channel is None:
        out.problems.append(f"{target}: no channel named {target.value}")
        return
    out.sends.append(
        Send(
            target=str(target),
            why=str(target),
            channel=channel.kind,
            address=str(channel.config.get("address", channel.name)),
            config=dict(channel.config),
            name=channel.name,
        )
    )


def _external(session: Session, incident: Incident, target: Target, out: Resolved) -> None:
    query = select(ExternalContact).where(ExternalContact.service.in_(incident.services))
    if target.value != "*":
        query = query.where(ExternalContact.name == target.value)
    contacts = list(session.scalars(query.order_by(ExternalContact.service, ExternalContact.name)))
    if not contacts:
        out.problems.append(f"{target}: no external contact for {', '.join(incident.services)}")
    for contact in contacts:
        if contact.email:
            out.sends.append(
                Send(str(target), contact.name, "email", contact.email, name=contact.name)
            )
        if contact.webhook_url:
            out.sends.append(
                Send(
                    str(target),
                    contact.name,
                    "webhook",
                    contact.webhook_url,
                    config={"url": contact.webhook_url},
                    name=contact.name,
                )
            )
        if not (contact.email or contact.webhook_url):
            out.problems.append(
                f"{target}: {contact.name} has only a phone number ({contact.phone}); call them"
            )
