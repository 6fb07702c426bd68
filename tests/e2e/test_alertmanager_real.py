"""A real Alertmanager (Debian's prometheus-alertmanager) delivering to a real warroom server.

Alerts are pushed to Alertmanager's /api/v2/alerts; it groups them (group_wait 1s) and
delivers through both receivers warroom offers: the webhook and the PagerDuty Events v2
path. The test asserts incidents opened, grouped, updated and resolved from the database.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, select

from tests.support.eventually import eventually
from tests.support.processes import Process, free_port, warroom_server
from warroom.alerts import integrations
from warroom.alerts.episodes import current_episode
from warroom.alerts.models import AlertGroup, Delivery, Episode
from warroom.alerts.sources.base import group_key_hash
from warroom.clock import SystemClock
from warroom.core.actor import Actor
from warroom.db.uow import read_session, unit_of_work
from warroom.timeline.models import TimelineEvent

pytestmark = pytest.mark.slow
BINARY = shutil.which("prometheus-alertmanager") or shutil.which("alertmanager")

CONFIG = """
route:
  receiver: webhook
  group_by: ['alertname']
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
  routes:
    - matchers: ['via="pagerduty"']
      receiver: pagerduty
    - matchers: ['via="both"']
      receiver: webhook
      continue: true
    - matchers: ['via="both"']
      receiver: pagerduty
receivers:
  - name: webhook
    webhook_configs:
      - url: {base}/api/v1/alerts/alertmanager
        send_resolved: true
        http_config:
          authorization:
            credentials: {token}
  - name: pagerduty
    pagerduty_configs:
      - routing_key: {token}
        url: {base}/api/v1/alerts/pagerduty/v2/enqueue
        send_resolved: true
