"""On-call lookups for the engine.

`warroom.oncall` (issue 11) is being built in parallel. Until it is merged, the worker
is wired with `OnCallNotMerged`, which refuses every lookup with a clear error: the
engine reports "nobody could be paged" for `oncall:` targets on the incident instead
of skipping them silently. After the merge, `ScheduleDirectory` below is replaced by
calls to `warroom.oncall.queries` (see docs/notifications.md, "On-call schedules").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from warroom.errors import WarroomError
from warroom.notifications.ports import OnCallShift


class SchedulesUnavailable(WarroomError):
    code = "schedules_unavailable"
    http_status = 503


class OnCallNotMerged:
    """Stand-in for the on-call schedules of issue 11: every lookup raises."""

    def who_is_on_call(
        self, session: Session, schedule: str, at: datetime
    ) -> Sequence[OnCallShift]:
        raise SchedulesUnavailable(
            f"on-call schedules are not available, so schedule '{schedule or '?'}' cannot be read",
            hint="Page people, roles or teams directly until on-call schedules are installed.",
        )

    def schedule_for_service(self, session: Session, service: str) -> str | None:
        raise SchedulesUnavailable(
            f"on-call schedules are not available, so service '{service}' has no schedule",
            hint="Page people, roles or teams directly until on-call schedules are installed.",
        )


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
