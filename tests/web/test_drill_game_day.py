"""Done-when of issue 16: a game day through the real alert path, end to end.

Synthetic alert through the Alertmanager intake → incident marked DRILL → runbook
attached and steps checked (API) → acknowledged → mitigated → report with measured vs
target → TI items. Bob is on call but not in the drill: he is never paged.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tests.support.alert_payloads import am_alert, am_payload
from tests.support.paging import FakeChannel, add_people, deliveries, make_notifier, make_worker
from tests.support.web import Web
from warroom.alerts import integrations
from warroom.core.actor import Actor
from warroom.db.uow import read_session, unit_of_work
from warroom.drills import actions as drills
from warroom.drills import synthetic
from warroom.drills.queries import get_drill
from warroom.incidents.models import Incident
from warroom.incidents.policy import IncidentPolicy
from warroom.notifications.drill_guard import unreachable
from warroom.worker import Applier

ALICE = Actor("alice")
AM = "/api/v1/alerts/alertmanager"


def test_game_day_through_the_alert_path_to_the_report(web: Web) -> None:
    engine, clock = web.engine, web.clock
    add_people(engine, clock, "jane", "bob")
    mail = FakeChannel()
    worker = make_worker(engine, clock, make_notifier(clock, {"email": mail}))
    with unit_of_work(engine) as session:
        integrations.create_integration(
            session=session,
            actor=ALICE,
            now=clock.now(),
            kind="alertmanager",
            name="prod",
            config={"auto_recovery_seconds": 0},
        )
        drills.plan(
            session,
            name="game-day-disk",
            kind="game_day",
            actor=ALICE,
            now=clock.now(),
            scenario="api-3 disk fills up",
            severity="P1",
            services=["checkout"],
            alert_labels={"alertname": "DiskFull", "instance": "api-3"},
            participants=["jane"],
            targets=["acknowledge=20", "mitigate=30"],
        )
        drill = get_drill(session, "game-day-disk")
        drills.start(
            session,
            name="game-day-disk",
            actor=ALICE,
            now=clock.now(),
            policy=IncidentPolicy(),
            unreachable=unreachable(session, drill.participants),
            via="prod",
        )
    Applier(engine, policy=IncidentPolicy()).drain()  # the worker applies the alert
    with read_session(engine) as session:
        incident = session.scalars(select(Incident)).one()
        assert incident.is_drill and incident.detection_source == "monitoring"
        key = incident.id
    worker.drain()  # paging: links the drill, attaches the runbook, pages jane only
    [page] = mail.to("jane@example.com")
    assert page.subject.startswith(f"[DRILL] [P1] {key}")
    assert "/runbooks/disk-full" in page.text
    clock.advance(timedelta(minutes=3))
    resp = web.client.post(
        f"/api/v1/incidents/{key}/runbooks/disk-full/steps/1",
        json={"note": "/var/log 100%"},
        headers=web.auth("responder"),
    )
    assert resp.status_code == 201, resp.text
    clock.advance(timedelta(minutes=13))
    worker.drain()  # the secondary's step (15 min for P1) falls due
    assert mail.to("bob@example.com") == []
    ack = web.client.post(
        f"/api/v1/incidents/{key}/transitions",
        json={"to": "acknowledged"},
        headers=web.auth("responder"),
    )
    assert ack.status_code == 200, ack.text
    clock.advance(timedelta(minutes=20))
    web.client.post(
        f"/api/v1/incidents/{key}/transitions",
        json={"to": "mitigated"},
        headers=web.auth("responder"),
    )
    with unit_of_work(engine) as session:
        drills.finish(
            session,
            name="game-day-disk",
            actor=ALICE,
            now=clock.now(),
            communication="ok",
            runbook_accuracy="ok",
        )
        drills.improve(
            session,
            name="game-day-disk",
            actor=ALICE,
            now=clock.now(),
            title="Alert at 80 % disk, not 100 %",
            owner="jane",
        )
    report = web.client.get(
        "/api/v1/drills/game-day-disk/report", headers=web.auth("viewer")
    ).json()
    rows = {r["measure"]: r for r in report["rows"]}
    assert (rows["acknowledge"]["actual"], rows["acknowledge"]["met"]) == ("16 min", True)
    assert (rows["mitigate"]["actual"], rows["mitigate"]["met"]) == ("36 min", False)
    assert report["passed"] is False and report["steps_run"] == 1
    assert report["improvements"][0]["id"] == "TI-001"
    suppressed = [d for d in deliveries(engine, key) if d.state == "suppressed"]
    assert suppressed and all(d.person != "jane" for d in suppressed)


def test_the_drill_alert_posted_to_the_real_endpoint_opens_a_drill_incident(web: Web) -> None:
    with unit_of_work(web.engine) as session:
        token = integrations.create_integration(
            session=session,
            actor=ALICE,
            now=web.clock.now(),
            kind="alertmanager",
            name="prod",
            config={"auto_recovery_seconds": 0},
        ).token
        drills.plan(
            session,
            name="sim-tls",
            kind="simulation",
            actor=ALICE,
            now=web.clock.now(),
            alert_labels={"alertname": "SSLCertExpired"},
            participants=["alice"],
        )
        body = synthetic.payload(get_drill(session, "sim-tls"), web.clock.now())
    sent = web.client.post(AM, json=body, headers={"Authorization": f"Bearer {token}"})
    assert sent.status_code == 202, sent.text
    real = web.client.post(
        AM, json=am_payload(am_alert()), headers={"Authorization": f"Bearer {token}"}
    )
    assert real.status_code == 202
    Applier(web.engine, policy=IncidentPolicy()).drain()
    with read_session(web.engine) as session:
        flags = sorted(i.is_drill for i in session.scalars(select(Incident)))
    assert flags == [False, True]  # only the drill's alert opens a drill incident
