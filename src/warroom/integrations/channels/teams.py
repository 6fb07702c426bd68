"""Microsoft Teams through a Workflows webhook, as an Adaptive Card (1.4)."""

from __future__ import annotations

from typing import Any

import httpx

from warroom.integrations.channels.http import post
from warroom.notifications.ports import Destination, Message, SendResult


def card(message: Message) -> dict[str, Any]:
    body: list[dict[str, Any]] = [
        {
            "type": "TextBlock",
            "text": message.subject,
            "weight": "Bolder",
            "size": "Medium",
            "wrap": True,
            "color": "Attention" if message.severity in ("P1", "P2") else "Default",
        },
        {"type": "TextBlock", "text": message.text, "wrap": True},
    ]
    if message.facts:
        body.append(
            {"type": "FactSet", "facts": [{"title": k, "value": v} for k, v in message.facts]}
        )
    actions = []
    if message.ack_url:
        actions.append(
            {
                "type": "Action.OpenUrl",
                "title": message.labels.get("ack", "Acknowledge"),
                "url": message.ack_url,
            }
        )
    if message.url:
        actions.append(
            {
                "type": "Action.OpenUrl",
                "title": message.labels.get("open", "Open"),
                "url": message.url,
            }
        )
    content: dict[str, Any] = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
    }
    if actions:
        content["actions"] = actions
    return {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": content,
            }
        ],
    }


class TeamsWorkflow:
    def __init__(self, client: httpx.Client) -> None:
        self.client = client

    def send(self, message: Message, destination: Destination) -> SendResult:
        url = str(destination.config.get("url") or destination.address)
        result, _response = post(self.client, url, json=card(message))
        return result
