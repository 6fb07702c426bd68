"""On-call lookups for the engine: the real schedules, or a fixed roster (demo and tests).

An unknown schedule raises `NotFound`, which the engine reports on the incident as
"nobody could be paged" for that target instead of skipping it silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from warroom.notifications.ports import OnCallShift


class ScheduleDirectory:
    """The on-call schedules of `warroom.oncall`: who is on call, which schedule a service has."""

    def who_is_on_call(
        self, session: Session, schedule: str, at: datetime
    ) -> Sequence[OnCallShift]:
        from warroom.oncall import queries

        return [
            OnCallShift(o.schedule, o.role, o.person, o.start, o.end)
            for o in queries.who_is_on_call(session, schedule, at)
        ]

    def schedule_for_service(self, session: Session, service: str) -> str | None:
        from warroom.oncall import queries

        return queries.schedule_for_service(session, service)


class StaticDirectory:
    """A fixed roster: schedule -> [(role, person)], service -> schedule (demo and tests)."""

    def __init__(
        self,
        roster: dict[str, list[tuple[str, str]]],
        services: dict[str, str] | None = None,
    ) -> None:
        self.roster = roster
        self.services = services or {}

    def who_is_on_call(
        self, session: Session, schedule: str, at: datetime
    ) -> Sequence[OnCallShift]:
        from datetime import timedelta

        from warroom.errors import NotFound

        if schedule not in self.roster:
            raise NotFound(f"schedule '{schedule}' not found", hint="Check the schedule's name.")
        day = timedelta(days=1)
        return [
            OnCallShift(schedule, role, person, at - day, at + day)
            for role, person in self.roster[schedule]
        ]

    def schedule_for_service(self, session: Session, service: str) -> str | None:
        return self.services.get(service)
