"""Incident lifecycle rules: states, transitions, durations, SLA and update cadence.

Pure functions over plain values; `actions` applies them inside a transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from enum import StrEnum

from warroom.core.bounds import NOTE_MAX, SUMMARY_MAX, TITLE_MAX, check_length
from warroom.errors import IllegalTransition, InvalidInput


class State(StrEnum):
    DETECTED = "detected"
    ACKNOWLEDGED = "acknowledged"
    INVESTIGATING = "investigating"
    MITIGATED = "mitigated"
    RESOLVED = "resolved"
    CLOSED = "closed"


FORWARD = (
    State.DETECTED,
    State.ACKNOWLEDGED,
    State.INVESTIGATING,
    State.MITIGATED,
    State.RESOLVED,
    State.CLOSED,
)
ACTIVE = frozenset(FORWARD[:4])


class DetectionSource(StrEnum):
    MONITORING = "monitoring"
    APM = "apm"
    LOGS = "logs"
    SYNTHETIC = "synthetic"
    USER_REPORT = "user_report"


_SOURCE_ALIASES = {"infra": "monitoring", "user": "user_report", "user-report": "user_report"}


def parse_source(value: str) -> DetectionSource:
    raw = value.strip().lower()
    try:
        return DetectionSource(_SOURCE_ALIASES.get(raw, raw))
    except ValueError:
        allowed = ", ".join(s.value for s in DetectionSource)
        raise InvalidInput(
            f"unknown detection source '{value}'", hint=f"Use one of: {allowed}."
        ) from None


def parse_state(value: str) -> State:
    """Read a lifecycle state a person typed (`mitigated`, ` Resolved `)."""
    try:
        return State(value.strip().lower())
    except ValueError:
        allowed = ", ".join(s.value for s in State)
        raise InvalidInput(
            f"unknown incident state '{value[:40]}'", hint=f"Use one of: {allowed}."
        ) from None


def plan_transition(current: State, target: State) -> list[State]:
    """Return the states entered on the way to `target` (skipped ones included).

    Moving forward may skip steps (resolving straight from detected implies it was
    acknowledged, investigated and mitigated at that moment); moving back needs a
    reopen; closing needs a resolved incident.
    """
    if target == current:
        raise IllegalTransition(
            f"the incident is already {current.value}", hint="Nothing to do; check its state."
        )
    if target is State.CLOSED and current is not State.RESOLVED:
        raise IllegalTransition(
            f"cannot close an incident that is {current.value}",
            hint="Resolve it first (`warroom incident resolve`), then close after the "
            "recovery window.",
        )
    here, there = FORWARD.index(current), FORWARD.index(target)
    if there < here:
        raise IllegalTransition(
            f"cannot go from {current.value} back to {target.value}",
            hint="Use `warroom incident reopen` to reopen a resolved or closed incident.",
        )
    return list(FORWARD[here + 1 : there + 1])


def ensure_reopenable(current: State) -> None:
    if current not in (State.RESOLVED, State.CLOSED):
        raise IllegalTransition(
            f"cannot reopen an incident that is {current.value}",
            hint="Only resolved or closed incidents can be reopened.",
        )


def ensure_active(current: State, doing: str) -> None:
    if current not in ACTIVE:
        raise IllegalTransition(
            f"cannot {doing}: the incident is {current.value}",
            hint="Reopen it first with `warroom incident reopen`.",
        )


def recovery_remaining(resolved_at: datetime | None, now: datetime, window: timedelta) -> timedelta:
    """How much of the recovery observation window is still to run (zero when done)."""
    if resolved_at is None:
        return window
    return max(timedelta(0), resolved_at + window - now)


@dataclass(frozen=True, slots=True)
class Timestamps:
    started_at: datetime
    detected_at: datetime
    acknowledged_at: datetime | None
    mitigated_at: datetime | None
    resolved_at: datetime | None


@dataclass(frozen=True, slots=True)
class Durations:
    """TTD/TTA/TTM/TTR: detect from start; the others from detection (003, 002)."""

    ttd: timedelta
    tta: timedelta | None
    ttm: timedelta | None
    ttr: timedelta | None
    downtime: timedelta | None


def durations(ts: Timestamps) -> Durations:
    def since(mark: datetime | None, origin: datetime) -> timedelta | None:
        return None if mark is None else mark - origin

    restored = service_restored_at(ts)
    return Durations(
        ttd=ts.detected_at - ts.started_at,
        tta=since(ts.acknowledged_at, ts.detected_at),
        ttm=since(ts.mitigated_at, ts.detected_at),
        ttr=since(ts.resolved_at, ts.detected_at),
        downtime=since(restored, ts.started_at),
    )


def service_restored_at(ts: Timestamps) -> datetime | None:
    """Users stop feeling the incident at mitigation (or resolve, when nothing mitigated)."""
    marks = [m for m in (ts.mitigated_at, ts.resolved_at) if m is not None]
    return min(marks) if marks else None


class SlaVerdict(StrEnum):
    MET = "met"
    BREACHED = "breached"
    PENDING = "pending"
    NO_TARGET = "no_target"


def sla_verdict(due: datetime | None, done: datetime | None, now: datetime) -> SlaVerdict:
    if due is None:
        return SlaVerdict.NO_TARGET
    if done is not None:
        return SlaVerdict.MET if done <= due else SlaVerdict.BREACHED
    return SlaVerdict.BREACHED if now > due else SlaVerdict.PENDING


def next_update_due(
    state: State,
    severity: str,
    cadence_minutes: dict[str, int],
    last_update_at: datetime | None,
    declared_at: datetime,
) -> datetime | None:
    """When the next stakeholder update is due; None when no cadence applies."""
    minutes = cadence_minutes.get(severity)
    if minutes is None or state not in ACTIVE:
        return None
    return (last_update_at or declared_at) + timedelta(minutes=minutes)


def require_title(title: str) -> str:
    text = " ".join(title.split())
    if not text:
        raise InvalidInput("an incident needs a title", hint='e.g. "Checkout API 5xx".')
    return check_length(text, limit=TITLE_MAX, what="title", hint="Put details in --summary.")


def clean_summary(summary: str) -> str:
    return check_length(summary.strip(), limit=SUMMARY_MAX, what="summary")


def clean_note(text: str, what: str = "note") -> str:
    """A note or reason typed by a person: trimmed, and no longer than NOTE_MAX."""
    return check_length(text.strip(), limit=NOTE_MAX, what=what)


SERVICE_NAME_MAX = 100
SERVICES_MAX = 50


def service_name(value: str) -> str:
    """The form a service name is stored and matched in: trimmed, lower case."""
    return value.strip().lower()


def clean_services(values: Iterable[str]) -> list[str]:
    """Affected services as stored: normalised, without blanks or repeats, in name order."""
    names = sorted({service_name(v) for v in values if v.strip()})
    long = next((n for n in names if len(n) > SERVICE_NAME_MAX), None)
    if long is not None:
        raise InvalidInput(
            f"the service name '{long[:40]}…' is longer than {SERVICE_NAME_MAX} characters",
            hint="Use the short name the team knows the service by.",
        )
    if len(names) > SERVICES_MAX:
        raise InvalidInput(
            f"{len(names)} affected services is more than {SERVICES_MAX}",
            hint="Name the services that matter; describe the rest in the summary.",
        )
    return names


def check_times(started_at: datetime, detected_at: datetime, declared_at: datetime) -> None:
    if started_at > detected_at:
        raise InvalidInput(
            "the incident cannot start after it was detected",
            hint="--started-at must be at or before --detected-at.",
        )
    if detected_at > declared_at:
        raise InvalidInput(
            "the incident cannot be detected after it was declared",
            hint="--detected-at must be at or before now.",
        )


def effective_time(
    at: datetime | None,
    now: datetime,
    *,
    floor: datetime,
    floor_what: str,
    tz: tzinfo,
) -> datetime:
    """When a change happened: `now`, or a back-dated `at` that keeps the sequence.

    A back-dated change may not be in the future, nor before `floor` (the incident's
    start, the previous state, the current holder of a role: whatever came before it).
    """
    if at is None:
        return now
    if at > now:
        raise InvalidInput(
            f"the change time {_shown(at, tz)} is in the future (now is {_shown(now, tz)})",
            hint="A back-dated change (--at, `at`) records something that already happened.",
        )
    if at < floor:
        raise InvalidInput(
            f"the change time {_shown(at, tz)} is before {floor_what} ({_shown(floor, tz)})",
            hint="Changes are recorded in the order they happened; "
            "check the time and its zone, or record the earlier change first.",
        )
    return at


def _shown(value: datetime, tz: tzinfo) -> str:
    shown = value.astimezone(tz)
    return f"{shown:%Y-%m-%d %H:%M:%S} {shown.tzname()}"


def last_change_at(incident_stamps: Iterable[datetime | None]) -> datetime:
    """The latest of the lifecycle stamps that are set (detection is always set)."""
    return max(s for s in incident_stamps if s is not None)
