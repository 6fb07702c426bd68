"""Hand-over notes at the change of primary, iCal feeds and imported calendars."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.domain.helpers import declare
from tests.domain.oncall.helpers import ADMIN, NOW, kst, people, platform
from warroom import handover
from warroom.core.actor import Actor
from warroom.errors import InvalidInput, NotFound
from warroom.jobs.models import Job
from warroom.oncall import actions, calendars, queries
from warroom.oncall.actions import HANDOVER_JOB
from warroom.oncall.queries import who_is_on_call


def test_the_handover_lists_open_incidents_and_the_notes_left(session: Session) -> None:
    platform(session)
    declare(session, NOW, title="Checkout 5xx", services=["checkout"])
    declare(session, NOW, title="Search slow", services=["search"])  # another team's
    actions.leave_handover_note(
        session=session, actor=Actor("minsu"), now=NOW, schedule="platform",
        body="DB failover drill on Thursday",
    )  # fmt: skip
    at = kst("2026-12-07T09:00")
    done = handover.deliver(session=session, now=at, schedule="platform", at=at)
    assert done is not None
    assert (done.role, done.outgoing, done.incoming) == ("primary", ["minsu"], ["jane"])
    assert [i["title"] for i in done.summary["incidents"]] == ["Checkout 5xx"]
    assert [n["body"] for n in done.summary["notes"]] == ["DB failover drill on Thursday"]
    # recorded once, notes handed over, the next change queued (jane → chulsoo)
    assert handover.deliver(session=session, now=at, schedule="platform", at=at) == done
    assert queries.pending_notes(session, queries.get_schedule(session, "platform"), at) == []
    runs = session.scalars(select(Job.run_at).where(Job.kind == HANDOVER_JOB)).all()
    assert kst("2026-12-14T09:00") in runs


def test_a_stale_handover_job_records_nothing(session: Session) -> None:
    platform(session)
    at = kst("2026-12-08T09:00")  # not a change of primary
    assert handover.deliver(session=session, now=at, schedule="platform", at=at) is None
    assert handover.deliver(session=session, now=at, schedule="gone", at=at) is None


def _feed_events(session: Session, token: str, now: datetime) -> list:
    feed = calendars.feed_for_token(session, token)
    return list(Calendar.from_ical(calendars.feed_calendar(session, feed, now)).walk("VEVENT"))


def test_schedule_and_person_feeds_have_stable_uids_and_rotate(session: Session) -> None:
    platform(session)
    _feed, token = calendars.new_feed(session=session, actor=ADMIN, now=NOW, schedule="platform")
    events = _feed_events(session, token, NOW)
    assert events and all(e.decoded("dtstart").tzinfo is not None for e in events)
    again = _feed_events(session, token, NOW + timedelta(days=1))
    assert {str(e["uid"]) for e in events} & {str(e["uid"]) for e in again}
    _feed, jane = calendars.new_feed(session=session, actor=ADMIN, now=NOW, person="jane")
    mine = _feed_events(session, jane, NOW)
    assert mine and all("jane" in str(e["summary"]) for e in mine)
    _feed, newer = calendars.new_feed(session=session, actor=ADMIN, now=NOW, schedule="platform")
    with pytest.raises(NotFound):
        calendars.feed_for_token(session, token)  # the old URL stopped working
    assert _feed_events(session, newer, NOW)
    with pytest.raises(NotFound):
        calendars.feed_for_token(session, newer[:-2] + "xx")


ICS = b"""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//other tool//EN
BEGIN:VEVENT
UID:a1
DTSTART:20261207T010000Z
DTEND:20261214T010000Z
SUMMARY:On call - J. Doe
END:VEVENT
BEGIN:VEVENT
UID:a2
DTSTART;TZID=Asia/Seoul:20261214T100000
DTEND;TZID=Asia/Seoul:20261221T100000
SUMMARY:Primary
ATTENDEE:mailto:minsu@example.com
END:VEVENT
END:VCALENDAR
"""


def test_an_imported_calendar_is_a_read_only_rotation(session: Session) -> None:
    people(session)
    actions.create_schedule(
        session=session, actor=ADMIN, now=NOW, name="ops", timezone="Asia/Seoul"
    )
    with pytest.raises(InvalidInput, match=r"cannot tell who is on call in: On call - J\. Doe"):
        calendars.import_calendar(
            session=session, actor=ADMIN, now=NOW, schedule="ops", rotation="legacy", data=ICS
        )
    rotation, count = calendars.import_calendar(
        session=session, actor=ADMIN, now=NOW, schedule="ops", rotation="legacy", data=ICS,
        mapping={"J. Doe": "jane"},
    )  # fmt: skip
    assert (rotation.source, count, rotation.people) == ("ical", 2, ["jane", "minsu"])
    assert who_is_on_call(session, "ops", kst("2026-12-10T12:00"))[0].person == "jane"
    found = who_is_on_call(session, "ops", kst("2026-12-15T12:00"))
    assert [(o.person, o.start, o.end) for o in found] == [
        ("minsu", kst("2026-12-14T10:00"), kst("2026-12-21T10:00"))
    ]


def test_bad_calendars_are_refused(session: Session) -> None:
    people(session)
    actions.create_schedule(session=session, actor=ADMIN, now=NOW, name="ops", timezone="UTC")
    for data, text in [
        (b"not a calendar", "not an iCalendar file"),
        (ICS.replace(b"UID:a2", b"UID:a2\nRRULE:FREQ=WEEKLY"), "repeats"),
    ]:
        with pytest.raises(InvalidInput, match=text):
            calendars.import_calendar(
                session=session, actor=ADMIN, now=NOW, schedule="ops", rotation="x", data=data,
                mapping={"J. Doe": "jane"},
            )  # fmt: skip
    assert queries.get_schedule(session, "ops").rotations == []
