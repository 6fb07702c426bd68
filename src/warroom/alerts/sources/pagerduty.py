"""PagerDuty Events API v2 (`/v2/enqueue`) events into a `NormalizedGroup`.

A `dedup_key` names the group. Alertmanager's PagerDuty notifier sends
`dedup_key = sha256(groupKey)`, the same key the webhook path derives, so one
Alertmanager with both receivers feeds one group. Validation mirrors PagerDuty's:
every problem is listed, for the `{"status": "invalid event", "errors": [...]}` body.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from warroom.alerts.sources.base import (
    AlertStatus,
    NormalizedAlert,
    NormalizedGroup,
    PayloadError,
    optional_str,
    parse_time,
    require_object,
)

SOURCE = "pagerduty"
ACTIONS = ("trigger", "acknowledge", "resolve")
SEVERITIES = ("critical", "error", "warning", "info")
MAX_DEDUP_KEY = 255
MAX_SUMMARY = 1024
EVENT_FINGERPRINT = "pagerduty-event"
_PAYLOAD_LABELS = ("source", "severity", "component", "group", "class")


def parse(body: Any, *, new_dedup_key: Callable[[], str]) -> NormalizedGroup:
    """Validate one Events v2 event; a trigger without `dedup_key` gets `new_dedup_key()`."""
    data = require_object(body, SOURCE)
    errors: list[str] = []
    action = data.get("event_action")
    if not isinstance(action, str) or not action.strip():
        errors.append("'event_action' is missing or blank")
    elif action not in ACTIONS:
        errors.append("'event_action' must be one of trigger, acknowledge, resolve")
    dedup_key = data.get("dedup_key")
    if dedup_key is not None and (not isinstance(dedup_key, str) or not dedup_key.strip()):
        errors.append("'dedup_key' must be a non-blank string")
        dedup_key = None
    elif isinstance(dedup_key, str) and len(dedup_key) > MAX_DEDUP_KEY:
        errors.append(f"'dedup_key' must be at most {MAX_DEDUP_KEY} characters")
    if action in ("acknowledge", "resolve") and dedup_key is None and not errors:
        errors.append(f"'dedup_key' is required for {action} events")
    labels: dict[str, str] = {}
    annotations: dict[str, str] = {}
    if action == "trigger":
        labels, annotations = _trigger_payload(data.get("payload"), errors)
    url = optional_str(data.get("client_url"), "'client_url'", errors, limit=4096)
    if errors:
        raise PayloadError(errors, source=SOURCE)
    key = dedup_key or new_dedup_key()
    return NormalizedGroup(
        source=SOURCE,
        key=key,
        external_key=key,
        title=annotations.get("summary", "")[:200] or f"PagerDuty event {key[:12]}",
        alerts=_alerts(str(action), labels, annotations, data),
        labels=labels,
        annotations=annotations,
        action=_ACTION[action],
        url=url,
    )


_ACTION: dict[Any, Any] = {"trigger": "update", "acknowledge": "acknowledge", "resolve": "resolve"}


def _trigger_payload(payload: Any, errors: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    if not isinstance(payload, dict):
        errors.append("'payload' is missing or not an object")
        return {}, {}
    summary = payload.get("summary")
    if not isinstance(summary, str) or not summary.strip():
        errors.append("'payload.summary' is missing or blank")
    elif len(summary) > MAX_SUMMARY:
        errors.append(f"'payload.summary' must be at most {MAX_SUMMARY} characters")
    source = payload.get("source")
    if not isinstance(source, str) or not source.strip():
        errors.append("'payload.source' is missing or blank")
    severity = payload.get("severity")
    if severity not in SEVERITIES:
        errors.append("'payload.severity' must be one of critical, error, warning, info")
    parse_time(payload.get("timestamp"), "'payload.timestamp'", errors)
    labels = {
        name: str(payload[name])
        for name in _PAYLOAD_LABELS
        if isinstance(payload.get(name), str | int | float) and payload.get(name) != ""
    }
    annotations = {"summary": summary} if isinstance(summary, str) else {}
    details = payload.get("custom_details")
    if details is not None:
        annotations["custom_details"] = json.dumps(details, ensure_ascii=False, sort_keys=True)
    return labels, annotations


def _alerts(
    action: str, labels: dict[str, str], annotations: dict[str, str], data: dict[str, Any]
) -> tuple[NormalizedAlert, ...]:
    if action == "acknowledge":
        return ()
    status: AlertStatus = "firing" if action == "trigger" else "resolved"
    starts_at = None
    payload = data.get("payload")
    if isinstance(payload, dict):
        starts_at = parse_time(payload.get("timestamp"), "timestamp", [])
    return (
        NormalizedAlert(
            fingerprint=EVENT_FINGERPRINT,
            status=status,
            labels=labels,
            annotations=annotations,
            starts_at=starts_at,
        ),
    )
