"""Helpers shared by the `logs` and `metrics` commands: errors, times, durations."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import typer

from warroom.errors import InvalidInput, WarroomError
from warroom.evidence.analysis.timestamps import parse_timestamp

_DURATION = re.compile(r"^\s*(\d+)\s*(s|sec|m|min|h|d)?\s*$")
_UNITS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "d": 86400, None: 60}


def fail(error: WarroomError) -> typer.Exit:
    """Print the error and its hint to stderr; return the Exit to raise."""
    typer.echo(f"error: {error.message}", err=True)
    if error.hint:
        typer.echo(f"hint: {error.hint}", err=True)
    return typer.Exit(error.exit_code)


def moment(value: str | None, option: str) -> datetime | None:
    """Read an ISO 8601 time given on the command line (naive means UTC)."""
    if value is None:
        return None
    parsed = parse_timestamp(value)
    if parsed is None:
        raise InvalidInput(
            f"{option}: cannot read '{value}' as a time",
            hint="Use ISO 8601, e.g. 2025-10-22T14:00:00Z (no zone means UTC).",
        )
    return parsed


def seconds(value: str, option: str) -> int:
    """Read a duration such as 30s, 1m, 5m, 1h or 1d."""
    found = _DURATION.match(value)
    if found is None or int(found.group(1)) == 0:
        raise InvalidInput(
            f"{option}: cannot read '{value}' as a duration", hint="Use e.g. 30s, 1m, 5m, 1h or 1d."
        )
    return int(found.group(1)) * _UNITS[found.group(2)]


def duration(value: str, option: str) -> timedelta:
    return timedelta(seconds=seconds(value, option))
