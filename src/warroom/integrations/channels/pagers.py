"""Pagers: ntfy (self-hostable push; priority 5 for P1), PagerDuty Events v2, Opsgenie.

PagerDuty and Opsgenie receive the incident ID as dedup key / alias, so repeated pages
and resends land on one alert there, and the resolution notice closes it.
"""

from __future__ import annotations

from typing import Any

import httpx

from warroom.integrations.channels.http import post
from warroom.notifications.ports import Destination, Message, SendResult

NTFY_PRIORITY = {"P1": 5, "P2": 4, "P3": 3, "P4": 2}
PD_SEVERITY = {"P1": "critical", "P2": "error", "P3": "warning", "P4": "info"}


class Ntfy:
    def __init__(
        self, client: httpx.Client, *, server: str, token: str | None, public_url: str
    ) -> None:
        self.client, self.server, self.token = client, server.rstrip("/"), token
        self.public_url = public_url.rstrip("/")

    def send(self, message: Message, destination: Destination) -> SendResult:
        server = str(destination.config.get("server") or self.server).rstrip("/")
        body: dict[str, Any] = {
            "topic": destination.address,
            "title": message.subject[:250],
            "message": message.text,
            "priority": NTFY_PRIORITY.get(message.severity or "", 3),
            "tags": ["rotating_light"] if message.purpose == "page" else ["loudspeaker"],
        }
        if message.url:
            body["click"] = message.url
        actions: list[dict[str, Any]] = []
        if message.ack_url:
            token = message.ack_url.rsplit("/", 1)[-1]
            actions.append(
                {
                    "action": "http",
                    "label": message.labels.get("ack", "Acknowledge"),
                    "url": f"{self.public_url}/api/v1/ack/{token}",
                    "method": "POST",
                    "clear": True,
                }
            )
        if message.url:
            actions.append(
                {"action": "view", "label": message.labels.get("open", "Open"), "url": message.url}
            )
        if actions:
            body["actions"] = actions
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        result, _response = post(self.client, server, json=body, headers=headers)
        return result


class PagerDuty:
    def __init__(self, client: httpx.Client, *, url: str) -> None:
        self.client, self.url = client, url

    def send(self, message: Message, destination: Destination) -> SendResult:
        key = str(destination.config.get("routing_key") or destination.address)
        resolve = message.purpose == "resolved"
        body: dict[str, Any] = {
            "routing_key": key,
            "event_action": "resolve" if resolve else "trigger",
            "dedup_key": message.incident_id or message.key,
        }
        if not resolve:
            body["payload"] = {
                "summary": message.subject[:1024],
                "source": "warroom",
                "severity": PD_SEVERITY.get(message.severity or "", "warning"),
                "custom_details": {"text": message.text, "ack_url": message.ack_url},
            }
            if message.url:
                body["links"] = [{"href": message.url, "text": message.incident_id or "warroom"}]
        result, _response = post(
            self.client, str(destination.config.get("url") or self.url), json=body
        )
        return result


class Opsgenie:
    def __init__(self, client: httpx.Client, *, url: str) -> None:
        self.client, self.url = client, url.rstrip("/")

    def send(self, message: Message, destination: Destination) -> SendResult:
        key = str(destination.config.get("api_key") or destination.address)
        base = str(destination.config.get("url") or self.url).rstrip("/")
        headers = {"Authorization": f"GenieKey {key}"}
        alias = message.incident_id or message.key
        if message.purpose == "resolved":
            result, _response = post(
                self.client,
                f"{base}/{alias}/close",
                params={"identifierType": "alias"},
                json={"source": "warroom"},
                headers=headers,
            )
            return result
        body = {
            "message": message.subject[:130],
            "alias": alias,
            "description": message.text[:15000],
            "priority": message.severity if message.severity in NTFY_PRIORITY else "P3",
            "source": "warroom",
            "details": {"url": message.url or "", "ack_url": message.ack_url or ""},
        }
        result, _response = post(self.client, base, json=body, headers=headers)
        return result
