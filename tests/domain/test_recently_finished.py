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
