"""The settings incidents depend on, gathered once from `Settings`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from zoneinfo import ZoneInfo

from warroom.config import DEFAULT_ROLES, Settings
from warroom.severity.rules import SeverityPolicy


@dataclass(frozen=True, slots=True)
class IncidentPolicy:
    severity: SeverityPolicy = field(default_factory=SeverityPolicy)
    cadence_minutes: dict[str, int] = field(default_factory=lambda: {"P1": 5, "P2": 15})
    recovery_window: timedelta = timedelta(minutes=30)
    roles: tuple[str, ...] = DEFAULT_ROLES
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))

    @classmethod
    def from_settings(cls, settings: Settings) -> IncidentPolicy:
        return cls(
            severity=SeverityPolicy(
                response_minutes=dict(settings.response_minutes),
                rto_minutes=dict(settings.rto_minutes),
                scale=settings.severity_scale,
                business_hours=settings.business_hours,
            ),
            cadence_minutes=dict(settings.update_cadence_minutes),
            recovery_window=timedelta(minutes=settings.recovery_window_minutes),
            roles=tuple(settings.roles),
            tz=ZoneInfo(settings.timezone),
        )
