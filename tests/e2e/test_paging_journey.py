"""The journey of issue 12, end to end with real peers.

A real Alertmanager delivers a critical alert for service `checkout` to a real warroom
server, which opens a P1 incident. The job worker (in this process, on the same
database, with an injected clock and the real channel adapters) pages the primary on
call by e-mail (a real SMTP server, aiosmtpd) and by Slack (chat.postMessage to a fake
Slack API on loopback), and announces the incident in the Slack channel (incoming
webhook). Nobody acknowledges: at the policy's 15 minutes the secondary is paged. The
primary's signed link, posted to the warroom server, acknowledges the incident and the
rest of the escalation never happens. The schedule comes from a fixed roster
(`StaticDirectory`) until warroom.oncall (issue 11) is merged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, select

from tests.e2e.test_alertmanager_real import _push, _require_binary
from tests.support.eventually import eventually
from tests.support.paging import add_people, make_worker
from tests.support.processes import Process, free_port, warroom_server
from tests.support.receivers import Recorder, Reply, http_recorder, smtp_server
from warroom.alerts import integrations
from warroom.clock import FixedClock, SystemClock
from warroom.config import NotifySettings
from warroom.core.actor import Actor
from warroom.db.uow import read_session, unit_of_work
from warroom.incidents.models import Incident
from warroom.integrations.channels.registry import build_transports
from warroom.notifications import contacts
from warroom.notifications.context import Notifier
from warroom.notifications.directory import StaticDirectory

pytestmark = pytest.mark.slow
SECRET = "journey-secret"
CONFIG = """
route:
  receiver: warroom
  group_by: ['alertname']
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: warroom
    webhook_configs:
      - url: {base}/api/v1/alerts/alertmanager
        send_resolved: true
        http_config:
          authorization:
            credentials: {token}
"""


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
def server(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("WARROOM_SECRET_KEY", SECRET)  # the server checks the links we sign
    port = free_port()
    url = engine.url.render_as_string(hide_password=False)
    process = warroom_server(url, port, tmp_path / "warroom.log").start()
    yield f"http://127.0.0.1:{port}"
    process.stop()


@pytest.fixture
def alertmanager(server: str, token: str, tmp_path: Path) -> Iterator[str]:
    binary = _require_binary()
    config = tmp_path / "alertmanager.yml"
    config.write_text(CONFIG.format(base=server, token=token))
    port = free_port()
    process = Process(
        [
            binary,
            f"--config.file={config}",
            f"--storage.path={tmp_path / 'am'}",
            f"--web.listen-address=127.0.0.1:{port}",
            "--cluster.listen-address=",
            "--log.level=warn",
        ],
        f"http://127.0.0.1:{port}/-/ready",
        tmp_path / "alertmanager.log",
    ).start()
    yield f"http://127.0.0.1:{port}"
    process.stop()


@pytest.fixture
def slack() -> Iterator[Recorder]:
    with http_recorder() as recorder:
        recorder.default["/api/chat.postMessage"] = Reply(200, {"ok": True, "ts": "1.2"})
        yield recorder


def _incident(engine: Engine) -> str | None:
    with read_session(engine) as session:
        return session.scalar(select(Incident.id).where(Incident.title.contains("CheckoutDown")))


def test_alert_to_page_to_escalation_to_ack_link(
    alertmanager: str, server: str, engine: Engine, slack: Recorder
) -> None:
    clock = FixedClock(datetime.now(UTC) + timedelta(seconds=5))
    add_people(engine, clock, "jane", "bob")
    with unit_of_work(engine) as session:
        contacts.add_method(
            session=session,
            actor=Actor("alice"),
            now=clock.now(),
            handle="jane",
            kind="slack",
            address="U0JANE",
            preverified=True,
        )
        contacts.save_channel(
            session=session,
            actor=Actor("alice"),
            now=clock.now(),
            name="incidents",
            kind="slack_webhook",
            config={"url": f"{slack.url}/services/T/B/X"},
            announce=["P1"],
        )
    with smtp_server() as mailbox:
        settings = NotifySettings(
            public_url=server,
            smtp_host=mailbox.host,
            smtp_port=mailbox.port,
            slack_token="xoxb-journey",
            slack_api_url=f"{slack.url}/api",
        )
        with httpx.Client(timeout=5) as client:
            notifier = Notifier(
                secret_key=SECRET,
                transports=build_transports(settings, client),
                directory=StaticDirectory(
                    {"payments": [("primary", "jane"), ("secondary", "bob")]},
                    {"checkout": "payments"},
                ),
                clock=clock,
                public_url=server,
            )
            worker = make_worker(engine, clock, notifier)
            _push(
                alertmanager,
                {
                    "labels": {
                        "alertname": "CheckoutDown",
                        "service": "checkout",
                        "severity": "critical",
                    },
                    "annotations": {"summary": "checkout 5xx > 50%"},
                    "startsAt": (datetime.now(UTC) - timedelta(minutes=1)).isoformat(),
                },
            )
            incident = eventually(lambda: _incident(engine), "the incident opened by the alert")
            worker.drain()

            [page] = mailbox.to("jane@example.com")
            assert page["Subject"].startswith(f"[P1] {incident}")
            body = page.get_payload(decode=True).decode()
            link = re.search(rf"{re.escape(server)}/ack/\S+", body)
            assert link is not None
            [dm] = slack.at("/api/chat.postMessage")
            assert dm.json()["channel"] == "U0JANE"
            assert dm.headers["authorization"] == "Bearer xoxb-journey"
            buttons = dm.json()["blocks"][-1]["elements"]
            assert buttons[0]["url"].startswith(f"{server}/ack/")  # its own single-use link
            [announcement] = slack.at("/services/T/B/X")
            assert incident in announcement.json()["text"]
            assert mailbox.to("bob@example.com") == []

            clock.advance(timedelta(minutes=15))  # nobody acknowledged
            worker.drain()
            [second] = mailbox.to("bob@example.com")
            assert second["Subject"].startswith(f"[P1] {incident}")

            acked = httpx.post(link.group(0), timeout=10)  # the button on the link's page
            assert acked.status_code == 200 and "escalation has stopped" in acked.text
            clock.advance(timedelta(hours=3))
            worker.drain()
            assert len(mailbox.messages) == 2  # nobody else paged after the acknowledgement
            again = httpx.get(link.group(0), timeout=10)
            assert again.status_code == 410  # single use
    with read_session(engine) as session:
        state = session.get_one(Incident, incident)
        assert state.state == "acknowledged" and state.services == ["checkout"]
