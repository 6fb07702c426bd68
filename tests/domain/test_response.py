from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from tests.domain.helpers import ALICE, declare
from warroom.core.actor import Actor
from warroom.errors import IllegalTransition, InvalidInput, NotFound
from warroom.incidents.actions import transition_incident
from warroom.incidents.policy import IncidentPolicy
from warroom.incidents.queries import list_status_updates, list_updates_due
from warroom.incidents.response import (
    add_timeline_entry,
    amend_facts,
    assign_role,
    correct_timeline_entry,
    current_holder,
    post_status_update,
)
from warroom.incidents.rules import State
from warroom.timeline.queries import list_events

T0 = datetime(2026, 11, 22, 5, 0, tzinfo=UTC)
m = timedelta(minutes=1)
POLICY = IncidentPolicy()
BOB = Actor(handle="bob")


def test_assign_and_hand_over_a_role(session: Session) -> None:
    incident = declare(session, T0)
    assign_role(
        session=session,
        actor=ALICE,
        now=T0 + m,
        policy=POLICY,
        incident_id=incident.id,
        role="ic",
        handle="@Alice",
    )
    assign_role(
        session=session,
        actor=ALICE,
        now=T0 + 9 * m,
        policy=POLICY,
        incident_id=incident.id,
        role="incident_commander",
        handle="bob",
    )
    holder = current_holder(incident, "incident_commander")
    assert holder is not None and holder.handle == "bob"
    first = incident.roles[0]
    assert (first.handle, first.relieved_at) == ("alice", T0 + 9 * m)
    handover = list_events(session, incident.id)[-1]
    assert handover.kind == "role_change"
    assert handover.data == {"role": "incident_commander", "from": "alice", "to": "bob"}


@pytest.mark.parametrize("role", ["janitor", "chief"])
def test_unknown_roles_list_the_configured_ones(session: Session, role: str) -> None:
    incident = declare(session, T0)
    with pytest.raises(InvalidInput) as error:
        assign_role(
            session=session,
            actor=ALICE,
            now=T0,
            policy=POLICY,
            incident_id=incident.id,
            role=role,
            handle="bob",
        )
    assert "communication_lead" in error.value.hint


def test_roles_are_configurable(session: Session) -> None:
    incident = declare(session, T0)
    policy = IncidentPolicy(roles=("incident_commander", "scribe"))
    done = assign_role(
        session=session,
        actor=ALICE,
        now=T0,
        policy=policy,
        incident_id=incident.id,
        role="scribe",
        handle="carol",
    )
    assert done.role == "scribe"


def test_status_updates_reset_the_cadence_and_feed_updates_due(session: Session) -> None:
    p1 = declare(session, T0)
    p2 = declare(session, T0, severity="P2")
    p3 = declare(session, T0, severity="P3")
    due = list_updates_due(session, POLICY, T0 + 6 * m)
    assert [i.id for i, _ in due] == [p1.id]
    post_status_update(
        session=session, actor=BOB, now=T0 + 6 * m, incident_id=p1.id, body="Rolling back v2.3.4"
    )
    assert list_updates_due(session, POLICY, T0 + 10 * m) == []
    late = list_updates_due(session, POLICY, T0 + 16 * m)
    assert [i.id for i, _ in late] == [p1.id, p2.id]  # most overdue first
    assert p3.id not in {i.id for i, _ in late}
    [update] = list_status_updates(session, p1.id)
    assert (update.author, update.state) == ("bob", "detected")
    assert list_events(session, p1.id)[-1].kind == "communication"


def test_resolved_incidents_need_no_updates(session: Session) -> None:
    incident = declare(session, T0)
    transition_incident(
        session=session,
        actor=ALICE,
        now=T0 + m,
        policy=POLICY,
        incident_id=incident.id,
        to=State.RESOLVED,
    )
    assert list_updates_due(session, POLICY, T0 + 60 * m) == []


