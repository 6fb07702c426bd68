from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.support.alert_payloads import am_alert, am_payload
from warroom.alerts.sources import alertmanager
from warroom.alerts.sources.base import PayloadError


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        # Prometheus common/model signature tests: the empty set is the FNV offset basis.
        ({}, 14695981039346656037),
        ({"name": "garland, briggs", "fear": "love is not enough"}, 5799056148416392346),
    ],
)
def test_fingerprint_matches_prometheus(labels: dict[str, str], expected: int) -> None:
    assert alertmanager.label_fingerprint(labels) == expected


def test_fingerprint_is_independent_of_label_order_and_hex_formatted() -> None:
    a = alertmanager.label_fingerprint({"a": "1", "b": "2"})
    assert a == alertmanager.label_fingerprint({"b": "2", "a": "1"})
    assert alertmanager.format_fingerprint(5799056148416392346) == "507a62d79ee76c9a"
    assert alertmanager.format_fingerprint(1) == "0000000000000001"


def test_a_valid_payload_normalises() -> None:
    body = am_payload(am_alert(instance="web-1"), am_alert(instance="web-2", status="resolved"))
    group = alertmanager.parse(body)
    assert group.source == "alertmanager"
    assert group.external_key == '{}:{alertname="HighLatency"}'
    assert group.key == hashlib.sha256(group.external_key.encode()).hexdigest()
    assert [a.status for a in group.alerts] == ["firing", "resolved"]
    first = group.alerts[0]
    assert first.starts_at == datetime(2026, 11, 22, 5, 0, 0, 123456, tzinfo=UTC)
    assert first.ends_at is None  # Go's zero time
    assert group.title == "HighLatency"
    assert not group.all_resolved


def test_missing_fingerprint_is_recomputed() -> None:
    with_fp = alertmanager.parse(am_payload(am_alert()))
    without = alertmanager.parse(am_payload(am_alert(fingerprint=False)))
    assert with_fp.alerts[0].fingerprint == without.alerts[0].fingerprint


def _broken(**changes: Any) -> dict[str, Any]:
    body = am_payload()
    for key, value in changes.items():
        if key.startswith("alert_"):
            body["alerts"][0][key[6:]] = value
        else:
            body[key] = value
    return body


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ([], "the body must be a JSON object"),
        (_broken(version="3"), 'version must be "4"'),
        (_broken(groupKey=""), "groupKey is missing or blank"),
        (_broken(status="pending"), "status must be firing or resolved"),
        (_broken(alerts=[]), "alerts must be a non-empty list"),
        (_broken(alerts=["x"]), "alerts[0] must be an object"),
        (_broken(alert_status="bad"), "alerts[0].status must be firing or resolved"),
        (_broken(alert_labels={}), "alerts[0].labels must not be empty"),
        (_broken(alert_labels={"a": 1}), "alerts[0].labels values must be strings"),
        (_broken(alert_startsAt="yesterday"), "alerts[0].startsAt is not an RFC 3339 time"),
        (_broken(alert_startsAt="2026-11-22T05:00:00"), "has no time zone offset"),
        (_broken(alert_fingerprint=""), "alerts[0].fingerprint must be a non-empty string"),
        (_broken(status="resolved"), "status is resolved but alert"),
        (_broken(commonLabels=[]), "commonLabels must be an object of strings"),
    ],
)
def test_malformed_payloads_are_refused_with_the_reason(body: Any, message: str) -> None:
    with pytest.raises(PayloadError) as caught:
        alertmanager.parse(body)
    assert any(message in error for error in caught.value.errors), caught.value.errors
    assert caught.value.http_status == 400


def test_every_problem_is_listed() -> None:
    with pytest.raises(PayloadError) as caught:
        alertmanager.parse({"version": "4"})
    assert len(caught.value.errors) == 3
    assert "(+" not in caught.value.message


def test_duplicate_fingerprints_are_refused() -> None:
    with pytest.raises(PayloadError, match="appears twice"):
        alertmanager.parse(am_payload(am_alert(), am_alert()))
