"""Drills run through the real incident path, and never page anyone outside the drill."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.support.paging import (
    ALICE,
    FakeChannel,
    add_people,
    declare,
    deliveries,
    make_notifier,
    make_worker,
    notes,
)
from warroom.clock import FixedClock
from warroom.db.uow import read_session, unit_of_work
from warroom.drills import actions as drills
from warroom.drills import report
from warroom.drills.queries import get_drill
from warroom.errors import InvalidInput
from warroom.incidents.actions import transition_incident
from warroom.incidents.policy import IncidentPolicy
from warroom.incidents.response import assign_role, post_status_update
from warroom.incidents.rules import State
from warroom.notifications import drill_guard
from warroom.runbooks import actions as runbooks
from warroom.runbooks.queries import attached


def _plan(engine: Engine, clock: FixedClock, **extra: object) -> None:
    with unit_of_work(engine) as session:
        drills.plan(
            session,
            name="game-day-disk",
            kind="game-day",
            actor=ALICE,
            now=clock.now(),
            scenario="api-3 disk fills up",
            severity="P1",
            services=["checkout"],
            alert_labels={"alertname": "DiskFull", "instance": "api-3"},
            participants=extra.pop("participants", ["jane"]),  # type: ignore[arg-type]
            targets=["mitigate=30"],
            chaos={
                "hypothesis": "Losing api-3's disk does not stop checkout",
                "fault": "fill /var/log",
                "kill_switch": "rm /var/log/fill",
                "kill_switch_holder": "jane",
            },
            **extra,  # type: ignore[arg-type]
        )


def _start(engine: Engine, clock: FixedClock) -> str:
    with unit_of_work(engine) as session:
        drill = get_drill(session, "game-day-disk")
        drills.start(
            session,
            name="game-day-disk",
            actor=ALICE,
            now=clock.now(),
            policy=IncidentPolicy(),
            unreachable=drill_guard.unreachable(session, drill.participants),
        )
        assert drill.incident_id is not None
        return drill.incident_id


def test_a_drill_pages_only_its_participants_and_logs_the_rest_as_suppressed(
    engine: Engine, clock: FixedClock
) -> None:
    add_people(engine, clock, "jane", "bob")
    mail = FakeChannel()
    worker = make_worker(engine, clock, make_notifier(clock, {"email": mail}))
    _plan(engine, clock)
    incident = _start(engine, clock)
    worker.drain()
    [page] = mail.to("jane@example.com")
    assert page.subject.startswith(f"[DRILL] [P1] {incident}")
    assert (
        "Runbook: Disk full (No space left on device) http://warroom.test/runbooks/disk-full"
        in (page.text)
    )
    clock.advance(timedelta(minutes=16))  # the secondary's step (15 min for P1)
    worker.drain()
    assert mail.to("bob@example.com") == []  # bob is on call but not in the drill
    [bob] = [d for d in deliveries(engine, incident) if d.person == "bob"]
    assert bob.state == "suppressed"
    assert bob.last_error == "drill: bob is not a participant of this drill"
    with read_session(engine) as session:
        [view] = attached(session, incident)
        assert view.attachment.runbook_id == "disk-full"
        assert "alert DiskFull matches" in view.attachment.reason


def test_participants_without_a_contact_method_are_refused_by_name(
    engine: Engine, clock: FixedClock
) -> None:
    add_people(engine, clock, "jane")
    with unit_of_work(engine) as session:
        from warroom.people.actions import register_person

        register_person(session, handle="nari", now=clock.now())
    _plan(engine, clock, participants=["jane", "nari"])
    with pytest.raises(InvalidInput, match="no verified contact method: nari"):
        _start(engine, clock)
    with read_session(engine) as session:
        assert get_drill(session, "game-day-disk").status == "planned"


def test_game_day_end_to_end_measures_times_against_targets_with_ti_items(
    engine: Engine, clock: FixedClock, tmp_path: Path
) -> None:
    add_people(engine, clock, "jane")
    flag = tmp_path / "fault-on"
    _plan(engine, clock, hook_start=f"touch {flag}", hook_stop=f"rm {flag}")
    incident = _start(engine, clock)
    assert flag.exists()  # the external fault tool was started
    policy = IncidentPolicy()
    with unit_of_work(engine) as session:
        runbooks.run_step(
            session,
            incident_id=incident,
            runbook_id="disk-full",
            step=1,
            actor=ALICE,
            now=clock.now(),
            note="/ 100%",
        )
    clock.advance(timedelta(minutes=4))
    with unit_of_work(engine) as session:
        transition_incident(
            session=session,
            actor=ALICE,
            now=clock.now(),
            policy=policy,
            incident_id=incident,
            to=State.ACKNOWLEDGED,
        )
        assign_role(
            session=session,
            actor=ALICE,
            now=clock.now(),
            policy=policy,
            incident_id=incident,
            role="incident_commander",
            handle="jane",
        )
        post_status_update(
            session=session,
            actor=ALICE,
            now=clock.now(),
            incident_id=incident,
            body="Drill: api-3 disk full, cleaning up logs",
        )
    clock.advance(timedelta(minutes=40))
    with unit_of_work(engine) as session:
        transition_incident(
            session=session,
            actor=ALICE,
            now=clock.now(),
            policy=policy,
            incident_id=incident,
            to=State.MITIGATED,
        )
        drills.finish(
            session,
            name="game-day-disk",
            actor=ALICE,
            now=clock.now(),
            notes="Step 3 deleted the wrong logs",
            communication="ok",
            runbook_accuracy="poor",
        )
        drills.improve(
            session,
            name="game-day-disk",
            actor=ALICE,
            now=clock.now(),
            title="Fix the log clean-up step of the disk-full runbook",
            owner="jane",
        )
    assert not flag.exists()  # the kill switch ran
    with read_session(engine) as session:
        result = report.build(session, get_drill(session, "game-day-disk"))
        rows = {r.key: r for r in result.rows}
        assert (rows["acknowledge"].actual, rows["acknowledge"].passed) == ("4 min", True)
        assert (rows["mitigate"].target, rows["mitigate"].actual) == ("≤ 30 min", "44 min")
        assert rows["mitigate"].passed is False and rows["runbook_accuracy"].passed is False
        assert result.steps_run == 1 and [i.id for i in result.items] == ["TI-001"]
        text = report.markdown(result, "ko", policy.tz)
    assert "| 복구 시간 (RTO) | ≤ 30 min | 44 min | 아니요 |" in text
    assert "TI-001" in text
    assert any("Fault injection start hook" in n for n in notes(engine, incident))


def test_a_drill_declared_by_hand_pages_nobody_and_logs_who_would_have_been(
    engine: Engine, clock: FixedClock
) -> None:
    add_people(engine, clock, "jane")
    mail = FakeChannel()
    worker = make_worker(engine, clock, make_notifier(clock, {"email": mail}))
    incident = declare(engine, clock, "P1", is_drill=True)
    worker.drain()
    assert mail.sent == []
    [jane] = deliveries(engine, incident)
    assert (jane.person, jane.state) == ("jane", "suppressed")