"""


def _require_binary() -> str:
    if BINARY:
        return BINARY
    if os.environ.get("CI") == "true":
        pytest.fail("prometheus-alertmanager is required in CI (scripts/setup-system installs it)")
    pytest.skip("prometheus-alertmanager not installed: apt-get install prometheus-alertmanager")


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
def warroom(engine: Engine, tmp_path: Path) -> Iterator[str]:
    port = free_port()
    url = engine.url.render_as_string(hide_password=False)
    server = warroom_server(url, port, tmp_path / "warroom.log").start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def alertmanager(warroom: str, token: str, tmp_path: Path) -> Iterator[str]:
    binary = _require_binary()
    version = subprocess.run([binary, "--version"], capture_output=True, text=True, check=False)
    assert version.returncode == 0, version.stderr
    config = tmp_path / "alertmanager.yml"
    config.write_text(CONFIG.format(base=warroom, token=token))
    port = free_port()
    process = Process(
        [
            binary,
            f"--config.file={config}",
            f"--storage.path={tmp_path / 'am-data'}",
            f"--web.listen-address=127.0.0.1:{port}",
            "--cluster.listen-address=",
            "--log.level=warn",
        ],
        f"http://127.0.0.1:{port}/-/ready",
        tmp_path / "alertmanager.log",
    ).start()
    yield f"http://127.0.0.1:{port}"
    process.stop()


def _push(am: str, *alerts: dict[str, Any]) -> None:
    response = httpx.post(f"{am}/api/v2/alerts", json=list(alerts), timeout=10)
    assert response.status_code == 200, response.text


def _alert(name: str, instance: str, via: str, *, resolved: bool = False) -> dict[str, Any]:
    now = datetime.now(UTC)
    alert: dict[str, Any] = {
        "labels": {"alertname": name, "instance": instance, "severity": "critical", "via": via},
        "annotations": {"summary": f"{name} on {instance}"},
        "startsAt": (now - timedelta(minutes=1)).isoformat(),
    }
    if resolved:
        alert["endsAt"] = (now - timedelta(seconds=1)).isoformat()
    return alert


def _group(engine: Engine, source: str, name: str) -> tuple[AlertGroup, Episode | None] | None:
    with read_session(engine) as session:
        for group in session.scalars(select(AlertGroup).where(AlertGroup.title.contains(name))):
            if group.source == source or source == "any":
                episode = current_episode(session, group)
                session.expunge_all()
                return group, episode
    return None


def _timeline(engine: Engine, incident_id: str) -> list[str]:
    with read_session(engine) as session:
        events = session.scalars(
            select(TimelineEvent).where(TimelineEvent.incident_id == incident_id)
        )
        return [e.body for e in events]


def test_webhook_receiver_opens_groups_updates_and_resolves(
    alertmanager: str, engine: Engine
) -> None:
    _push(alertmanager, _alert("DiskFull", "db-1", "webhook"))
    group, _ = eventually(lambda: _group(engine, "alertmanager", "DiskFull"), "a group")
    incident = eventually(
        lambda: (_group(engine, "alertmanager", "DiskFull") or (None, None))[1], "an episode"
    ).incident_id
    assert incident is not None
    assert group.severity == "P1"

    _push(alertmanager, _alert("DiskFull", "db-2", "webhook"))  # same group (alertname)
    eventually(
        lambda: any("instance=db-2" in line for line in _timeline(engine, incident)),
        "the second alert on the incident's timeline",
    )
    _push(
        alertmanager,
        _alert("DiskFull", "db-1", "webhook", resolved=True),
        _alert("DiskFull", "db-2", "webhook", resolved=True),
    )
    eventually(
        lambda: any(line.startswith("All alerts resolved") for line in _timeline(engine, incident)),
        "all alerts resolved on the timeline",
    )
    final = _group(engine, "alertmanager", "DiskFull")
    assert final is not None
    assert final[0].status == "resolved"
    assert final[1] is not None and final[1].incident_id == incident  # one incident


def test_pagerduty_receiver_and_webhook_land_on_the_same_group(
    alertmanager: str, engine: Engine
) -> None:
    _push(alertmanager, _alert("QueueBacklog", "mq-1", "both"))

    def both_sources_applied() -> set[str] | None:
        with read_session(engine) as session:
            done = select(Delivery.source).where(Delivery.status.in_(["applied", "unchanged"]))
            sources = set(session.scalars(done))
        return sources if {"alertmanager", "pagerduty"} <= sources else None

    eventually(both_sources_applied, "deliveries from both receivers, applied")
    with read_session(engine) as session:
        groups = list(session.scalars(select(AlertGroup)))
        assert len(groups) == 1, [(g.source, g.external_key) for g in groups]
        episodes = list(session.scalars(select(Episode)))
        assert len({e.incident_id for e in episodes}) == 1

    _push(alertmanager, _alert("QueueBacklog", "mq-1", "both", resolved=True))
    eventually(
        lambda: (_group(engine, "any", "QueueBacklog") or (None,))[0].status == "resolved" or None,
        "the group resolved through both receivers",
    )


def test_pagerduty_receiver_alone(alertmanager: str, engine: Engine) -> None:
    _push(alertmanager, _alert("CertExpiry", "edge-1", "pagerduty"))
    found = eventually(lambda: _group(engine, "pagerduty", ""), "a PagerDuty group")
    group, episode = found
    assert episode is not None and episode.incident_id is not None
    _push(alertmanager, _alert("CertExpiry", "edge-1", "pagerduty", resolved=True))

    def resolved() -> bool:
        current = _group(engine, "pagerduty", "")
        return current is not None and current[0].status == "resolved"

    eventually(resolved, "the PagerDuty resolve event applied")
    # Alertmanager's PagerDuty notifier sends dedup_key = sha256(groupKey).
    assert group.key == group_key_hash('{}/{via="pagerduty"}:{alertname="CertExpiry"}')


def test_a_nul_in_labels_from_alertmanager_neither_wedges_nor_blocks_the_rest(
    alertmanager: str, engine: Engine
) -> None:
    """Issue 21: Alertmanager sends a NUL in a label as `\\u0000`; PostgreSQL refused it in
    the timeline and the applier retried the batch forever, holding every later delivery."""
    nul = _alert("NulLabel", "db\x001", "webhook")
    nul["annotations"]["summary"] = "disk\x00full"
    _push(alertmanager, nul)
    _push(alertmanager, _alert("AfterNul", "db-2", "webhook"))
    for name in ("NulLabel", "AfterNul"):
        eventually(
            lambda name=name: (_group(engine, "alertmanager", name) or (None, None))[1],
            f"an episode for {name}",
        )
    found = _group(engine, "alertmanager", "NulLabel")
    assert found is not None and found[1] is not None and found[1].incident_id is not None
    lines = _timeline(engine, found[1].incident_id)
    assert any("instance=db\ufffd1" in line and "disk\ufffdfull" in line for line in lines)
    with read_session(engine) as session:
        statuses = set(session.scalars(select(Delivery.status)))
    assert statuses <= {"applied", "unchanged"}, statuses
