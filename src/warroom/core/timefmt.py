"""Show aware UTC datetimes in a configured zone, and durations for people."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from warroom.errors import InvalidInput


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidInput(
            f"unknown time zone '{name}'", hint="Use an IANA name such as Asia/Seoul or UTC."
        ) from exc


def shown_in(value: datetime, tz: ZoneInfo) -> datetime:
    """`value` in `tz` for display; at the edge of the calendar (a stored 9999-12-31
    that a zone east of UTC would push into the year 10000) it stays in UTC instead of
    failing the whole page."""
    try:
        return value.astimezone(tz)
    except OverflowError:
        return value.astimezone(UTC)


def local(value: datetime | None, tz: ZoneInfo) -> str:
    if value is None:
        return "-"
    shown = shown_in(value, tz)
    return f"{shown:%Y-%m-%d %H:%M:%S} {shown.tzname()}"


def duration(value: timedelta | None) -> str:
    if value is None:
        return "-"
    seconds = int(value.total_seconds())
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{days}d"] if days else []
    if hours or days:
        parts.append(f"{hours}h")
    parts.append(f"{minutes}m")
    if not days and not hours:
        parts.append(f"{secs}s")
    return sign + " ".join(parts)
