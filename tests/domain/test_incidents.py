from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.domain.helpers import ALICE, declare
from warroom.core.pagination import PageRequest
from warroom.errors import IllegalTransition, InvalidInput, NotFound
from warroom.incidents.actions import (
    change_severity,
    reopen_incident,
    transition_incident,
)
from warroom.incidents.models import Incident
from warroom.incidents.policy import IncidentPolicy
from warroom.incidents.queries import get_incident, list_incidents
from warroom.incidents.rules import State
from warroom.incidents.views import facts
from warroom.timeline.models import TimelineEvent
from warroom.timeline.queries import list_events

T0 = datetime(2026, 11, 22, 5, 0, tzinfo=UTC)
m = timedelta(minutes=1)
POLICY = IncidentPolicy()


def move(session: Session, incident: Incident, to: State, at: datetime, **kw: object) -> Incident:
    return transition_incident(
        session=session,
        actor=ALICE,
        now=at,
        policy=POLICY,
        incident_id=incident.id,
        to=to,
        **kw,  # type: ignore[arg-type]
    )


def test_declare_suggests_severity_and_sets_deadlines(session: Session) -> None:
    incident = declare(session, T0)
    assert incident.id == "INC-20261122-001"
    assert incident.severity == "P1"
    assert incident.state == "detected"
    assert incident.response_due_at == T0 + 15 * m
    assert incident.rto_due_at == T0 + 60 * m
    [event] = list_events(session, incident.id)
    assert (event.kind, event.actor, event.key) == ("status_change", "alice", True)
    assert event.data["severity"] == "P1"


def test_explicit_severity_overrides_the_matrix(session: Session) -> None:
    assert declare(session, T0, severity="SEV3").severity == "P3"


def test_declare_without_severity_or_impacts_is_refused_and_writes_nothing(
    session: Session,
) -> None:
    with pytest.raises(InvalidInput) as error:
        declare(session, T0, user_impact=None, business_impact=None)
    assert "--severity" in error.value.hint
    assert session.scalar(select(func.count()).select_from(Incident)) == 0


def test_ids_are_sequential_per_day_in_the_team_zone(session: Session) -> None:
    first = declare(session, T0)
    second = declare(session, T0 + 5 * m)
    next_day = declare(session, T0 + timedelta(days=1))
    assert [first.id, second.id, next_day.id] == [
        "INC-20261122-001",
        "INC-20261122-002",
        "INC-20261123-001",
    ]
    seoul = IncidentPolicy(tz=ZoneInfo("Asia/Seoul"))
    late_utc = datetime(2026, 11, 24, 16, 0, tzinfo=UTC)  # already 25 Nov in Seoul
    from warroom.incidents.actions import declare_incident

    kst = declare_incident(
        session=session, actor=ALICE, now=late_utc, policy=seoul, title="Late", severity="P3"
    )
    assert kst.id == "INC-20261125-001"


def test_started_and_detected_may_precede_declaration(session: Session) -> None:
    incident = declare(session, T0, started_at=T0 - 17 * m, detected_at=T0 - 3 * m)
    assert incident.response_due_at == T0 + 12 * m  # from detection
    assert facts(incident, POLICY, T0).durations.ttd == 14 * m


def test_start_after_detection_is_refused(session: Session) -> None:
    with pytest.raises(InvalidInput):
        declare(session, T0, started_at=T0, detected_at=T0 - m)


def test_full_lifecycle_stamps_every_transition_on_the_timeline(session: Session) -> None:
    incident = declare(session, T0)
    move(session, incident, State.ACKNOWLEDGED, T0 + 3 * m)
    move(session, incident, State.INVESTIGATING, T0 + 4 * m)
    move(session, incident, State.MITIGATED, T0 + 15 * m)
    move(session, incident, State.RESOLVED, T0 + 25 * m)
    move(session, incident, State.CLOSED, T0 + 56 * m)
    assert incident.closed_at == T0 + 56 * m
    known = facts(incident, POLICY, T0 + 60 * m)
    assert (known.durations.tta, known.durations.ttm, known.durations.ttr) == (
        3 * m,
        15 * m,
        25 * m,
    )
    assert (known.response.value, known.rto.value) == ("met", "met")
    changes = [e.data.get("to") for e in list_events(session, incident.id)]
    assert changes == [
        "detected",
        "acknowledged",
        "investigating",
        "mitigated",
        "resolved",
        "closed",
    ]


def test_late_acknowledgement_breaches_the_response_target(session: Session) -> None:
    incident = declare(session, T0)
    move(session, incident, State.ACKNOWLEDGED, T0 + 20 * m)
    assert facts(incident, POLICY, T0 + 21 * m).response.value == "breached"


def test_skipping_states_stamps_them_and_says_so(session: Session) -> None:
    incident = declare(session, T0)
    move(session, incident, State.RESOLVED, T0 + 9 * m)
    assert incident.acknowledged_at == incident.mitigated_at == T0 + 9 * m
    last = list_events(session, incident.id)[-1]
    assert last.data["implied"] == ["acknowledged", "investigating", "mitigated"]


