from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from warroom.clock import FixedClock
from warroom.core.actor import Actor
from warroom.incidents import actions
from warroom.incidents.policy import IncidentPolicy
from warroom.incidents.queries import list_recently_finished
from warroom.incidents.rules import State


def test_recently_finished_lists_resolved_and_closed_newest_first(
    session: Session, clock: FixedClock, actor: Actor
) -> None:
    policy = IncidentPolicy()
    ids = []
    for n in range(4):
        clock.advance(timedelta(minutes=1))
        incident = actions.declare_incident(
            session=session,
            actor=actor,
            now=clock.now(),
            policy=policy,
            title=f"Incident {n}",
            severity="P3",
        )
        ids.append(incident.id)
    for finished in ids[:3]:
        actions.transition_incident(
            session=session,
            actor=actor,
            now=clock.now(),
            policy=policy,
            incident_id=finished,
            to=State.RESOLVED,
        )
    actions.reopen_incident(
        session=session, actor=actor, now=clock.now(), incident_id=ids[1], reason="back"
    )
    assert [i.id for i in list_recently_finished(session, limit=5)] == [ids[2], ids[0]]
    assert [i.id for i in list_recently_finished(session, limit=1)] == [ids[2]]


def test_overdue_updates_in_sql_match_the_python_rule(
    session: Session, clock: FixedClock, actor: Actor
) -> None:
    from warroom.incidents.queries import list_overdue_updates, list_updates_due
    from warroom.incidents.response import post_status_update

    policy = IncidentPolicy()
    made = {}
    for level in ("P1", "P2", "P3"):
        made[level] = actions.declare_incident(
            session=session,
            actor=actor,
            now=clock.now(),
            policy=policy,
            title=f"{level} incident",
            severity=level,
        ).id
    clock.advance(timedelta(minutes=6))
    post_status_update(
        session=session,
        actor=actor,
        now=clock.now() - timedelta(minutes=2),
        incident_id=made["P2"],
        body="still on it",
    )
    now = clock.now()
    page = list_overdue_updates(session, policy, now)
    assert [(i.id, due) for i, due in page.items] == [
        (i.id, due) for i, due in list_updates_due(session, policy, now)
    ]
    assert [i.id for i, _due in page.items] == [made["P1"]]
    clock.advance(timedelta(minutes=20))
    later = list_overdue_updates(session, policy, clock.now(), limit=1)
    assert later.total == 2
    assert [i.id for i, _due in later.items] == [made["P1"]]
