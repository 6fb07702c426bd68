"""Parse what people type: times in their zone, durations like 30d."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from warroom.errors import InvalidInput

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")


def parse_when(value: str | None, *, tz: ZoneInfo, now: datetime) -> datetime | None:
    """Accept ISO 8601 (with or without offset; naive means `tz`), HH:MM today, or -15m."""
    if value is None or not value.strip():
        return None
    raw = value.strip()
    if raw.startswith("-"):
        return now - parse_span(raw[1:])
    clock = _CLOCK.match(raw)
    if clock:
        local = now.astimezone(tz).replace(
            hour=int(clock.group(1)), minute=int(clock.group(2)), second=0, microsecond=0
        )
        return local.astimezone(now.tzinfo)
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(
            f"cannot read the time '{value}'",
            hint="Use 2026-11-22T14:32, 2026-11-22 14:32+09:00, 14:32 (today) or -15m.",
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    return parsed.astimezone(now.tzinfo)


def parse_span(value: str) -> timedelta:
    match = re.fullmatch(r"(\d+)\s*([smhdw])", value.strip().lower())
    if not match:
        raise InvalidInput(f"cannot read the duration '{value}'", hint="Use 15m, 2h, 30d or 1w.")
    amount, unit = int(match.group(1)), match.group(2)
    seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}[unit]
    return timedelta(seconds=amount * seconds)
