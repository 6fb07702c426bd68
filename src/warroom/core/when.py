"""Read the times people type: one parser and one zone rule for every command and API field.

A time written without a zone means the team's configured zone (`timezone`), in
`incident`, `timeline`, `action`, `logs` and `metrics` options alike and in the REST
API's time fields; a zone or offset written with it wins. Results are aware UTC.
(Times inside log and metrics files are data, not typed: `logs analyze --timezone`
names their zone.)
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from warroom.errors import InvalidInput

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
_SPAN = re.compile(r"(\d{1,12})\s*([smhdw])")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
MAX_TYPED = 64  # longer is never a time, and is not echoed back whole
MAX_SPAN = timedelta(days=100 * 366)


def in_zone(value: datetime, tz: ZoneInfo) -> datetime:
    """Aware UTC for a time already read: a naive value is a wall-clock time in `tz`."""
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=tz)
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise _unreadable(value.isoformat(), tz) from None


def parse_when(value: str | None, *, tz: ZoneInfo, now: datetime) -> datetime | None:
    """Accept ISO 8601 (naive means `tz`), HH:MM today in `tz`, or -15m; None when blank."""
    if value is None or not value.strip():
        return None
    raw = value.strip()
    if len(raw) > MAX_TYPED:
        raise _unreadable(raw[:MAX_TYPED] + "…", tz)
    try:
        return _read(raw, tz, now)
    except (ValueError, OverflowError):
        raise _unreadable(raw, tz) from None


def read_time(
    value: str | None, *, tz: ZoneInfo, now: datetime, name: str, ahead: bool = False
) -> datetime | None:
    """`parse_when`, with the option or field name in the error message.

    `ahead` also takes a bare span as that long from now (a due date of `3d`).
    """
    try:
        if ahead and value is not None and _SPAN.fullmatch(value.strip().lower()):
            return (now + parse_span(value)).astimezone(UTC)
        return parse_when(value, tz=tz, now=now)
    except InvalidInput as error:
        raise InvalidInput(f"{name}: {error.message}", hint=error.hint) from None


def _read(raw: str, tz: ZoneInfo, now: datetime) -> datetime:
    if raw.startswith("-"):
        return (now - parse_span(raw[1:])).astimezone(UTC)
    clock = _CLOCK.match(raw)
    if clock:
        local = now.astimezone(tz).replace(
            hour=int(clock.group(1)), minute=int(clock.group(2)), second=0, microsecond=0
        )
        return local.astimezone(UTC)
    return in_zone(datetime.fromisoformat(_iso(raw)), tz)


def _iso(raw: str) -> str:
    """Upper-case RFC 3339's optional lower-case `t` and `z`, which `fromisoformat` refuses."""
    if len(raw) > 10 and raw[10] == "t":
        raw = raw[:10] + "T" + raw[11:]
    return raw[:-1] + "Z" if raw.endswith("z") else raw


def _unreadable(raw: str, tz: ZoneInfo) -> InvalidInput:
    return InvalidInput(
        f"cannot read the time '{raw}'",
        hint="Use 2026-11-22T14:32, 2026-11-22 14:32+09:00, 14:32 (today) or -15m; "
        f"a time without a zone is read in {tz.key}.",
    )


def parse_span(value: str) -> timedelta:
    """Read a span such as 15m, 2h, 30d or 1w."""
    match = _SPAN.fullmatch(value.strip().lower())
    if not match:
        raise InvalidInput(f"cannot read the duration '{value}'", hint="Use 15m, 2h, 30d or 1w.")
    seconds = int(match.group(1)) * _SECONDS[match.group(2)]
    if seconds > MAX_SPAN.total_seconds():
        raise InvalidInput(
            f"the duration '{value.strip()[:MAX_TYPED]}' is longer than 100 years",
            hint="Use 15m, 2h, 30d or 1w.",
        )
    return timedelta(seconds=seconds)
