"""Racing first deliveries of one group (several servers on PostgreSQL): one group, one incident."""

from __future__ import annotations

import json
import threading

from sqlalchemy import Engine, func, select

from tests.support.alert_payloads import am_alert, am_payload
from warroom.alerts import integrations
from warroom.alerts.actions import Outcome, receive_delivery
from warroom.alerts.models import Alert, AlertGroup
from warroom.clock import FixedClock
from warroom.core.actor import Actor
from warroom.db.uow import read_session, unit_of_work
from warroom.incidents.models import Incident
from warroom.incidents.policy import IncidentPolicy


def test_racing_first_deliveries_make_one_group_and_one_incident(
    engine: Engine, clock: FixedClock
) -> None:
    with unit_of_work(engine) as session:
        token = integrations.create_integration(
            session=session,
            actor=Actor("a"),
            now=clock.now(),
            kind="alertmanager",
            name="prod",
            config={"auto_recovery_seconds": 0},
        ).token
    bodies = [json.dumps(am_payload(am_alert(instance=f"web-{n}"))).encode() for n in range(4)]
    start = threading.Barrier(len(bodies))
    outcomes: list[Outcome] = []
    errors: list[BaseException] = []

    def send(body: bytes) -> None:
        start.wait()
        try:
            with unit_of_work(engine) as session:
                outcomes.append(
                    receive_delivery(
                        session=session,
                        now=clock.now(),
                        policy=IncidentPolicy(),
                        integration=integrations.authenticate(session, token),
                        source="alertmanager",
                        body=body,
                        new_dedup_key=lambda: "k",
                    )
                )
        except BaseException as exc:  # surfaced below with its type
            errors.append(exc)

    threads = [threading.Thread(target=send, args=(b,)) for b in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len({o.incident_id for o in outcomes}) == 1
    with read_session(engine) as session:
        assert session.scalar(select(func.count()).select_from(AlertGroup)) == 1
        assert session.scalar(select(func.count()).select_from(Alert)) == 4
        assert session.scalar(select(func.count()).select_from(Incident)) == 1
