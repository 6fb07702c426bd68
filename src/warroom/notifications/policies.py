"""Escalation policies: the built-in 003 §7.1 matrix, stored overrides, and the choice.

A stored policy applies to a (service, severity) pair, either of which may be "*". The
most specific wins: (service, severity), (service, *), (*, severity), (*, *); when none
is stored for a severity the built-in default of 003 §7.1 applies.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom.core.actor import Actor
from warroom.errors import InvalidInput, NotFound
from warroom.notifications import rules
from warroom.notifications.models import ANY, EscalationPolicy, NotifyTeam
from warroom.severity.rules import LEVELS, parse_level


@dataclass(frozen=True, slots=True)
class Effective:
    """A policy as the engine uses it (and snapshots when paging starts)."""

    name: str
    service: str
    severity: str
    description: str
    steps: list[dict[str, Any]]
    repeat: int
    repeat_after_minutes: int
    builtin: bool

    def snapshot(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "service": self.service,
            "severity": self.severity,
            "steps": self.steps,
            "repeat": self.repeat,
            "repeat_after_minutes": self.repeat_after_minutes,
            "builtin": self.builtin,
        }


def builtin(level: str) -> Effective:
    spec = rules.DEFAULT_POLICIES[level]
    return Effective(
        name=f"default-{level.lower()}",
        service=ANY,
        severity=level,
        description=str(spec["description"]),
        steps=list(spec["steps"]),
        repeat=0,
        repeat_after_minutes=30,
        builtin=True,
    )


def effective(row: EscalationPolicy) -> Effective:
    return Effective(
        name=row.name,
        service=row.service,
        severity=row.severity,
        description=row.description,
        steps=list(row.steps),
        repeat=row.repeat,
        repeat_after_minutes=row.repeat_after_minutes,
        builtin=False,
    )


def choose(session: Session, services: Sequence[str], severity: str) -> Effective:
    """The most specific stored policy for the incident, else the built-in default."""
    wanted = [*services, ANY]
    rows = session.scalars(
        select(EscalationPolicy).where(
            EscalationPolicy.service.in_(wanted), EscalationPolicy.severity.in_([severity, ANY])
        )
    ).all()

    def rank(row: EscalationPolicy) -> tuple[int, int, str]:
        return (row.service == ANY, row.severity == ANY, row.service)

    if rows:
        return effective(min(rows, key=rank))
    return builtin(severity if severity in LEVELS else "P3")


def list_policies(session: Session) -> list[EscalationPolicy]:
    return list(
        session.scalars(
            select(EscalationPolicy).order_by(EscalationPolicy.service, EscalationPolicy.severity)
        )
    )


def matrix(session: Session, service: str | None = None) -> list[tuple[Effective, list[list[str]]]]:
    """For `escalation show`: each severity's policy and its §7.1 columns."""
    out = []
    for level in LEVELS:
        policy = choose(session, [service] if service else [], level)
        out.append((policy, rules.matrix_row(rules.parse_steps(policy.steps))))
    return out


def save_policy(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    name: str,
    steps: list[dict[str, Any]],
    service: str = ANY,
    severity: str = ANY,
    description: str = "",
    repeat: int = 0,
    repeat_after_minutes: int = 30,
) -> EscalationPolicy:
    """Create or replace a policy; pages already under way keep their snapshot."""
    key = name.strip().lower()
    if not key or len(key) > 100:
        raise InvalidInput("a policy needs a name", hint="e.g. checkout-p1")
    parsed = rules.parse_steps(steps)  # refuses bad targets before anything is written
    level = ANY if severity.strip() in ("", ANY) else parse_level(severity)
    scope = service.strip().lower() or ANY
    if not 0 <= repeat <= 10:
        raise InvalidInput("repeat must be between 0 and 10", hint="e.g. repeat: 2")
    clash = session.scalars(
        select(EscalationPolicy).where(
            EscalationPolicy.service == scope,
            EscalationPolicy.severity == level,
            EscalationPolicy.name != key,
        )
    ).first()
    if clash is not None:
        raise InvalidInput(
            f"policy {clash.name} already covers service {scope} at severity {level}",
            hint=f"Edit {clash.name}, or delete it first (`warroom escalation delete`).",
        )
    row = session.get(EscalationPolicy, key) or EscalationPolicy(name=key)
    row.service, row.severity, row.description = scope, level, description.strip()
    row.steps = [
        {"at": s.at_minutes, "targets": [str(t) for t in s.targets], "note": s.note} for s in parsed
    ]
    row.repeat, row.repeat_after_minutes = repeat, max(1, repeat_after_minutes)
    row.updated_by, row.updated_at = str(actor), now
    session.add(row)
    session.flush()
    return row


def delete_policy(*, session: Session, actor: Actor, name: str) -> None:
    row = session.get(EscalationPolicy, name.strip().lower())
    if row is None:
        raise NotFound(f"no policy named {name}", hint="`warroom escalation show` lists them.")
    session.delete(row)


def set_team(
    *, session: Session, actor: Actor, name: str, members: Sequence[str], description: str = ""
) -> NotifyTeam:
    """Name the people a `team:NAME` target pages (an empty list removes the team)."""
    from warroom.people.actions import normalize_handle

    key = name.strip().lower()
    if not key:
        raise InvalidInput("a team needs a name", hint="e.g. team-leads")
    team = session.get(NotifyTeam, key)
    handles = sorted({normalize_handle(m) for m in members if m.strip()})
    if not handles:
        if team is not None:
            session.delete(team)
        return NotifyTeam(name=key, members=[], description=description)
    team = team or NotifyTeam(name=key)
    team.members, team.description = handles, description or team.description or ""
    session.add(team)
    return team


def list_teams(session: Session) -> list[NotifyTeam]:
    return list(session.scalars(select(NotifyTeam).order_by(NotifyTeam.name)))