def test_timeline_entries_keep_when_it_happened_and_when_it_was_written(
    session: Session,
) -> None:
    incident = declare(session, T0)
    event = add_timeline_entry(
        session=session,
        actor=BOB,
        now=T0 + 10 * m,
        incident_id=incident.id,
        kind="deploy",
        body="v2.3.4 deployed",
        occurred_at=T0 - 17 * m,
    )
    assert (event.occurred_at, event.recorded_at, event.key) == (T0 - 17 * m, T0 + 10 * m, True)
    assert list_events(session, incident.id)[0].id == event.id  # ordered by occurrence


@pytest.mark.parametrize("kind", ["status_change", "severity_change", "bogus"])
def test_people_cannot_forge_system_events(session: Session, kind: str) -> None:
    incident = declare(session, T0)
    with pytest.raises(InvalidInput):
        add_timeline_entry(
            session=session, actor=BOB, now=T0, incident_id=incident.id, kind=kind, body="x"
        )


def test_future_and_empty_entries_are_refused(session: Session) -> None:
    incident = declare(session, T0)
    with pytest.raises(InvalidInput):
        add_timeline_entry(
            session=session,
            actor=BOB,
            now=T0,
            incident_id=incident.id,
            kind="note",
            body="x",
            occurred_at=T0 + m,
        )
    with pytest.raises(InvalidInput):
        add_timeline_entry(
            session=session, actor=BOB, now=T0, incident_id=incident.id, kind="note", body="   "
        )


def test_a_correction_supersedes_without_editing(session: Session) -> None:
    incident = declare(session, T0)
    wrong = add_timeline_entry(
        session=session,
        actor=BOB,
        now=T0 + m,
        incident_id=incident.id,
        kind="decision",
        body="Roll back to v2.3.2",
    )
    fixed = correct_timeline_entry(
        session=session,
        actor=ALICE,
        now=T0 + 2 * m,
        incident_id=incident.id,
        event_id=wrong.id,
        body="Roll back to v2.3.3",
    )
    assert wrong.body == "Roll back to v2.3.2"
    assert (fixed.supersedes_id, fixed.kind, fixed.occurred_at) == (wrong.id, "decision", T0 + m)
    current = list_events(session, incident.id, include_superseded=False)
    assert [e.body for e in current if e.kind == "decision"] == ["Roll back to v2.3.3"]
    assert len(list_events(session, incident.id)) == 3


def test_state_changes_cannot_be_corrected(session: Session) -> None:
    incident = declare(session, T0)
    [declared] = list_events(session, incident.id)
    with pytest.raises(InvalidInput):
        correct_timeline_entry(
            session=session,
            actor=ALICE,
            now=T0,
            incident_id=incident.id,
            event_id=declared.id,
            body="never mind",
        )


def test_correcting_an_event_of_another_incident_is_not_found(session: Session) -> None:
    a, b = declare(session, T0), declare(session, T0)
    note = add_timeline_entry(
        session=session, actor=BOB, now=T0, incident_id=a.id, kind="note", body="x"
    )
    with pytest.raises(NotFound):
        correct_timeline_entry(
            session=session, actor=ALICE, now=T0, incident_id=b.id, event_id=note.id, body="y"
        )


def test_amend_records_new_facts(session: Session) -> None:
    incident = declare(session, T0)
    amend_facts(
        session=session,
        actor=ALICE,
        now=T0 + m,
        incident_id=incident.id,
        services=["checkout", "Payments"],
        deploy_version="v2.3.4",
    )
    assert (incident.services, incident.deploy_version) == (["checkout", "payments"], "v2.3.4")
    assert list_events(session, incident.id)[-1].data["facts"]["deploy_version"] == "v2.3.4"


def test_roles_cannot_change_on_a_closed_incident(session: Session) -> None:
    incident = declare(session, T0)
    transition_incident(
        session=session,
        actor=ALICE,
        now=T0 + m,
        policy=POLICY,
        incident_id=incident.id,
        to=State.RESOLVED,
    )
    with pytest.raises(IllegalTransition):
        assign_role(
            session=session,
            actor=ALICE,
            now=T0,
            policy=POLICY,
            incident_id=incident.id,
            role="ic",
            handle="bob",
        )
