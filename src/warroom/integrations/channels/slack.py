"""Slack: an incoming webhook (a channel's URL) and `chat.postMessage` with a bot token
(a channel ID, or a person's user ID for a direct message), both with Block Kit."""

from __future__ import annotations

from typing import Any, Literal

import httpx

from warroom.integrations.channels.http import post
from warroom.notifications.ports import Destination, Message, SendResult


def payload(message: Message) -> dict[str, Any]:
    if message.slack is not None:
        return dict(message.slack)
    return {"text": message.text}


class SlackWebhook:
    def __init__(self, client: httpx.Client) -> None:
        self.client = client

    def send(self, message: Message, destination: Destination) -> SendResult:
        url = str(destination.config.get("url") or destination.address)
        body = payload(message)
        body.pop("metadata", None)  # message metadata is chat.postMessage's only
        result, _response = post(self.client, url, json=body)
        return result


class SlackChat:
    """`chat.postMessage`: Slack answers 200 with {"ok": false, "error": …} for most errors."""

    def __init__(self, client: httpx.Client, *, token: str, api_url: str) -> None:
        self.client, self.token, self.api_url = client, token, api_url.rstrip("/")

    def send(self, message: Message, destination: Destination) -> SendResult:
        body = {"channel": destination.address, **payload(message)}
        result, response = post(
            self.client,
            f"{self.api_url}/chat.postMessage",
            json=body,
            headers={"Authorization": f"Bearer {self.token}"},
        )
        if result.status != "ok" or response is None:
            return result
        answer = response.json() if response.content else {}
        if answer.get("ok"):
            return result
        error = str(answer.get("error", "unknown_error"))
        status: Literal["retry", "failed"] = (
            "retry" if error in ("ratelimited", "internal_error", "fatal_error") else "failed"
        )
        return SendResult(
            status, code=result.code, error=f"Slack: {error}", latency_ms=result.latency_ms
        )
