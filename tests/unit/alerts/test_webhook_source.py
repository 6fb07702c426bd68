from __future__ import annotations

from typing import Any

import pytest

from warroom.alerts.sources import webhook
from warroom.alerts.sources.base import PayloadError, group_key_hash
from warroom.alerts.sources.webhook import WebhookMapping, lookup


def test_default_schema_single_alert() -> None:
    group = webhook.parse(
        {"group": "checkout/latency", "title": "p99 high", "labels": {"severity": "warning"}}
    )
    assert (group.key, group.external_key) == (
        group_key_hash("checkout/latency"),
        "checkout/latency",
    )
    assert group.title == "p99 high"
    [alert] = group.alerts
    assert (alert.status, alert.labels) == ("firing", {"severity": "warning"})


def test_default_schema_with_alerts_inherits_group_labels() -> None:
    group = webhook.parse(
        {
            "group": "g",
            "labels": {"service": "api"},
            "alerts": [
                {"id": "a", "status": "ok", "labels": {"pod": "1"}},
                {"id": "b", "starts_at": "2026-11-22T05:00:00+09:00"},
            ],
        }
    )
    assert [(a.fingerprint, a.status) for a in group.alerts] == [("a", "resolved"), ("b", "firing")]
    assert group.alerts[0].labels == {"service": "api", "pod": "1"}
    assert group.alerts[1].starts_at is not None
    assert group.alerts[1].starts_at.hour == 20


def test_alerts_without_id_get_a_label_fingerprint() -> None:
    one = webhook.parse({"group": "g", "labels": {"a": "1"}})
    two = webhook.parse({"group": "g", "labels": {"a": "1"}})
    assert one.alerts[0].fingerprint == two.alerts[0].fingerprint


def test_a_mapping_reads_another_tools_json() -> None:
    mapping = WebhookMapping.from_config(
        {
            "group": "rule.id",
            "title": "rule.name",
            "status": "state",
            "severity": "rule.priority",
            "labels": "tags",
            "alerts": "",
            "alert_id": "eval.series",
            "resolved_values": ["OK"],
            "firing_values": ["ALERTING"],
        }
    )
    body = {
        "rule": {"id": 42, "name": "Error rate", "priority": "high"},
        "state": "alerting",
        "tags": {"team": "payments"},
        "eval": {"series": "http_errors"},
    }
    group = webhook.parse(body, mapping)
    assert (group.external_key, group.title) == ("42", "Error rate")
    [alert] = group.alerts
    assert (alert.fingerprint, alert.status) == ("http_errors", "firing")
    assert alert.labels == {"team": "payments", "severity": "high"}
    assert webhook.parse(body | {"state": "ok"}, mapping).all_resolved


@pytest.mark.parametrize(
    ("path", "expected"),
    [("a.b", 1), ("a.c.1", "y"), ("a.missing", None), ("a.c.9", None), ("", None), ("a.b.c", None)],
)
def test_lookup(path: str, expected: Any) -> None:
    assert lookup({"a": {"b": 1, "c": ["x", "y"]}}, path) == expected


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ({}, "'group' (the group key) is missing or blank"),
        ({"group": "g", "status": "maybe"}, "'status' value 'maybe' is neither firing"),
        ({"group": "g", "alerts": []}, "'alerts' must be a non-empty list when present"),
        ({"group": "g", "alerts": [1]}, "alerts[0] must be an object"),
        ({"group": "g", "labels": {"a": 1}}, "labels values must be strings"),
        ({"group": "g", "starts_at": "soon"}, "starts_at is not an RFC 3339 time"),
    ],
)
def test_invalid_bodies(body: Any, error: str) -> None:
    with pytest.raises(PayloadError) as caught:
        webhook.parse(body)
    assert any(error in e for e in caught.value.errors), caught.value.errors


def test_unknown_mapping_fields_are_named() -> None:
    with pytest.raises(PayloadError, match="unknown mapping field 'grop'"):
        WebhookMapping.from_config({"grop": "x"})


def test_overlong_alert_ids_are_refused() -> None:
    with pytest.raises(PayloadError, match="longer than 255"):
        webhook.parse({"group": "g", "id": "x" * 256})
