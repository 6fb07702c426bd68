"""Build the transports a server has credentials for (settings.notify); others stay absent,
and a delivery to them fails at once with "no … channel is configured"."""

from __future__ import annotations

import httpx

from warroom.config import NotifySettings
from warroom.integrations.channels.pagers import Ntfy, Opsgenie, PagerDuty
from warroom.integrations.channels.slack import SlackChat, SlackWebhook
from warroom.integrations.channels.smtp import SmtpChannel
from warroom.integrations.channels.teams import TeamsWorkflow
from warroom.integrations.channels.twilio import Twilio
from warroom.integrations.channels.webhook import SignedWebhook
from warroom.notifications.ports import Transport


def build_transports(
    notify: NotifySettings, client: httpx.Client | None = None
) -> dict[str, Transport]:
    http = client or httpx.Client(timeout=notify.http_timeout, follow_redirects=False)
    out: dict[str, Transport] = {
        "slack_webhook": SlackWebhook(http),
        "teams": TeamsWorkflow(http),
        "webhook": SignedWebhook(http),
        "ntfy": Ntfy(
            http,
            server=notify.ntfy_url,
            public_url=notify.public_url,
            token=notify.ntfy_token.get_secret_value() if notify.ntfy_token else None,
        ),
        "pagerduty": PagerDuty(http, url=notify.pagerduty_url),
        "opsgenie": Opsgenie(http, url=notify.opsgenie_url),
    }
    if notify.smtp_host:
        out["email"] = SmtpChannel(
            host=notify.smtp_host,
            port=notify.smtp_port,
            security=notify.smtp_security,
            username=notify.smtp_username,
            password=notify.smtp_password.get_secret_value() if notify.smtp_password else None,
            sender=notify.smtp_from,
            timeout=notify.http_timeout,
        )
    if notify.slack_token:
        chat = SlackChat(
            http, token=notify.slack_token.get_secret_value(), api_url=notify.slack_api_url
        )
        out["slack"] = out["slack_chat"] = chat
    if notify.twilio_account_sid and notify.twilio_auth_token and notify.twilio_from:
        for kind, voice in (("sms", False), ("voice", True)):
            out[kind] = Twilio(
                http,
                account_sid=notify.twilio_account_sid,
                auth_token=notify.twilio_auth_token.get_secret_value(),
                sender=notify.twilio_from,
                api_url=notify.twilio_api_url,
                voice=voice,
            )
    return out
