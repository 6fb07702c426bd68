"""Demo paging setup: people with contact methods, teams, a stored policy, vendor contacts.

Idempotent like the rest of the demo. Methods are vouched for (pre-verified) except one
SMS number left waiting for its code, so the contact page shows both states. No channel
is created: the demo has no Slack or SMTP to send to (see docs/notifications.md).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom.core.actor import Actor
from warroom.notifications import contacts, policies
from warroom.notifications.models import ContactMethod
from warroom.people.actions import register_person

DEMO = Actor(handle="demo", kind="system")
PEOPLE = {
    "jane": ("Jane Park", "sre"),
    "john": ("John Kim", "dba"),
    "alice": ("Alice Lee", "platform"),
    "sena": ("Sena Choi", "leadership"),
    "minsu": ("Minsu Han", "leadership"),
}


def seed_paging(session: Session, *, now: datetime) -> bool:
    """Add the demo's paging data unless it is there; True when something was added."""
    if session.scalar(select(ContactMethod.id).where(ContactMethod.person == "jane").limit(1)):
        return False
    for handle, (name, team) in PEOPLE.items():
        register_person(
            session,
            handle=handle,
            now=now,
            name=name,
            team=team,
            email=f"{handle}@example.com",
            timezone="Asia/Seoul",
        )
        contacts.add_method(
            session=session,
            actor=DEMO,
            now=now,
            handle=handle,
            kind="email",
            address=f"{handle}@example.com",
            preverified=True,
        )
    contacts.add_method(
        session=session,
        actor=DEMO,
        now=now,
        handle="jane",
        kind="ntfy",
        address="warroom-demo-jane",
        label="phone",
        preverified=True,
    )
    contacts.add_method(
        session=session,
        actor=DEMO,
        now=now,
        handle="john",
        kind="sms",
        address="+821012345678",
        label="mobile",
    )  # waits for its code
    ntfy = next(m for m in contacts.list_methods(session, "jane") if m.kind == "ntfy")
    email = next(m for m in contacts.list_methods(session, "jane") if m.kind == "email")
    contacts.set_rules(
        session=session, actor=DEMO, handle="jane", plan=[(ntfy.id, 0), (email.id, 2)]
    )
    policies.set_team(session=session, actor=DEMO, name="team-leads", members=["jane", "alice"])
    policies.set_team(session=session, actor=DEMO, name="leadership", members=["sena"])
    policies.set_team(session=session, actor=DEMO, name="executives", members=["minsu"])
    policies.save_policy(
        session=session,
        actor=DEMO,
        now=now,
        name="api-p1",
        service="api",
        severity="P1",
        description="API P1: on-call and Tech Lead at once, the secondary and team leads "
        "after 10 min, leadership at 30; repeated once",
        steps=[
            {"at": 0, "targets": ["oncall:primary", "role:tech_lead"]},
            {"at": 10, "targets": ["oncall:secondary", "team:team-leads"]},
            {"at": 30, "targets": ["team:leadership"]},
        ],
        repeat=1,
    )
    contacts.save_external(
        session=session,
        actor=DEMO,
        service="postgres",
        name="managed-postgres",
        vendor="Managed PostgreSQL support",
        phone="+82-2-0000-0000",
        email="support@db.example",
        note="Business support, 1 h response",
    )
    contacts.save_external(
        session=session,
        actor=DEMO,
        service="api",
        name="cdn-waf",
        vendor="CDN / WAF support",
        phone="+82-2-1111-1111",
        email="noc@cdn.example",
        note="24x7 NOC",
    )
    return True
