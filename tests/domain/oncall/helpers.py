"""Build the 003 §4.2 schedule through the real actions."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from warroom.core.actor import Actor
from warroom.oncall import actions
from warroom.oncall.models import Schedule
from warroom.people.actions import register_person

ADMIN = Actor(handle="lead")
# Thursday 2026-12-03 12:00 KST
NOW = datetime(2026, 12, 3, 3, 0, tzinfo=UTC)
TEAM = ("minsu", "jane", "chulsoo")
AFTER_HOURS = ["weekdays 18:00-09:00", "weekends", "mon 00:00-09:00"]


def people(session: Session, *handles: str) -> None:
    for handle in handles or (*TEAM, "yuna"):
        register_person(session, handle=handle, now=NOW, email=f"{handle}@example.com")


def platform(
    session: Session, *, after_hours: bool = True, admins: tuple[str, ...] = ()
) -> Schedule:
    """003 §4.2: weekly primary and secondary (offset by one), Monday 10:00 hand-off."""
    people(session)
    schedule = actions.create_schedule(
        session=session,
        actor=ADMIN,
        now=NOW,
        name="platform",
        timezone="Asia/Seoul",
        services=["checkout", "payments"],
        admins=admins,
    )
    for role, offset in (("primary", 0), ("secondary", 1)):
        actions.add_rotation(
            session=session,
            actor=ADMIN,
            now=NOW,
            schedule="platform",
            role=role,
            people=list(TEAM),
            length="weekly",
            handoff="mon 10:00",
            start=date(2026, 11, 30),
            offset=offset,
            windows=AFTER_HOURS if after_hours else [],
            holidays=after_hours,
        )
    return schedule


def kst(text: str) -> datetime:
    return datetime.fromisoformat(text + "+09:00").astimezone(UTC)
