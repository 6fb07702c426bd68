"""Two teams' on-call schedules as 003 §4.2 draws them: weekly primary and secondary,
on call weekdays 18:00–09:00 and all day on weekends and public holidays."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from warroom.core.actor import Actor
from warroom.oncall import actions
from warroom.oncall.queries import find_schedule
from warroom.oncall.rules import AFTER_HOURS, format_window
from warroom.people.actions import register_person

LEAD = Actor(handle="demo", kind="system")
SEOUL = ZoneInfo("Asia/Seoul")
TEAMS = {
    "platform": {
        "team": "Platform",
        "services": ["api", "user-profile", "postgres", "uploads"],
        "people": ["minsu", "jane", "chulsoo", "john"],
    },
    "ml-serving": {
        "team": "ML serving",
        "services": ["llm-gateway", "qwen-inference", "recommendations"],
        "people": ["alice", "sena", "lemun"],
    },
}


def load_oncall(session: Session, *, now: datetime) -> list[str]:
    """Create the schedules that are not there yet (from last Monday); return their names."""
    monday = now.astimezone(SEOUL).date() - timedelta(days=now.astimezone(SEOUL).weekday() + 7)
    created = []
    for name, team in TEAMS.items():
        if find_schedule(session, name) is not None:
            continue
        for handle in team["people"]:
            register_person(session, handle=handle, now=now, team=str(team["team"]))
        actions.create_schedule(
            session=session,
            actor=LEAD,
            now=now,
            name=name,
            timezone="Asia/Seoul",
            team=str(team["team"]),
            services=team["services"],
        )
        for role, offset in (("primary", 0), ("secondary", 1)):
            actions.add_rotation(
                session=session,
                actor=LEAD,
                now=now,
                schedule=name,
                role=role,
                people=team["people"],
                length="weekly",
                handoff="mon 10:00",
                start=monday,
                offset=offset,
                windows=[format_window(w) for w in AFTER_HOURS],
                holidays=True,
            )
        created.append(name)
    if "platform" in created:
        _swap_and_note(session, now=now, monday=monday)
    return created


def _swap_and_note(session: Session, *, now: datetime, monday: date) -> None:
    """The second week's Friday night swapped to chulsoo, and a note for the next hand-over."""
    start = datetime.combine(monday + timedelta(days=11), time(18), tzinfo=SEOUL)
    actions.add_override(
        session=session,
        actor=LEAD,
        now=now,
        schedule="platform",
        person="chulsoo",
        start=start,
        end=start + timedelta(hours=15),
        reason="swap (family event)",
    )
    actions.leave_handover_note(
        session=session,
        actor=Actor(handle="minsu"),
        now=now,
        schedule="platform",
        body="Postgres failover drill on Thursday 15:00; watch replication lag alerts.",
    )
