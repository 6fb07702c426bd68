"""Group commit: one transaction and one executemany store a batch; a bad item fails alone."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from tests.support.alert_payloads import am_alert, am_payload, pd_event
from warroom.alerts import integrations
from warroom.alerts.actions import Outcome
from warroom.alerts.models import AlertGroup, Delivery
from warroom.clock import FixedClock
from warroom.config import Settings
from warroom.core.actor import Actor
from warroom.db.uow import read_session, unit_of_work
from warroom.errors import PermissionDenied
from warroom.web.app import create_app
from warroom.web.receiver import Receiver, _Item


def test_a_batch_commits_once_and_a_bad_item_fails_alone(
    engine: Engine, clock: FixedClock, tmp_path: Path
) -> None:
    with unit_of_work(engine) as session:
        token = integrations.create_integration(
            session=session, actor=Actor("a"), now=clock.now(), kind="alertmanager", name="p"
        ).token
    url = engine.url.render_as_string(hide_password=False)
    app = create_app(Settings(data_dir=tmp_path, database_url=url), clock=clock)
    receiver: Receiver = app.state.alert_receiver
    loop = asyncio.new_event_loop()
    bodies = [
        ("alertmanager", token, json.dumps(am_payload(am_alert())).encode()),
        ("alertmanager", "wr_wrong", json.dumps(am_payload(am_alert())).encode()),
        ("pagerduty", token, json.dumps(pd_event()).encode()),
        ("alertmanager", token, b"[]"),
    ]
    items = [_Item(s, t, b, loop, loop.create_future()) for s, t, b in bodies]
    try:
        receiver._write(items)
        loop.run_until_complete(asyncio.sleep(0))
        first, wrong, paged, rejected = (item.future for item in items)
        assert isinstance(first.result(), Outcome)
        assert first.result().status == "accepted"
        with pytest.raises(PermissionDenied):
            wrong.result()
        assert paged.result().external_key == "k-1"
        assert rejected.result().status == "rejected"
        stored = [first.result().delivery_id, paged.result().delivery_id]
        assert stored == sorted(stored)  # ids in arrival order: the applier's order
    finally:
        loop.close()
        app.state.warroom.engine.dispose()
    with read_session(engine) as session:
        statuses = session.scalars(select(Delivery.status).order_by(Delivery.id))
        assert list(statuses) == ["pending", "pending", "rejected"]
        assert session.scalar(select(func.count()).select_from(AlertGroup)) == 0
