"""Builders for the alert wire formats the suite sends (Alertmanager v4, PagerDuty v2, webhook)."""

from __future__ import annotations

from typing import Any

from warroom.alerts.sources.alertmanager import format_fingerprint, label_fingerprint


def am_alert(
    name: str = "HighLatency",
    status: str = "firing",
    *,
    instance: str = "web-1",
    severity: str = "critical",
    starts_at: str = "2026-11-22T05:00:00.123456789Z",
    ends_at: str = "0001-01-01T00:00:00Z",
    fingerprint: bool = True,
) -> dict[str, Any]:
    labels = {"alertname": name, "instance": instance, "severity": severity}
    alert: dict[str, Any] = {
        "status": status,
        "labels": labels,
        "annotations": {"summary": f"{name} on {instance}"},
        "startsAt": starts_at,
        "endsAt": ends_at,
        "generatorURL": "http://prometheus:9090/graph",
    }
    if fingerprint:
        alert["fingerprint"] = format_fingerprint(label_fingerprint(labels))
    return alert


def am_payload(
    *alerts: dict[str, Any], group_key: str = '{}:{alertname="HighLatency"}'
) -> dict[str, Any]:
    alerts = alerts or (am_alert(),)
    firing = any(a["status"] == "firing" for a in alerts)
    return {
        "version": "4",
        "groupKey": group_key,
        "truncatedAlerts": 0,
        "status": "firing" if firing else "resolved",
        "receiver": "warroom",
        "groupLabels": {"alertname": alerts[0]["labels"]["alertname"]},
        "commonLabels": {"alertname": alerts[0]["labels"]["alertname"]},
        "commonAnnotations": {},
        "externalURL": "http://alertmanager:9093",
        "alerts": list(alerts),
    }


def pd_event(
    action: str = "trigger", dedup_key: str | None = "k-1", **payload: Any
) -> dict[str, Any]:
    event: dict[str, Any] = {"routing_key": "x" * 32, "event_action": action}
    if dedup_key is not None:
        event["dedup_key"] = dedup_key
    if action == "trigger":
        event["payload"] = {
            "summary": "Disk almost full on db-1",
            "source": "db-1",
            "severity": "error",
        } | payload
    return event
