"""A past drill for the demo: a game day on the DB connection pool, done and reviewed.

It runs through the same actions as a real drill at past times: the drill incident is
declared, the runbook attached and its steps checked, acknowledged, mitigated and
resolved; the participants' notes and two TI items make the report worth reading.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom.core.actor import Actor
from warroom.drills import actions
from warroom.drills.models import Drill
from warroom.incidents.actions import transition_incident
from warroom.incidents.policy import IncidentPolicy
from warroom.incidents.response import assign_role, post_status_update
from warroom.incidents.rules import State
from warroom.people.actions import register_person
from warroom.people.models import Person
from warroom.runbooks import actions as runbooks

NAME = "game-day-2026q4-db-pool"


def load_drill(session: Session, *, now: datetime, policy: IncidentPolicy) -> str | None:
    """Create the past drill unless it is there; return its name if created."""
    if session.scalar(select(Drill.id).where(Drill.name == NAME)) is not None:
        return None
    for handle in ("minsu", "jane"):
        if session.get(Person, handle) is None:
            register_person(session, handle=handle, now=now)
    lead, minsu, jane = Actor("sena"), Actor("minsu"), Actor("jane")
    start = (now - timedelta(days=21)).replace(hour=6, minute=0, second=0, microsecond=0)
    actions.plan(
        session,
        name=NAME,
        kind="game_day",
        actor=lead,
        now=start - timedelta(days=14),
        scenario="Connection pool of the orders DB runs dry under a pgbench storm",
        severity="P2",
        services=["orders"],
        alert_labels={"alertname": "DBConnectionPoolExhausted", "service": "orders"},
        participants=["minsu", "jane"],
        targets=["acknowledge=10", "escalate=15", "mitigate=30", "communicate=15"],
        chaos={
            "hypothesis": "Orders sheds load with clear errors and recovers within 30 minutes",
            "target": "orders-db (staging copy)",
            "fault": "pgbench with 400 idle-in-transaction clients",
            "kill_switch": "pkill pgbench",
            "kill_switch_holder": "jane",
            "success_criteria": "99 % of orders succeed; p95 under 2 s",
            "max_minutes": 45,
        },
        planned_for=start,
    )
    drill = actions.start(session, name=NAME, actor=lead, now=start, policy=policy)
    incident = str(drill.incident_id)

    def at(minutes: int) -> datetime:
        return start + timedelta(minutes=minutes)

    def step(n: int, minutes: int, note: str = "", outcome: str = "done") -> None:
        runbooks.run_step(
            session,
            incident_id=incident,
            runbook_id="db-pool-exhausted",
            step=n,
            actor=minsu,
            now=at(minutes),
            outcome=outcome,
            note=note,
        )

    transition_incident(
        session=session,
        actor=minsu,
        now=at(6),
        policy=policy,
        incident_id=incident,
        to=State.ACKNOWLEDGED,
    )
    assign_role(
        session=session,
        actor=minsu,
        now=at(7),
        policy=policy,
        incident_id=incident,
        role="incident_commander",
        handle="jane",
    )
    step(1, 8, "412 of 420 connections in use")
    step(2, 10, "398 idle in transaction, all from the pgbench host")
    post_status_update(
        session=session,
        actor=jane,
        now=at(12),
        incident_id=incident,
        body="[DRILL] Orders is slow: the DB pool is exhausted; cleaning up idle sessions.",
    )
    step(3, 14, "no slow queries; the idle sessions are the cause")
    step(4, 19, "398 sessions terminated")
    step(5, 22, "staging has no pool limit per client", outcome="skipped")
    transition_incident(
        session=session,
        actor=jane,
        now=at(34),
        policy=policy,
        incident_id=incident,
        to=State.MITIGATED,
        note="Pool back under 60 %; orders p95 1.1 s",
    )
    transition_incident(
        session=session,
        actor=jane,
        now=at(50),
        policy=policy,
        incident_id=incident,
        to=State.RESOLVED,
    )
    actions.finish(
        session,
        name=NAME,
        actor=lead,
        now=at(55),
        notes="Detection and acknowledgement were quick. Mitigation took 34 min against 30: "
        "step 4's query needed editing before it matched our idle sessions.",
        communication="ok",
        runbook_accuracy="poor",
    )
    for title, owner, days in (
        ("Fix step 4 of the DB pool runbook: match idle-in-transaction sessions", "minsu", 7),
        ("Alert on connection pool utilisation above 80 %", "jane", 14),
    ):
        actions.improve(
            session,
            name=NAME,
            title=title,
            actor=lead,
            now=at(60),
            owner=owner,
            due=date.fromordinal(at(60).date().toordinal() + days),
        )
    actions.review(session, name=NAME, actor=lead, now=at(24 * 60))
    return NAME
