"""The settings action items depend on, gathered once from `Settings`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from warroom.action_items import rules
from warroom.config import Settings


@dataclass(frozen=True, slots=True)
class ActionPolicy:
    due_hours: Mapping[str, int] = field(default_factory=lambda: dict(rules.DEFAULT_DUE_HOURS))
    routing: Mapping[str, str] = field(default_factory=lambda: dict(rules.DEFAULT_ROUTING))
    wip_limits: Mapping[str, Mapping[str, int]] = field(
        default_factory=lambda: {k: dict(v) for k, v in rules.DEFAULT_WIP_LIMITS.items()}
    )
    expedite_severities: frozenset[str] = rules.DEFAULT_EXPEDITE_SEVERITIES
    done_days: int = 14

    @classmethod
    def from_settings(cls, settings: Settings) -> ActionPolicy:
        return cls(
            due_hours=dict(settings.action_due_hours),
            routing=dict(settings.action_routing),
            wip_limits={lane: dict(cols) for lane, cols in settings.board_wip_limits.items()},
            expedite_severities=frozenset(settings.action_expedite_severities),
            done_days=settings.board_done_days,
        )

    def class_of_service(
        self, priority: rules.Priority, severity: str | None, fixed_date: bool
    ) -> rules.ClassOfService:
        return rules.class_of_service(
            priority=priority,
            incident_severity=severity,
            fixed_date=fixed_date,
            expedite_severities=self.expedite_severities,
        )
