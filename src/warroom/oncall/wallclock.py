"""Wall-clock arithmetic in a zone: local times to UTC across DST, and the zone's gaps.

Hand-offs and on-call windows are wall-clock times in the schedule's zone ("every
Monday 10:00", "weekdays 18:00–09:00"), so boundaries are computed as naive local
times and converted here. The conversion is monotone, which keeps spans from ever
running backwards: an ambiguous time (clocks turned back) is its first occurrence,
and a time that does not exist (clocks turned forward) is the instant of the jump.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Gap:
    """Local times skipped when clocks go forward: [start, end) never shows on a clock."""

    start: datetime  # naive local
    end: datetime  # naive local
    at: datetime  # the UTC instant of the jump


def to_utc(local: datetime, tz: ZoneInfo) -> datetime:
    """Convert a naive local time to aware UTC (first occurrence; a skipped time → the jump)."""
    utc = local.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if utc.astimezone(tz).replace(tzinfo=None) == local:
        return utc
    return _jump_instant(local, tz)


def to_local(instant: datetime, tz: ZoneInfo) -> datetime:
    """The naive wall-clock time of an aware instant in `tz`."""
    return instant.astimezone(tz).replace(tzinfo=None)


def exists(local: datetime, tz: ZoneInfo) -> bool:
    utc = local.replace(tzinfo=tz, fold=0).astimezone(UTC)
    return utc.astimezone(tz).replace(tzinfo=None) == local


def at_time(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock)


def gaps(tz: ZoneInfo, start: date, end: date) -> list[Gap]:
    """Every forward jump of the clock between two local dates (both included)."""
    found: list[Gap] = []
    day = start - _DAY
    previous = _offset(tz, datetime.combine(day, time()))
    while day <= end:
        nxt = day + _DAY
        offset = _offset(tz, datetime.combine(nxt, time()))
        if offset != previous:
            found.extend(_gaps_within(tz, day))
        previous, day = offset, nxt
    return [g for g in found if start <= g.start.date() <= end]


def _offset(tz: ZoneInfo, local: datetime) -> timedelta:
    value = local.replace(tzinfo=tz).utcoffset()
    return value if value is not None else timedelta(0)


def _gaps_within(tz: ZoneInfo, day: date) -> list[Gap]:
    """Scan one local day (and its edges) in UTC for offset increases."""
    begin = datetime.combine(day, time()).replace(tzinfo=tz).astimezone(UTC) - timedelta(hours=3)
    finish = begin + timedelta(hours=30)
    result: list[Gap] = []
    low = begin
    step = timedelta(minutes=15)
    while low < finish:
        high = low + step
        before, after = low.astimezone(tz).utcoffset(), high.astimezone(tz).utcoffset()
        if before is not None and after is not None and after > before:
            jump = _first_with_offset(low, high, tz, after)
            start = (jump + before).replace(tzinfo=None)
            result.append(Gap(start=start, end=start + (after - before), at=jump))
        low = high
    return result


def _jump_instant(local: datetime, tz: ZoneInfo) -> datetime:
    early = local.replace(tzinfo=tz, fold=1).astimezone(UTC)
    late = local.replace(tzinfo=tz, fold=0).astimezone(UTC)
    low, high = min(early, late), max(early, late)
    after = high.astimezone(tz).utcoffset()
    assert after is not None
    return _first_with_offset(low, high, tz, after)


def _first_with_offset(low: datetime, high: datetime, tz: ZoneInfo, offset: timedelta) -> datetime:
    """Binary search (to the second) for the first instant in (low, high] with `offset`."""
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        middle = max(middle.replace(microsecond=0), low + timedelta(seconds=1))
        if middle.astimezone(tz).utcoffset() == offset:
            high = middle
        else:
            low = middle
    return high