def test_illegal_transition_changes_nothing(session: Session) -> None:
    incident = declare(session, T0)
    move(session, incident, State.INVESTIGATING, T0 + m)
    with pytest.raises(IllegalTransition):
        move(session, incident, State.ACKNOWLEDGED, T0 + 2 * m)
    assert incident.state == "investigating"
    assert len(list_events(session, incident.id)) == 2


def test_close_waits_for_the_recovery_window(session: Session) -> None:
    incident = declare(session, T0)
    move(session, incident, State.RESOLVED, T0 + 10 * m)
    with pytest.raises(IllegalTransition) as error:
        move(session, incident, State.CLOSED, T0 + 20 * m)
    assert "20 min left" in error.value.message
    assert "--force" in error.value.hint
    assert incident.state == "resolved"
    move(session, incident, State.CLOSED, T0 + 40 * m)
    assert incident.state == "closed"


def test_forced_close_records_the_override(session: Session) -> None:
    incident = declare(session, T0)
    move(session, incident, State.RESOLVED, T0 + 10 * m)
    move(session, incident, State.CLOSED, T0 + 11 * m, force_reason="verified by synthetic checks")
    assert incident.close_override == "verified by synthetic checks"
    assert list_events(session, incident.id)[-1].data["override"] == "verified by synthetic checks"


def test_reopen_goes_back_to_investigating_and_restarts_the_window(session: Session) -> None:
    incident = declare(session, T0)
    move(session, incident, State.RESOLVED, T0 + 10 * m)
    move(session, incident, State.CLOSED, T0 + 45 * m)
    reopen_incident(
        session=session,
        actor=ALICE,
        now=T0 + 50 * m,
        incident_id=incident.id,
        reason="errors are back",
    )
    assert (incident.state, incident.resolved_at, incident.reopen_count) == (
        "investigating",
        None,
        1,
    )
    move(session, incident, State.RESOLVED, T0 + 60 * m)
    with pytest.raises(IllegalTransition):
        move(session, incident, State.CLOSED, T0 + 70 * m)


def test_reopening_an_active_incident_is_refused(session: Session) -> None:
    incident = declare(session, T0)
    with pytest.raises(IllegalTransition):
        reopen_incident(session=session, actor=ALICE, now=T0, incident_id=incident.id, reason="x")


def test_severity_change_recomputes_deadlines_and_is_recorded(session: Session) -> None:
    incident = declare(session, T0, severity="P3")
    assert incident.response_due_at == T0 + 120 * m
    change_severity(
        session=session,
        actor=ALICE,
        now=T0 + 5 * m,
        policy=POLICY,
        incident_id=incident.id,
        to="P1",
        reason="all regions now",
    )
    assert incident.response_due_at == T0 + 15 * m
    last = list_events(session, incident.id)[-1]
    assert (last.kind, last.data, last.body) == (
        "severity_change",
        {"from": "P3", "to": "P1"},
        "all regions now",
    )


def test_unknown_incident_is_not_found_with_a_hint(session: Session) -> None:
    with pytest.raises(NotFound) as error:
        get_incident(session, "INC-20261122-999")
    assert "incident list" in error.value.hint


def test_list_filters_by_state_severity_and_service(session: Session) -> None:
    a = declare(session, T0, services=["checkout", "payments"])
    declare(session, T0 + m, severity="P3", services=["search"])
    move(session, a, State.RESOLVED, T0 + 2 * m)
    assert [i.id for i in list_incidents(session, states=["resolved"]).items] == [a.id]
    assert list_incidents(session, severities=["P3"]).total == 1
    assert [i.id for i in list_incidents(session, service="payments").items] == [a.id]
    assert list_incidents(session, service="pay").total == 0


def test_naive_datetimes_never_reach_the_database(session: Session) -> None:
    incident = declare(session, T0)
    incident.updated_at = datetime(2026, 11, 22, 5, 0)
    with pytest.raises(Exception, match="naive datetime"):
        session.flush()


def test_times_come_back_as_aware_utc(session: Session) -> None:
    incident = declare(session, T0)
    session.expire_all()
    stored = session.scalars(select(TimelineEvent)).one()
    assert stored.occurred_at == T0 and stored.occurred_at.tzinfo is not None
    assert get_incident(session, incident.id).declared_at.utcoffset() == timedelta(0)


def test_pages_over_several_states_are_newest_first_without_gaps(session: Session) -> None:
    made = []
    for n in range(12):
        incident = declare(session, T0 + n * m, severity=["P2", "P3"][n % 2])
        if n % 3 == 0:
            move(session, incident, State.RESOLVED, T0 + n * m)
        made.append(incident.id)
    want = list(reversed(made))
    pages = [
        list_incidents(
            session,
            states=["detected", "resolved"],
            severities=["P2", "P3"],
            page=PageRequest(limit=5, offset=offset),
        )
        for offset in (0, 5, 10)
    ]
    assert [i.id for p in pages for i in p.items] == want
    assert {p.total for p in pages} == {12}
