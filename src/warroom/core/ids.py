"""Human identifiers: INC-YYYYMMDD-NNN, AI-NNN, TI-NNN.

Numbers come from `db.counters.next_value` so they are gap-free under concurrency;
this module only formats and parses.
"""

from __future__ import annotations

import re
from datetime import date

from warroom.errors import InvalidInput

_INCIDENT = re.compile(r"^INC-(\d{8})-(\d{3,})$")
_SEQUENTIAL = re.compile(r"^(AI|TI)-(\d{3,})$")


def incident_scope(day: date) -> str:
    return f"INC-{day:%Y%m%d}"


def format_incident_id(day: date, number: int) -> str:
    return f"{incident_scope(day)}-{number:03d}"


def parse_incident_id(value: str) -> tuple[date, int]:
    match = _INCIDENT.match(value.strip().upper())
    if not match:
        raise InvalidInput(
            f"'{value}' is not an incident ID",
            hint="Incident IDs look like INC-20261122-001; `warroom incident list` shows them.",
        )
    raw_day, number = match.groups()
    day = date(int(raw_day[:4]), int(raw_day[4:6]), int(raw_day[6:]))
    return day, int(number)


def normalize_incident_id(value: str) -> str:
    day, number = parse_incident_id(value)
    return format_incident_id(day, number)


def format_sequential_id(prefix: str, number: int) -> str:
    return f"{prefix}-{number:03d}"


def parse_sequential_id(value: str, prefix: str) -> int:
    match = _SEQUENTIAL.match(value.strip().upper())
    if not match or match.group(1) != prefix:
        raise InvalidInput(
            f"'{value}' is not a {prefix} identifier", hint=f"Use the form {prefix}-001."
        )
    return int(match.group(2))
