"""kill -9 the server in the middle of a load whose sender retries like Alertmanager does.

Every delivery is eventually acknowledged, stored, and applied exactly once, whether
its first attempt was acknowledged, lost with the process, or committed just before the
kill with the acknowledgement never sent; deliveries stored but not yet applied when
the process died are applied by the restarted server's applier.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from tests.support.alert_payloads import am_alert, am_payload
from tests.support.eventually import eventually
from tests.support.processes import Process, free_port, warroom_server
from tests.support.sender import Sender
from warroom.alerts import integrations
from warroom.alerts.models import Alert, AlertGroup, Delivery, Episode
from warroom.clock import SystemClock
from warroom.core.actor import Actor
from warroom.db.uow import read_session, unit_of_work
from warroom.incidents.models import Incident
from warroom.timeline.models import TimelineEvent

pytestmark = pytest.mark.slow
GROUPS = 120
ALERTS = 5


def _payloads() -> list[dict[str, Any]]:
    return [
        am_payload(
            *(am_alert(f"Crash{g}", instance=f"node-{a}") for a in range(ALERTS)),
            group_key=f'{{}}:{{alertname="Crash{g}"}}',
        )
        for g in range(GROUPS)
    ]


@pytest.fixture
def token(engine: Engine) -> str:
    with unit_of_work(engine) as session:
        created = integrations.create_integration(
            session=session,
            actor=Actor("alice"),
            now=SystemClock().now(),
            kind="alertmanager",
            name="prod",
            config={"auto_recovery_seconds": 0},
        )
    return created.token


@pytest.fixture
def servers(engine: Engine, tmp_path: Path) -> Iterator[tuple[Process, Process]]:
    port = free_port()
    url = engine.url.render_as_string(hide_password=False)
    first = warroom_server(url, port, tmp_path / "first.log")
    second = warroom_server(url, port, tmp_path / "second.log")
    yield first, second
    first.kill()
    second.stop()


def _count(engine: Engine, model: type) -> int:
    with read_session(engine) as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_kill_9_mid_load_loses_and_duplicates_nothing(
    servers: tuple[Process, Process], token: str, engine: Engine
) -> None:
    first, second = servers
    first.start()
    port = first.ready_url.split(":")[2].split("/")[0]
    sender = Sender(f"http://127.0.0.1:{port}/api/v1/alerts/alertmanager", token)
    load = threading.Thread(target=sender.send_all, args=(_payloads(),))
    load.start()

    sender.wait_for_acks(GROUPS // 4)
    first.kill()  # mid-load: requests are in flight, some committed and never acknowledged
    second.start()
    load.join()

    assert sender.refused == {}
    assert sender.acked == set(range(GROUPS))
    retried = [i for i, n in sender.attempts.items() if n > 1]
    assert retried, "the kill should have interrupted at least one delivery"

    def backlog() -> int | None:
        with read_session(engine) as session:
            left = session.scalar(select(func.count()).where(Delivery.status == "pending"))
        return None if left else 1

    eventually(backlog, "the restarted server's applier emptying the backlog")
    assert _count(engine, AlertGroup) == GROUPS
    assert _count(engine, Alert) == GROUPS * ALERTS  # (group, fingerprint) is unique
    assert _count(engine, Incident) == GROUPS
    assert _count(engine, Delivery) >= GROUPS
    with read_session(engine) as session:
        per_incident = session.execute(
            select(TimelineEvent.incident_id, func.count())
            .where(TimelineEvent.kind == "alert")
            .group_by(TimelineEvent.incident_id)
        ).all()
        assert {n for _, n in per_incident} == {ALERTS}
        assert session.scalar(select(func.count()).select_from(Episode)) == GROUPS
        statuses = dict(
            session.execute(select(Delivery.status, func.count()).group_by(Delivery.status)).all()
        )
        # Each group's first stored delivery applied its 5 alerts; any stored retry of it
        # (committed, acknowledgement lost) changed nothing: applied once, not twice.
        assert statuses.pop("applied") == GROUPS
        assert set(statuses) <= {"unchanged"}
        changes = session.scalar(select(func.sum(Delivery.changes)))
        assert changes == GROUPS * ALERTS
