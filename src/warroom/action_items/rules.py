"""Pure rules for action items: deadlines, routing, class of service, WIP, status.

No session and no I/O: every table the rules need (due hours, routing, WIP limits)
is passed in, so the defaults below are only defaults and settings can replace them.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from warroom.clock import ensure_utc
from warroom.core.bounds import NOTE_MAX, check_length
from warroom.errors import Conflict, IllegalTransition, InvalidInput
from warroom.i18n import N_


class Priority(StrEnum):
    P0 = "P0"
    P1 = "P1"
    P2 = "P2"


class Horizon(StrEnum):
    """When the fix lands: a quick win, this sprint, or the roadmap (000's three tables)."""

    IMMEDIATE = "immediate"
    THIS_SPRINT = "this-sprint"
    ROADMAP = "roadmap"


class ItemType(StrEnum):
    CODE_FIX = "code-fix"
    TESTS = "tests"
    INFRASTRUCTURE = "infrastructure"
    MONITORING = "monitoring"
    DOCS = "docs"
    PROCESS = "process"


class Status(StrEnum):
    BACKLOG = "backlog"
    TODO = "todo"
    IN_PROGRESS = "in-progress"
    BLOCKED = "blocked"
    DONE = "done"
    WONT_DO = "wont-do"


class ClassOfService(StrEnum):
    EXPEDITE = "expedite"
    FIXED_DATE = "fixed-date"
    STANDARD = "standard"


OPEN_STATUSES = frozenset({Status.BACKLOG, Status.TODO, Status.IN_PROGRESS, Status.BLOCKED})
CLOSED_STATUSES = frozenset({Status.DONE, Status.WONT_DO})

# 002 §7: P0 within 24 hours, P1 within a week, P2 within a month.
DEFAULT_DUE_HOURS: Mapping[str, int] = {"P0": 24, "P1": 24 * 7, "P2": 24 * 30}

# 000's delegation table; it has no row for process changes, so those go to the team
# that owns the incident process until a team configures otherwise.
DEFAULT_ROUTING: Mapping[str, str] = {
    ItemType.CODE_FIX: "Dev/fix-bugs",
    ItemType.TESTS: "Dev/write-tests",
    ItemType.INFRASTRUCTURE: "Infra/plan-infrastructure",
    ItemType.MONITORING: "Infra/configure-cicd",
    ItemType.DOCS: "Dev/sync-docs",
    ItemType.PROCESS: "SRE/incident-process",
}

# 000 sorts follow-ups into quick wins, this sprint and the roadmap; the priority's
# deadline suggests which one when the author does not say.
DEFAULT_HORIZON: Mapping[Priority, Horizon] = {
    Priority.P0: Horizon.IMMEDIATE,
    Priority.P1: Horizon.THIS_SPRINT,
    Priority.P2: Horizon.ROADMAP,
}

# Severities whose follow-ups are Expedite (003 appendix C: P1/P2 incidents).
DEFAULT_EXPEDITE_SEVERITIES = frozenset({"P1", "P2"})


def parse_priority(value: str) -> Priority:
    try:
        return Priority(value.strip().upper())
    except ValueError:
        raise InvalidInput(
            f"unknown priority '{value}'",
            hint="Use P0 (within 24 h), P1 (within a week) or P2 (within a month).",
        ) from None


def parse_type(value: str) -> ItemType:
    try:
        return ItemType(value.strip().lower().replace("_", "-"))
    except ValueError:
        known = ", ".join(t.value for t in ItemType)
        raise InvalidInput(
            f"unknown action item type '{value}'", hint=f"Use one of: {known}."
        ) from None


def parse_status(value: str) -> Status:
    cleaned = value.strip().lower().replace("_", "-").replace(" ", "-")
    aliases = {"open": "todo", "to-do": "todo", "wontdo": "wont-do", "won't-do": "wont-do"}
    try:
        return Status(aliases.get(cleaned, cleaned))
    except ValueError:
        known = ", ".join(s.value for s in Status)
        raise InvalidInput(f"unknown status '{value}'", hint=f"Use one of: {known}.") from None


def parse_horizon(value: str) -> Horizon:
    try:
        return Horizon(value.strip().lower().replace("_", "-").replace(" ", "-"))
    except ValueError:
        known = ", ".join(h.value for h in Horizon)
        raise InvalidInput(f"unknown horizon '{value}'", hint=f"Use one of: {known}.") from None


def default_due(
    priority: Priority, created_at: datetime, due_hours: Mapping[str, int] = DEFAULT_DUE_HOURS
) -> datetime:
    """Return the deadline a priority implies, counted from when the item was raised."""
    hours = due_hours.get(priority.value)
    if hours is None:
        raise InvalidInput(
            f"no default due time configured for {priority.value}",
            hint="Set action_due_hours in warroom.toml, e.g. {P0 = 24, P1 = 168, P2 = 720}.",
        )
    return ensure_utc(created_at) + timedelta(hours=hours)


# A due date is a commitment someone will be held to; past five years it is a typo or
# a placeholder (9999-12-31), and such values broke pages that show them in a zone.
DUE_YEARS_AHEAD = 5
DUE_YEARS_BEHIND = 10
MAX_DUE_HOURS = DUE_YEARS_AHEAD * 365 * 24


def check_due(due_at: datetime, now: datetime, *, title: str = "") -> datetime:
    """Accept a due date within five years ahead (and ten back, for imported history)."""
    now = ensure_utc(now)
    which = f" of '{title}'" if title else ""
    if due_at > now + timedelta(days=365 * DUE_YEARS_AHEAD + 2):
        raise InvalidInput(
            f"the due date{which} ({due_at:%Y-%m-%d}) is more than {DUE_YEARS_AHEAD} years ahead",
            hint=N_(
                "Give a date within five years; long-term work goes on the roadmap horizon "
                "with a date for its next review."
            ),
        )
    if due_at < now - timedelta(days=365 * DUE_YEARS_BEHIND + 3):
        raise InvalidInput(
            f"the due date{which} ({due_at:%Y-%m-%d}) is more than {DUE_YEARS_BEHIND} years ago",
            hint=N_("Check the year; leave the due date out to take the priority's default."),
        )
    return due_at


def default_horizon(priority: Priority) -> Horizon:
    return DEFAULT_HORIZON[priority]


def route_team(item_type: ItemType, routing: Mapping[str, str] = DEFAULT_ROUTING) -> str:
    """Return the team that owns this type of follow-up (000's delegation table)."""
    team = routing.get(item_type.value)
    if not team:
        raise InvalidInput(
            f"no team is configured for '{item_type.value}' items",
            hint="Add it to action_routing in warroom.toml, or pass --team.",
        )
    return team


def class_of_service(
    *,
    priority: Priority,
    incident_severity: str | None,
    fixed_date: bool,
    expedite_severities: Iterable[str] = DEFAULT_EXPEDITE_SEVERITIES,
) -> ClassOfService:
    """Derive the class: P0 items and follow-ups of P1/P2 incidents expedite; a hard date fixes."""
    severities = {_p_scale(s) for s in expedite_severities}
    if priority is Priority.P0 or _p_scale(incident_severity or "") in severities:
        return ClassOfService.EXPEDITE
    if fixed_date:
        return ClassOfService.FIXED_DATE
    return ClassOfService.STANDARD


def _p_scale(severity: str) -> str:
    """SEV1–SEV4 are aliases of P1–P4 (the severity package stores the P form)."""
    raw = severity.strip().upper()
    return f"P{raw[3:]}" if raw.startswith("SEV") else raw


def ensure_within_wip(
    *, lane: str, column: str, limit: int | None, occupied: int, cos: ClassOfService
) -> None:
    """Refuse to add a card to a full column; Expedite cards ignore the limit (003 app. C).

    `occupied` counts every card already in the column, Expedite ones included: they
    take real capacity, they just may not be held back by it.
    """
    if limit is None or cos is ClassOfService.EXPEDITE or occupied < limit:
        return
    raise Conflict(
        f"column '{column}' of the {lane} lane is at its WIP limit of {limit} "
        f"({occupied} items there now)",
        hint="Finish or move an item out of that column first, or raise the limit "
        "(board_wip_limits in warroom.toml). Expedite items are exempt.",
        code="wip_limit",
    )


def ensure_transition(current: Status, target: Status, *, reason: str | None) -> None:
    """Allow any move between open statuses and closing; reopening goes back to an open one.

    "Won't do" needs a reason, so the decision not to act is itself on the record.
    """
    if current is target:
        raise IllegalTransition(
            f"the item is already {current.value}", hint="Pick a different status."
        )
    if current in CLOSED_STATUSES and target in CLOSED_STATUSES:
        raise IllegalTransition(
            f"cannot go from {current.value} to {target.value} directly",
            hint="Reopen it first (move it to todo), then close it the other way.",
        )
    check_length(reason or "", limit=NOTE_MAX, what="reason")
    if target is Status.WONT_DO and not (reason or "").strip():
        raise InvalidInput(
            "closing an item as won't do needs a reason",
            hint='Add --reason "..." saying why the follow-up is not worth doing.',
        )


def is_overdue(status: Status, due_at: datetime | None, now: datetime) -> bool:
    return status in OPEN_STATUSES and due_at is not None and due_at < ensure_utc(now)


@dataclass(frozen=True, slots=True)
class Tally:
    """Counts for one report row; rates and medians derive from them."""

    open: int = 0
    done: int = 0
    wont_do: int = 0
    overdue: int = 0
    close_durations: tuple[timedelta, ...] = ()

    @property
    def total(self) -> int:
        return self.open + self.done + self.wont_do

    @property
    def completion_rate(self) -> float | None:
        return completion_rate(done=self.done, total=self.total, wont_do=self.wont_do)

    @property
    def median_time_to_close(self) -> timedelta | None:
        return median_duration(self.close_durations)


def completion_rate(*, done: int, total: int, wont_do: int = 0) -> float | None:
    """Return done / items that still counted; None when nothing counted.

    Items closed as won't do leave the denominator: declining a follow-up on purpose
    is a decision, not a failure to finish it.
    """
    counted = total - wont_do
    if counted <= 0:
        return None
    return done / counted


def median_duration(durations: Iterable[timedelta]) -> timedelta | None:
    values = sorted(d.total_seconds() for d in durations)
    if not values:
        return None
    return timedelta(seconds=statistics.median(values))


def tally(
    items: Iterable[tuple[Status, datetime | None, datetime, datetime | None]], now: datetime
) -> Tally:
    """Count (status, due_at, created_at, closed_at) rows into one Tally."""
    open_, done, wont, overdue = 0, 0, 0, 0
    durations: list[timedelta] = []
    for status, due_at, created_at, closed_at in items:
        if status is Status.DONE:
            done += 1
            if closed_at is not None:
                durations.append(closed_at - created_at)
        elif status is Status.WONT_DO:
            wont += 1
        else:
            open_ += 1
            overdue += is_overdue(status, due_at, now)
    return Tally(open_, done, wont, overdue, tuple(durations))


# Kanban (003 appendix C): the lanes, their columns, and default WIP limits.
LANE_INCIDENT = "incident"
LANE_POSTMORTEM = "postmortem"
LANE_ACTIONS = "actions"
LANES = (LANE_INCIDENT, LANE_POSTMORTEM, LANE_ACTIONS)

ACTION_COLUMNS: tuple[Status, ...] = (
    Status.BACKLOG,
    Status.TODO,
    Status.IN_PROGRESS,
    Status.BLOCKED,
    Status.DONE,
)

DEFAULT_WIP_LIMITS: Mapping[str, Mapping[str, int]] = {
    LANE_ACTIONS: {Status.TODO: 10, Status.IN_PROGRESS: 5, Status.BLOCKED: 5},
}


def parse_lane(value: str) -> str:
    cleaned = value.strip().lower().replace("_", "-")
    aliases = {
        "post-mortem": LANE_POSTMORTEM,
        "action-items": LANE_ACTIONS,
        "incidents": LANE_INCIDENT,
    }
    lane = aliases.get(cleaned, cleaned)
    if lane not in LANES:
        raise InvalidInput(f"unknown lane '{value}'", hint=f"Use one of: {', '.join(LANES)}.")
    return lane


def wip_scope(lane: str, column: str) -> str:
    """The counter row whose lock serialises moves into a WIP-limited column."""
    return f"wip:{lane}:{column}"


def wip_limit(limits: Mapping[str, Mapping[str, int]], lane: str, column: str) -> int | None:
    """Return the configured limit, or None for an unlimited column (and for Done)."""
    if column == Status.DONE:
        return None
    return limits.get(lane, {}).get(column)
