"""Helpers shared by the `logs` and `metrics` commands: errors, times, durations."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta

import typer

from warroom.errors import InvalidInput, WarroomError

_DURATION = re.compile(r"^\s*(\d+)\s*(s|sec|m|min|h|d)?\s*$")
_UNITS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "d": 86400, None: 60}


def fail(error: WarroomError) -> typer.Exit:
    """Print the error and its hint to stderr; return the Exit to raise."""
    typer.echo(f"error: {error.message}", err=True)
    if error.hint:
        typer.echo(f"hint: {error.hint}", err=True)
    return typer.Exit(error.exit_code)


def moment(value: str | None, option: str) -> datetime | None:
    """Read a time given on the command line; no zone means the configured one."""
    from warroom.cli.runtime import runtime
    from warroom.core.when import read_time

    rt = runtime()
    return read_time(value, tz=rt.tz(), now=rt.now(), name=option)


def window_reader(option: str) -> Callable[[str], datetime]:
    """How `--before/--during/--after` read each end of START/END: like every typed time."""

    def read(text: str) -> datetime:
        found = moment(text, option)
        if found is None:
            raise InvalidInput(f"{option}: an empty time", hint="Write START/END or START/.")
        return found

    return read


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
