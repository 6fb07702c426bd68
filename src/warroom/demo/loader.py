"""Replay the demo scenarios through the real actions; loading twice adds nothing."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom.action_items.policy import ActionPolicy
from warroom.core.actor import Actor
from warroom.demo.drills import load_drill
from warroom.demo.followups import follow_up
from warroom.demo.oncall import load_oncall
from warroom.demo.scenarios import SCENARIOS, Scenario, Step
from warroom.incidents import actions, response
from warroom.incidents.models import Incident
from warroom.incidents.policy import IncidentPolicy
from warroom.incidents.queries import get_incident
from warroom.incidents.rules import State
from warroom.postmortems.policy import PostmortemPolicy

DEMO = Actor(handle="demo", kind="system")
_MOVES = {
    "ack": State.ACKNOWLEDGED,
    "investigate": State.INVESTIGATING,
    "mitigate": State.MITIGATED,
    "resolve": State.RESOLVED,
    "close": State.CLOSED,
}


def load_demo(
    session: Session,
    *,
    now: datetime,
    policy: IncidentPolicy,
    follow_ups: tuple[ActionPolicy, PostmortemPolicy] | None = None,
) -> list[str]:
    """Create the demo incidents that are not there yet; return the IDs created.

    With `follow_ups`, closed incidents also get their action items and postmortems.
    """
    created = []
    for scenario in SCENARIOS:
        if _already_loaded(session, scenario):
            continue
        incident_id = _replay(session, scenario, now=now, policy=policy)
        if follow_ups is not None:
            follow_up(
                session,
                get_incident(session, incident_id),
                scenario.key,
                policies=(policy, *follow_ups),
            )
        created.append(incident_id)
    load_oncall(session, now=now)
    load_drill(session, now=now, policy=policy)  # a past game day with its report
    return created


def _already_loaded(session: Session, scenario: Scenario) -> bool:
    title = scenario.declare["title"]
    return session.scalar(select(Incident.id).where(Incident.title == title).limit(1)) is not None


def _replay(session: Session, scenario: Scenario, *, now: datetime, policy: IncidentPolicy) -> str:
    origin = scenario.origin or now - timedelta(minutes=20)
    spec = dict(scenario.declare)
    started = origin + timedelta(minutes=spec.pop("started_offset"))
    declared = origin + timedelta(minutes=spec.pop("declared_offset"))
    incident = actions.declare_incident(
        session=session,
        actor=Actor(handle="oncall-bot", kind="system"),
        now=declared,
        policy=policy,
        started_at=started,
        detected_at=origin,
        **spec,
    )
    for step in scenario.steps:
        _apply(session, incident.id, step, origin + timedelta(minutes=step.at), policy, declared)
    return incident.id


def _apply(  # noqa: PLR0917 - private helper, called from one place
    session: Session,
    incident_id: str,
    step: Step,
    at: datetime,
    policy: IncidentPolicy,
    declared: datetime,
) -> None:
    actor = Actor(handle=step.actor)
    now = max(at, declared)
    if step.do in _MOVES:
        actions.transition_incident(
            session=session,
            actor=actor,
            now=now,
            policy=policy,
            incident_id=incident_id,
            to=_MOVES[step.do],
            note=step.args.get("note", ""),
        )
    elif step.do == "assign":
        response.assign_role(
            session=session,
            actor=actor,
            now=now,
            policy=policy,
            incident_id=incident_id,
            **step.args,
        )
    elif step.do == "update":
        response.post_status_update(
            session=session, actor=actor, now=now, incident_id=incident_id, body=step.args["body"]
        )
    else:
        response.add_timeline_entry(
            session=session,
            actor=actor,
            now=now,
            incident_id=incident_id,
            occurred_at=at,
            **step.args,
        )
