"""Schedules, rotations and overrides on a real database; who is on call from them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.domain.oncall.helpers import ADMIN, NOW, kst, people, platform
from warroom.accounts.rules import Principal, Role
from warroom.core.actor import Actor
from warroom.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from warroom.jobs.models import Job
from warroom.oncall import actions, queries, views
from warroom.oncall.actions import HANDOVER_JOB
from warroom.oncall.models import Change, Override, Rotation, Schedule
from warroom.oncall.queries import schedule_for_service, who_is_on_call
from warroom.oncall.rules import OnCall


def test_who_is_on_call_follows_the_seed_table(session: Session) -> None:
    platform(session)
    # Christmas (a Korean public holiday) at 03:00: week 4 of the rotation, minsu's again
    found = who_is_on_call(session, "platform", kst("2026-12-25T03:00"))
    assert found == [
        OnCall("platform", "primary", "minsu", kst("2026-12-24T18:00"), kst("2026-12-28T09:00")),
        OnCall("platform", "secondary", "jane", kst("2026-12-24T18:00"), kst("2026-12-28T09:00")),
    ]
    # First week: minsu primary, jane secondary; nobody during office hours
    assert [o.person for o in who_is_on_call(session, "platform", kst("2026-12-01T23:00"))] == [
        "minsu",
        "jane",
    ]
    assert who_is_on_call(session, "platform", kst("2026-12-01T14:00")) == []


def test_unknown_schedule_is_not_found_and_services_map_to_schedules(session: Session) -> None:
    platform(session)
    with pytest.raises(NotFound, match="not found"):
        who_is_on_call(session, "nope", NOW)
    assert schedule_for_service(session, "Checkout") == "platform"
    assert schedule_for_service(session, "search") is None


def test_an_override_replaces_the_primary_for_its_span(session: Session) -> None:
    platform(session)
    override = actions.add_override(
        session=session,
        actor=ADMIN,
        now=NOW,
        schedule="platform",
        person="yuna",
        start=kst("2026-12-24T18:00"),
        end=kst("2026-12-26T09:00"),
        reason="swap",
    )
    found = who_is_on_call(session, "platform", kst("2026-12-25T03:00"))
    assert [(o.role, o.person, o.overridden) for o in found] == [
        ("primary", "yuna", True),
        ("secondary", "jane", False),
    ]
    assert found[0].end == kst("2026-12-26T09:00")
    actions.cancel_override(
        session=session, actor=ADMIN, now=NOW, schedule="platform", override_id=override.id
    )
    assert who_is_on_call(session, "platform", kst("2026-12-25T03:00"))[0].person == "minsu"


def test_changes_are_logged_and_the_next_handover_is_queued(session: Session) -> None:
    platform(session)
    logged = session.scalars(select(Change.action).order_by(Change.id)).all()
    assert logged == ["schedule_created", "rotation_added", "rotation_added"]
    jobs = session.scalars(select(Job).where(Job.kind == HANDOVER_JOB)).all()
    # minsu's first week ends Monday 12-07 09:00 KST (his last night shift)
    assert [j.run_at for j in jobs] == [kst("2026-12-07T09:00")]
    assert jobs[0].payload == {"schedule": "platform", "at": kst("2026-12-07T09:00").isoformat()}


@pytest.mark.parametrize(
    ("change", "error", "text"),
    [
        ({"people": []}, InvalidInput, "at least one person"),
        ({"people": ["ghost"]}, InvalidInput, "unknown people: ghost"),
        ({"handoff": "mon 25:00"}, InvalidInput, "time of day"),
        ({"role": "primary", "name": "nights2"}, InvalidInput, "overlaps"),
        ({"length": "monthly"}, InvalidInput, "unknown rotation length"),
    ],
)
def test_bad_rotations_are_refused_and_nothing_is_saved(
    session: Session, change: dict, error: type, text: str
) -> None:
    platform(session)
    before = session.scalar(select(Rotation.id).order_by(Rotation.id.desc()))
    fields = {"people": ["minsu"], "role": "tertiary", "length": "weekly", "handoff": "mon 10:00"}
    fields.update(change)
    with pytest.raises(error, match=text):
        actions.add_rotation(session=session, actor=ADMIN, now=NOW, schedule="platform", **fields)
    assert session.scalar(select(Rotation.id).order_by(Rotation.id.desc())) == before


def test_a_handoff_in_the_dst_gap_is_refused(session: Session) -> None:
    people(session)
    actions.create_schedule(
        session=session, actor=ADMIN, now=NOW, name="nyc", timezone="America/New_York"
    )
    with pytest.raises(InvalidInput, match="does not exist on 2027-03-14"):
        actions.add_rotation(
            session=session,
            actor=ADMIN,
            now=NOW,
            schedule="nyc",
            role="primary",
            people=["jane"],
            length="daily",
            handoff="02:30",
        )


def test_bad_schedules_and_overrides_are_refused(session: Session) -> None:
    platform(session)
    with pytest.raises(InvalidInput, match="unknown time zone"):
        actions.create_schedule(session=session, actor=ADMIN, now=NOW, name="x", timezone="Mars/X")
    with pytest.raises(Conflict):
        actions.create_schedule(
            session=session, actor=ADMIN, now=NOW, name="platform", timezone="UTC"
        )
    with pytest.raises(InvalidInput, match="ends before it starts"):
        actions.add_override(
            session=session,
            actor=ADMIN,
            now=NOW,
            schedule="platform",
            person="jane",
            start=NOW,
            end=NOW - timedelta(hours=1),
        )
    assert session.scalars(select(Override)).all() == []
    assert session.scalars(select(Schedule.name)).all() == ["platform"]


def test_responders_override_themselves_only_and_admins_edit(session: Session) -> None:
    platform(session, admins=("minsu",))
    jane = Principal("jane", Role.RESPONDER, "session")
    actions.add_override(
        session=session,
        actor=Actor("jane"),
        now=NOW,
        schedule="platform",
        person="jane",
        start=NOW,
        end=NOW + timedelta(hours=2),
        access=jane,
    )
    with pytest.raises(PermissionDenied):
        actions.add_override(
            session=session,
            actor=Actor("jane"),
            now=NOW,
            schedule="platform",
            person="chulsoo",
            start=NOW,
            end=NOW + timedelta(hours=2),
            access=jane,
        )
    with pytest.raises(PermissionDenied):
        actions.remove_rotation(
            session=session, actor=Actor("jane"), now=NOW, schedule="platform",
            rotation="primary", access=jane,
        )  # fmt: skip
    minsu = Principal("minsu", Role.RESPONDER, "session")
    actions.remove_rotation(
        session=session, actor=Actor("minsu"), now=NOW, schedule="platform",
        rotation="secondary", access=minsu,
    )  # fmt: skip
    assert [r.name for r in queries.get_schedule(session, "platform").rotations] == ["primary"]


def test_the_week_table_matches_the_seed(session: Session) -> None:
    row = platform(session)
    table = views.weeks(session, row, kst("2026-12-21T12:00").date(), 2)
    assert [
        (w.week, w.first.isoformat(), w.main["primary"][0], w.main["secondary"][0]) for w in table
    ] == [
        (52, "2026-12-21", "minsu", "jane"),
        (53, "2026-12-28", "jane", "chulsoo"),
    ]
    assert [d.isoformat() for d, _name in table[0].holidays] == ["2026-12-25"]


def test_services_belong_to_one_schedule(session: Session) -> None:
    platform(session)
    with pytest.raises(Conflict, match="already covered by platform"):
        actions.create_schedule(
            session=session, actor=ADMIN, now=NOW, name="other", timezone="UTC",
            services=["checkout"],
        )  # fmt: skip
