"""RFC 5545 calendars with the maintained `icalendar` package: shifts out, shifts in (pure)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from warroom.errors import InvalidInput
from warroom.oncall.resolve import Shift
from warroom.oncall.wallclock import to_utc

PRODID = "-//warroom//on-call//EN"
MAX_IMPORT_EVENTS = 20_000


@dataclass(frozen=True, slots=True)
class FeedShift:
    schedule: str
    shift: Shift


def event_uid(schedule: str, shift: Shift) -> str:
    """Stable while the shift is the same: a calendar updates the event, never duplicates it."""
    key = f"{schedule}|{shift.role}|{shift.person}|{shift.start.isoformat()}"
    return f"{hashlib.sha256(key.encode()).hexdigest()[:32]}@warroom"


def export(items: Iterable[FeedShift], *, title: str, zone: str, now: datetime) -> bytes:
    """One VEVENT per shift, times in UTC, with stable UIDs."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", title)
    calendar.add("x-wr-timezone", zone)
    for item in items:
        shift = item.shift
        event = Event()
        event.add("uid", event_uid(item.schedule, shift))
        event.add("dtstamp", now.astimezone(UTC))
        event.add("dtstart", shift.start.astimezone(UTC))
        event.add("dtend", shift.end.astimezone(UTC))
        event.add("summary", f"On call: {item.schedule} {shift.role} — {shift.person}")
        note = " (override)" if shift.overridden else ""
        event.add(
            "description",
            f"{shift.person} is {shift.role} on call for {item.schedule}{note}.",
        )
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return bytes(calendar.to_ical())


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    uid: str
    start: datetime
    end: datetime
    summary: str
    emails: tuple[str, ...]


def read_events(data: bytes, tz: ZoneInfo) -> list[CalendarEvent]:
    """Read the VEVENTs of a calendar; floating and all-day times are in the schedule's zone."""
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(data)
    except ValueError as error:
        raise InvalidInput(
            f"this is not an iCalendar file: {error}",
            hint="Export the schedule from the other tool as .ics (RFC 5545).",
        ) from None
    events: list[CalendarEvent] = []
    for index, component in enumerate(calendar.walk("VEVENT")):
        if component.get("rrule") is not None:
            raise InvalidInput(
                f"event {component.get('uid') or index + 1} repeats (RRULE)",
                hint="Export the on-call shifts as individual events, not a recurring one.",
            )
        start, end = _span(component, tz)
        if end <= start:
            continue
        events.append(
            CalendarEvent(
                uid=str(component.get("uid") or f"event-{index + 1}"),
                start=start,
                end=end,
                summary=str(component.get("summary") or ""),
                emails=_emails(component.get("attendee")),
            )
        )
    if len(events) > MAX_IMPORT_EVENTS:
        raise InvalidInput(
            f"{len(events)} events is more than one import takes ({MAX_IMPORT_EVENTS})",
            hint="Export a shorter range.",
        )
    return events


def _span(component: object, tz: ZoneInfo) -> tuple[datetime, datetime]:
    decoded = component.decoded  # type: ignore[attr-defined]
    if component.get("dtstart") is None:  # type: ignore[attr-defined]
        raise InvalidInput("an event has no DTSTART", hint="Check the exported file.")
    start = _instant(decoded("dtstart"), tz)
    if component.get("dtend") is not None:  # type: ignore[attr-defined]
        return start, _instant(decoded("dtend"), tz)
    if component.get("duration") is not None:  # type: ignore[attr-defined]
        return start, start + decoded("duration")
    raw = decoded("dtstart")
    length = timedelta(days=1) if not isinstance(raw, datetime) else timedelta(0)
    return start, start + length


def _instant(value: object, tz: ZoneInfo) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return to_utc(value, tz)
        return value.astimezone(UTC)
    if isinstance(value, date):
        return to_utc(datetime.combine(value, time()), tz)
    raise InvalidInput(f"cannot read the event time {value!r}", hint="Check the exported file.")


def _emails(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    found = []
    for item in items:
        text = str(item)
        if text.lower().startswith("mailto:"):
            found.append(text[7:].strip().lower())
    return tuple(found)
