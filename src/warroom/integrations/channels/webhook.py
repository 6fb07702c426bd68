"""A generic outgoing webhook signed per the Standard Webhooks spec (`standardwebhooks`).

Headers: webhook-id (stable per delivery: the idempotency key, so a receiver drops a
resend), webhook-timestamp, webhook-signature (v1, HMAC-SHA256 of id.timestamp.body with
the endpoint's `whsec_…` secret).
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

import httpx
from standardwebhooks.webhooks import Webhook

from warroom.integrations.channels.http import post
from warroom.notifications.ports import Destination, Message, SendResult


def message_id(message: Message) -> str:
    return "msg_" + hashlib.sha256(message.key.encode()).hexdigest()[:32]


def event(message: Message, now: datetime) -> dict[str, Any]:
    return {
        "type": f"incident.{message.purpose}",
        "timestamp": now.isoformat().replace("+00:00", "Z"),
        "data": {
            "incident": message.incident_id,
            "severity": message.severity,
            "title": message.title,
            "subject": message.subject,
            "text": message.text,
            "url": message.url,
            "ack_url": message.ack_url,
        },
    }


def signed_headers(secret: str, msg_id: str, now: datetime, body: str) -> dict[str, str]:
    signature = Webhook(secret).sign(msg_id, now, body)
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": signature,
    }


class SignedWebhook:
    def __init__(self, client: httpx.Client) -> None:
        self.client = client

    def send(self, message: Message, destination: Destination) -> SendResult:
        now = datetime.now(UTC).replace(microsecond=0)
        body = json.dumps(event(message, now), ensure_ascii=False, separators=(",", ":"))
        msg_id = message_id(message)
        headers = {
            "content-type": "application/json",
            "webhook-id": msg_id,
            "webhook-timestamp": str(int(now.timestamp())),
        }
        secret = destination.config.get("secret")
        if secret:
            headers |= signed_headers(str(secret), msg_id, now, body)
        url = str(destination.config.get("url") or destination.address)
        result, _response = post(self.client, url, content=body.encode(), headers=headers)
        return result
