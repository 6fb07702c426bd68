"""iCal feeds at unguessable, rotatable URLs, and calendars imported as read-only rotations."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom.accounts.rules import Principal
from warroom.core.actor import Actor
from warroom.errors import InvalidInput, NotFound
from warroom.oncall import ical, queries, rules
from warroom.oncall.actions import schedule_next_handover
from warroom.oncall.models import Feed, ImportedShift, Rotation, Schedule
from warroom.oncall.plans import rotation_spec
from warroom.people.actions import normalize_handle
from warroom.people.models import Person
from warroom.people.queries import find_person

FEED_PAST = timedelta(days=14)
FEED_AHEAD = timedelta(weeks=12)
_WHOLE = timedelta(days=32)  # shifts are computed this far beyond the feed so none is cut


def new_feed(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    schedule: str | None = None,
    person: str | None = None,
    access: Principal | None = None,
) -> tuple[Feed, str]:
    """Make a feed URL token for a schedule or a person, revoking the one before (rotation).

    Only a hash is stored: the token is shown once, like an API token.
    """
    if (schedule is None) == (person is None):
        raise InvalidInput("a feed is for a schedule or for a person", hint="Give one of them.")
    target_schedule = queries.get_schedule(session, schedule).name if schedule else None
    target_person = _person(session, person).handle if person else None
    if target_person is not None and access is not None:
        rules.ensure_may_override(access, [], target_person)
    if target_schedule is not None and access is not None:
        rules.ensure_schedule_admin(
            access, queries.get_schedule(session, target_schedule).admins, "a schedule feed"
        )
    for old in session.scalars(
        select(Feed).where(
            Feed.schedule_name == target_schedule
            if target_schedule
            else Feed.person == target_person,
            Feed.revoked_at.is_(None),
        )
    ):
        old.revoked_at = now
    lookup, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    feed = Feed(
        lookup=lookup,
        secret_hash=_hash(secret),
        schedule_name=target_schedule,
        person=target_person,
        created_at=now,
        created_by=str(actor),
    )
    session.add(feed)
    session.flush()
    return feed, f"{lookup}_{secret}"


def _person(session: Session, handle: str) -> Person:
    person = find_person(session, handle)
    if person is None:
        raise NotFound(f"person {handle} not found", hint=f"`warroom people add {handle}`.")
    return person


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


_TOKEN = re.compile(r"^([0-9a-f]{12})_([A-Za-z0-9_-]{20,})$")


def feed_for_token(session: Session, token: str) -> Feed:
    """The live feed a token opens; a wrong, old or revoked token is NotFound (no oracle)."""
    match = _TOKEN.match(token.removesuffix(".ics"))
    feed = queries.feed_by_lookup(session, match.group(1)) if match else None
    if (
        feed is None
        or match is None
        or not hmac.compare_digest(feed.secret_hash, _hash(match.group(2)))
    ):
        raise NotFound(
            "no such calendar feed", hint="Ask for a new feed URL; old ones stop working."
        )
    return feed


def feed_calendar(session: Session, feed: Feed, now: datetime) -> bytes:
    return render_calendar(session, schedule=feed.schedule_name, person=feed.person, now=now)


def render_calendar(
    session: Session, *, schedule: str | None, person: str | None, now: datetime
) -> bytes:
    """A schedule's or a person's shifts from two weeks ago to twelve weeks ahead, each whole."""
    if (schedule is None) == (person is None):
        raise InvalidInput("a calendar is for a schedule or for a person", hint="Give one of them.")
    start, end = now - FEED_PAST, now + FEED_AHEAD
    if schedule is not None:
        schedules = [queries.get_schedule(session, schedule)]
        title, zone = f"On call: {schedules[0].name}", schedules[0].timezone
    else:
        handle = _person(session, str(person)).handle
        schedules = queries.list_schedules(session)
        title, zone, person = f"On call: {handle}", "UTC", handle
    items = _feed_shifts(session, schedules, person, start, end)
    return ical.export(items, title=title, zone=zone, now=now)


def _feed_shifts(
    session: Session,
    schedules: Sequence[Schedule],
    person: str | None,
    start: datetime,
    end: datetime,
) -> list[ical.FeedShift]:
    """Whole shifts touching [start, end); a person's feed looks at every schedule, since an
    override can put anyone on any of them."""
    items: list[ical.FeedShift] = []
    for schedule in schedules:
        for shift in queries.shifts_between(session, schedule, start - _WHOLE, end + _WHOLE):
            if shift.end > start and shift.start < end and person in (None, shift.person):
                items.append(ical.FeedShift(schedule.name, shift))
    return sorted(items, key=lambda i: (i.shift.start, i.schedule, i.shift.role))


def import_calendar(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    schedule: str,
    rotation: str,
    data: bytes,
    role: str = "primary",
    layer: int = 1,
    mapping: Mapping[str, str] | None = None,
    access: Principal | None = None,
) -> tuple[Rotation, int]:
    """Import (or re-import) a calendar as a read-only rotation; return it and its shift count."""
    row = queries.get_schedule(session, schedule)
    rules.ensure_schedule_admin(access, row.admins, "importing a calendar")
    key = rules.parse_slug(rotation, "rotation")
    events = ical.read_events(data, rules.parse_zone(row.timezone))
    if not events:
        raise InvalidInput("the calendar has no events", hint="Check the exported file.")
    people = list(session.scalars(select(Person)))
    assigned = _assign(
        events, people, {k.strip().lower(): normalize_handle(v) for k, v in (mapping or {}).items()}
    )
    target = next((r for r in row.rotations if r.name == key), None)
    if target is not None and target.source == "rules":
        raise InvalidInput(
            f"rotation {key} is made of rules, not an imported calendar",
            hint="Import under another --rotation name.",
        )
    if target is None:
        target = Rotation(
            schedule_name=row.name,
            name=key,
            role=rules.parse_slug(role, "role"),
            layer=layer,
            source="ical",
            people=sorted({p for _, p in assigned}),
            unit="days",
            length=7,
            handoff="00:00",
            person_offset=0,
            windows=[],
            holidays=False,
            start_date=min(e.start for e, _ in assigned).date(),
            created_at=now,
            created_by=str(actor),
        )
        rules.check_no_overlap(rotation_spec(target, ()), [rotation_spec(r) for r in row.rotations])
        row.rotations.append(target)
        session.flush()
    else:
        target.people = sorted({p for _, p in assigned})
        for old in session.scalars(
            select(ImportedShift).where(ImportedShift.rotation_id == target.id)
        ):
            session.delete(old)
    for event, handle in assigned:
        session.add(
            ImportedShift(
                rotation_id=target.id,
                uid=event.uid[:255],
                person=handle,
                starts_at=event.start,
                ends_at=event.end,
            )
        )
    row.updated_at = now
    session.flush()
    schedule_next_handover(session, row, now)
    return target, len(assigned)


def _assign(
    events: list[ical.CalendarEvent], people: list[Person], mapping: Mapping[str, str]
) -> list[tuple[ical.CalendarEvent, str]]:
    by_email = {p.email.lower(): p.handle for p in people if p.email}
    handles = {p.handle for p in people}
    by_name = {p.name.strip().lower(): p.handle for p in people if p.name}
    result: list[tuple[ical.CalendarEvent, str]] = []
    unknown: set[str] = set()
    for event in events:
        handle = _match(event, by_email, handles, by_name, mapping)
        if handle is None:
            unknown.add(event.summary or ", ".join(event.emails) or event.uid)
        else:
            result.append((event, handle))
    if unknown:
        names = sorted(unknown)
        raise InvalidInput(
            f"cannot tell who is on call in: {'; '.join(names[:5])}"
            + (f" (and {len(names) - 5} more)" if len(names) > 5 else ""),
            hint="Add the people (`warroom people add HANDLE --email ...`) or map names: "
            '--map "Jane Doe=jane".',
        )
    return result


def _match(
    event: ical.CalendarEvent,
    by_email: Mapping[str, str],
    handles: set[str],
    by_name: Mapping[str, str],
    mapping: Mapping[str, str],
) -> str | None:
    summary = event.summary.strip().lower()
    for key, handle in mapping.items():
        if key and (key == summary or key in summary or key in event.emails):
            return handle if handle in handles else None
    for email in event.emails:
        if email in by_email:
            return by_email[email]
    words = set(re.findall(r"[a-z0-9._-]+", summary))
    found = {h for h in handles if h in words} | {
        h for n, h in by_name.items() if n and n in summary
    }
    return found.pop() if len(found) == 1 else None
