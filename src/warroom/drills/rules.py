"""Drill kinds, statuses, targets and the quarterly calendar of seed 003 §8.1."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from warroom.errors import InvalidInput
from warroom.i18n import N_


class Kind(StrEnum):
    TABLETOP = "tabletop"
    SIMULATION = "simulation"
    GAME_DAY = "game_day"
    CHAOS = "chaos"


KIND_LABELS = {
    Kind.TABLETOP: N_("Tabletop exercise"),
    Kind.SIMULATION: N_("Response simulation"),
    Kind.GAME_DAY: N_("Game day"),
    Kind.CHAOS: N_("Chaos experiment"),
}


class Status(StrEnum):
    PLANNED = "planned"
    RUNNING = "running"
    DONE = "done"
    REVIEWED = "reviewed"


NEXT = {
    Status.PLANNED: Status.RUNNING,
    Status.RUNNING: Status.DONE,
    Status.DONE: Status.REVIEWED,
}

# What is measured (003 §8.3), each as minutes from detection, and its default target.
TARGETS = {"detect": 5, "acknowledge": 15, "escalate": 30, "mitigate": 60, "communicate": 15}
TARGET_LABELS = {
    "detect": N_("Detection time"),
    "acknowledge": N_("Acknowledgement time"),
    "escalate": N_("Escalation time"),
    "mitigate": N_("Recovery time (RTO)"),
    "communicate": N_("First status update"),
}
CHAOS_FIELDS = (
    "hypothesis",
    "target",
    "fault",
    "kill_switch",
    "kill_switch_holder",
    "success_criteria",
    "max_minutes",
)
CHAOS_LABELS = {
    "hypothesis": N_("Hypothesis"),
    "target": N_("Target system"),
    "fault": N_("Fault type"),
    "kill_switch": N_("Kill switch"),
    "kill_switch_holder": N_("Kill switch holder"),
    "success_criteria": N_("Success criteria"),
    "max_minutes": N_("Maximum duration (min)"),
}
# Statuses and step outcomes as shown (`_(status)`), marked for extraction.
WORDS = (N_("planned"), N_("running"), N_("done"), N_("reviewed"), N_("skipped"), N_("in_progress"))
NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,98}$")


@dataclass(frozen=True)
class Cadence:
    kind: Kind
    per_year: int  # 0: continuous
    purpose: str
    who: str


# 003 §8.1 in our words: how often each kind runs and who takes part.
CALENDAR = (
    Cadence(Kind.TABLETOP, 4, N_("Rehearse the response to a scenario"), N_("all ops and dev")),
    Cadence(
        Kind.SIMULATION,
        2,
        N_("Test response in a real environment"),
        N_("on-call engineers, IC, tech lead"),
    ),
    Cadence(Kind.GAME_DAY, 4, N_("Cause a real failure to test resilience"), N_("SRE and dev")),
    Cadence(Kind.CHAOS, 0, N_("Find weaknesses before users do"), N_("SRE")),
)


def parse_kind(text: str) -> Kind:
    try:
        return Kind(text.replace("-", "_"))
    except ValueError:
        raise InvalidInput(
            f"unknown drill kind {text!r}",
            hint="One of: " + ", ".join(k.value for k in Kind),
        ) from None


def parse_name(text: str) -> str:
    if not NAME.match(text):
        raise InvalidInput(
            f"drill name {text!r} must be lower-case letters, digits and dashes",
            hint="e.g. game-day-db-failover",
        )
    return text


def parse_targets(pairs: list[str]) -> dict[str, int]:
    """`mitigate=30` pairs over the defaults."""
    found = dict(TARGETS)
    for pair in pairs:
        key, _, value = pair.partition("=")
        if key not in TARGETS or not value.isdigit() or int(value) <= 0:
            raise InvalidInput(
                f"target {pair!r} is not NAME=MINUTES",
                hint="Names: " + ", ".join(TARGETS) + "; e.g. mitigate=30",
            )
        found[key] = int(value)
    return found


def parse_quarter(text: str) -> tuple[date, date]:
    found = re.fullmatch(r"(\d{4})Q([1-4])", text.strip().upper())
    if not found:
        raise InvalidInput(f"quarter {text!r} is not YYYYQn", hint="e.g. 2027Q1")
    year, q = int(found.group(1)), int(found.group(2))
    start = date(year, 3 * q - 2, 1)
    end = date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1)
    return start, end


def due_in_quarter(cadence: Cadence, quarter: int) -> bool:
    """Quarterly kinds every quarter, half-yearly ones in Q1 and Q3, chaos always."""
    if cadence.per_year in (0, 4):
        return True
    return cadence.per_year == 2 and quarter in (1, 3)
