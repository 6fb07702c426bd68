from __future__ import annotations

from typing import Any

import pytest

from tests.support.alert_payloads import pd_event
from warroom.alerts.sources import pagerduty
from warroom.alerts.sources.base import PayloadError, group_key_hash


def _parse(body: Any) -> Any:
    return pagerduty.parse(body, new_dedup_key=lambda: "generated")


@pytest.mark.parametrize(
    ("action", "group_action", "statuses"),
    [
        ("trigger", "update", ["firing"]),
        ("acknowledge", "acknowledge", []),
        ("resolve", "resolve", ["resolved"]),
    ],
)
def test_actions(action: str, group_action: str, statuses: list[str]) -> None:
    group = _parse(pd_event(action))
    assert (group.key, group.action) == ("k-1", group_action)
    assert [a.status for a in group.alerts] == statuses


def test_trigger_carries_summary_labels_and_details() -> None:
    group = _parse(pd_event(component="postgres", custom_details={"free": "2%"}))
    assert group.title == "Disk almost full on db-1"
    assert group.labels == {"source": "db-1", "severity": "error", "component": "postgres"}
    assert group.annotations["custom_details"] == '{"free": "2%"}'


def test_a_trigger_without_dedup_key_gets_one() -> None:
    assert _parse(pd_event(dedup_key=None)).key == "generated"


def test_alertmanager_dedup_key_lands_on_the_webhook_group() -> None:
    group_key = '{}/{}:{alertname="DiskFull"}'
    group = _parse(pd_event(dedup_key=group_key_hash(group_key)))
    assert group.key == group_key_hash(group_key)


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ({"event_action": ""}, "'event_action' is missing or blank"),
        ({"event_action": "snooze"}, "'event_action' must be one of trigger, acknowledge, resolve"),
        (pd_event("resolve", dedup_key=None), "'dedup_key' is required for resolve events"),
        (pd_event("acknowledge", dedup_key=None), "'dedup_key' is required for acknowledge"),
        (pd_event(dedup_key="k" * 256), "'dedup_key' must be at most 255 characters"),
        (pd_event(summary=""), "'payload.summary' is missing or blank"),
        (pd_event(summary="s" * 1025), "'payload.summary' must be at most 1024 characters"),
        (pd_event(source=None), "'payload.source' is missing or blank"),
        (pd_event(severity="fatal"), "'payload.severity' must be one of critical, error"),
        (pd_event(timestamp="noon"), "'payload.timestamp' is not an RFC 3339 time"),
        ({"event_action": "trigger"}, "'payload' is missing or not an object"),
        ("not an object", "the body must be a JSON object"),
    ],
)
def test_invalid_events_list_their_errors(body: Any, error: str) -> None:
    with pytest.raises(PayloadError) as caught:
        _parse(body)
    assert any(error in e for e in caught.value.errors), caught.value.errors
