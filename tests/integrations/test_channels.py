"""Every channel end to end against a real server on loopback: aiosmtpd for e-mail, an HTTP
server recording requests for Slack, Teams, webhooks, ntfy, PagerDuty, Opsgenie and a fake
Twilio that answers in Twilio's API shape. No test leaves 127.0.0.1.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator

import httpx
import pytest
from standardwebhooks.webhooks import Webhook

from tests.support.processes import free_port
from tests.support.receivers import Recorder, Reply, http_recorder, smtp_server
from warroom.config import NotifySettings
from warroom.integrations.channels.pagers import Ntfy, Opsgenie, PagerDuty
from warroom.integrations.channels.registry import build_transports
from warroom.integrations.channels.slack import SlackChat, SlackWebhook
from warroom.integrations.channels.smtp import SmtpChannel
from warroom.integrations.channels.teams import TeamsWorkflow
from warroom.integrations.channels.twilio import Twilio
from warroom.integrations.channels.webhook import SignedWebhook
from warroom.notifications.ports import Destination, Message

PAGE = Message(
    key="INC-20261122-001:1:0:0:oncall:primary:jane:3",
    purpose="page",
    subject="[P1] INC-20261122-001 Checkout API 5xx",
    text="🚨 P1 INC-20261122-001: Checkout API 5xx\nAcknowledge: http://w.test/ack/tok\n",
    incident_id="INC-20261122-001",
    severity="P1",
    title="Checkout API 5xx",
    url="http://w.test/incidents/INC-20261122-001",
    ack_url="http://w.test/ack/tok",
    facts=(("Severity", "P1"), ("Services", "checkout")),
    slack={
        "text": "page",
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "x"}}],
    },
    labels={"ack": "Acknowledge", "open": "Open incident"},
)


@pytest.fixture
def server() -> Iterator[Recorder]:
    with http_recorder() as recorder:
        yield recorder


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5) as http:
        yield http


def test_email_reaches_a_real_smtp_server_with_headers_and_the_ack_link() -> None:
    with smtp_server() as box:
        channel = SmtpChannel(host=box.host, port=box.port, sender="warroom@example.com")
        result = channel.send(PAGE, Destination("email", "jane@example.com"))
        assert result.status == "ok" and result.code == 250
        [mail] = box.to("jane@example.com")
    assert mail["Subject"] == PAGE.subject
    assert mail["From"] == "warroom@example.com"
    assert mail["X-Warroom-Incident"] == "INC-20261122-001"
    assert mail["X-Priority"] == "1"
    assert mail["Message-ID"].endswith("@warroom>")  # stable per delivery: dedup by receivers
    assert "http://w.test/ack/tok" in mail.get_payload(decode=True).decode()


def test_email_to_a_server_that_is_down_is_retried() -> None:
    channel = SmtpChannel(host="127.0.0.1", port=free_port(), timeout=2)
    result = channel.send(PAGE, Destination("email", "jane@example.com"))
    assert result.status == "retry" and "Connection" in (result.error or "")


def test_slack_incoming_webhook_gets_block_kit(server: Recorder, client: httpx.Client) -> None:
    result = SlackWebhook(client).send(
        PAGE, Destination("slack_webhook", "hook", {"url": f"{server.url}/services/T/B/X"})
    )
    assert result.status == "ok"
    [request] = server.at("/services/T/B/X")
    assert request.json()["blocks"][0]["type"] == "section"


def test_slack_429_is_a_retry_with_retry_after(server: Recorder, client: httpx.Client) -> None:
    server.script["/hook"] = [Reply(429, b"rate_limited", {"Retry-After": "7"})]
    result = SlackWebhook(client).send(PAGE, Destination("slack_webhook", f"{server.url}/hook"))
    assert (result.status, result.code, result.retry_after) == ("retry", 429, 7.0)


def test_slack_chat_post_message_uses_the_bot_token_and_reads_ok_false(
    server: Recorder, client: httpx.Client
) -> None:
    chat = SlackChat(client, token="xoxb-test", api_url=f"{server.url}/api")
    assert chat.send(PAGE, Destination("slack", "U024BE7LH")).status == "ok"
    [request] = server.at("/api/chat.postMessage")
    assert request.headers["authorization"] == "Bearer xoxb-test"
    assert request.json()["channel"] == "U024BE7LH"
    server.script["/api/chat.postMessage"] = [
        Reply(200, {"ok": False, "error": "channel_not_found"})
    ]
    refused = chat.send(PAGE, Destination("slack", "C000"))
    assert (refused.status, refused.error) == ("failed", "Slack: channel_not_found")


def test_teams_workflow_gets_an_adaptive_card(server: Recorder, client: httpx.Client) -> None:
    server.script["/workflows/1"] = [Reply(202, b"")]
    result = TeamsWorkflow(client).send(PAGE, Destination("teams", f"{server.url}/workflows/1"))
    assert (result.status, result.code) == ("ok", 202)
    body = server.at("/workflows/1")[0].json()
    card = body["attachments"][0]
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert card["content"]["type"] == "AdaptiveCard"
    assert card["content"]["actions"][0]["url"] == "http://w.test/ack/tok"


def test_webhook_is_signed_per_standard_webhooks(server: Recorder, client: httpx.Client) -> None:
    secret = "whsec_" + base64.b64encode(b"a very secret key for tests").decode()
    result = SignedWebhook(client).send(
        PAGE, Destination("webhook", "ops", {"url": f"{server.url}/in", "secret": secret})
    )
    assert result.status == "ok"
    [request] = server.at("/in")
    payload = Webhook(secret).verify(request.body, request.headers)  # raises when wrong
    assert payload["type"] == "incident.page"
    assert payload["data"]["ack_url"] == "http://w.test/ack/tok"
    again = SignedWebhook(client).send(
        PAGE, Destination("webhook", "ops", {"url": f"{server.url}/in", "secret": secret})
    )
    assert again.status == "ok"
    ids = [r.headers["webhook-id"] for r in server.at("/in")]
    assert ids[0] == ids[1]  # the same delivery keeps its id: receivers drop a resend


def test_ntfy_p1_is_priority_5_with_an_acknowledge_action(
    server: Recorder, client: httpx.Client
) -> None:
    ntfy = Ntfy(client, server=server.url, token="tk_test", public_url="http://w.test")
    assert ntfy.send(PAGE, Destination("ntfy", "jane-pager")).status == "ok"
    request = server.at("/")[0]
    body = request.json()
    assert (body["topic"], body["priority"]) == ("jane-pager", 5)
    assert body["actions"][0] == {
        "action": "http",
        "label": "Acknowledge",
        "url": "http://w.test/api/v1/ack/tok",
        "method": "POST",
        "clear": True,
    }
    assert request.headers["authorization"] == "Bearer tk_test"


def test_pagerduty_events_v2_trigger_and_resolve(server: Recorder, client: httpx.Client) -> None:
    server.default["/v2/enqueue"] = Reply(202, {"status": "success", "dedup_key": "x"})
    pd = PagerDuty(client, url=f"{server.url}/v2/enqueue")
    assert pd.send(PAGE, Destination("pagerduty", "R0UTINGKEY")).status == "ok"
    resolved = Message(
        key="k2", purpose="resolved", subject="resolved", text="", incident_id=PAGE.incident_id
    )
    assert pd.send(resolved, Destination("pagerduty", "R0UTINGKEY")).status == "ok"
    trigger, resolve = (r.json() for r in server.at("/v2/enqueue"))
    assert trigger["event_action"] == "trigger" and trigger["payload"]["severity"] == "critical"
    assert trigger["dedup_key"] == resolve["dedup_key"] == "INC-20261122-001"
    assert resolve["event_action"] == "resolve"


def test_opsgenie_create_and_close(server: Recorder, client: httpx.Client) -> None:
    server.default["/v2/alerts"] = Reply(202, {"result": "Request will be processed"})
    og = Opsgenie(client, url=f"{server.url}/v2/alerts")
    assert og.send(PAGE, Destination("opsgenie", "genie-key")).status == "ok"
    closing = Message(
        key="k3", purpose="resolved", subject="", text="", incident_id=PAGE.incident_id
    )
    assert og.send(closing, Destination("opsgenie", "genie-key")).status == "ok"
    create = server.at("/v2/alerts")[0]
    assert create.headers["authorization"] == "GenieKey genie-key"
    assert create.json()["alias"] == "INC-20261122-001" and create.json()["priority"] == "P1"
    [close] = server.at("/v2/alerts/INC-20261122-001/close")
    assert close.query == {"identifierType": ["alias"]}


def test_twilio_sms_and_voice_against_a_fake_twilio(server: Recorder, client: httpx.Client) -> None:
    base = "/2010-04-01/Accounts/AC123"
    server.default[f"{base}/Messages.json"] = Reply(201, {"sid": "SM1", "status": "queued"})
    server.default[f"{base}/Calls.json"] = Reply(201, {"sid": "CA1", "status": "queued"})
    args = {
        "account_sid": "AC123",
        "auth_token": "secret",
        "sender": "+15005550006",
        "api_url": server.url,
    }
    sms = Twilio(client, **args)
    voice = Twilio(client, voice=True, **args)
    assert sms.send(PAGE, Destination("sms", "+821012345678")).code == 201
    assert voice.send(PAGE, Destination("voice", "+821012345678")).status == "ok"
    [text] = server.at(f"{base}/Messages.json")
    expected = "Basic " + base64.b64encode(b"AC123:secret").decode()
    assert text.headers["authorization"] == expected
    form = text.form()
    assert form["To"] == "+821012345678" and "http://w.test/ack/tok" in form["Body"]
    [call] = server.at(f"{base}/Calls.json")
    assert call.form()["Twiml"].startswith('<Response><Say language="en-US">')
    server.script[f"{base}/Messages.json"] = [
        Reply(400, {"code": 21211, "message": "The 'To' number is not valid.", "status": 400})
    ]
    refused = sms.send(PAGE, Destination("sms", "+1"))
    assert refused.status == "failed" and refused.error == (
        "Twilio 21211: The 'To' number is not valid."
    )


def test_a_server_error_or_a_closed_port_is_a_retry(server: Recorder, client: httpx.Client) -> None:
    server.script["/down"] = [Reply(503, b"maintenance")]
    assert (
        SlackWebhook(client).send(PAGE, Destination("slack_webhook", f"{server.url}/down")).status
        == "retry"
    )
    closed = f"http://127.0.0.1:{free_port()}/x"
    assert TeamsWorkflow(client).send(PAGE, Destination("teams", closed)).status == "retry"


def test_registry_offers_only_configured_providers() -> None:
    bare = build_transports(NotifySettings())
    assert "email" not in bare and "sms" not in bare and "slack" not in bare
    assert {"webhook", "slack_webhook", "teams", "ntfy", "pagerduty", "opsgenie"} <= set(bare)
    full = build_transports(
        NotifySettings(
            smtp_host="127.0.0.1",
            slack_token="xoxb-1",
            twilio_account_sid="AC1",
            twilio_auth_token="t",
            twilio_from="+1",
        )
    )
    assert {"email", "slack", "slack_chat", "sms", "voice"} <= set(full)
