"""The generic JSON webhook: a documented default schema, or any JSON through a field mapping.

Default body (docs/alerts.md has the full schema)::

    {"group": "checkout/latency", "status": "firing", "title": "p99 above 2 s",
     "labels": {"severity": "critical"}, "annotations": {}, "url": "",
     "alerts": [{"id": "pod-1", "status": "firing", "labels": {}, "starts_at": "…"}]}

Without `alerts`, the body itself is the one alert. A mapping (stored per integration)
names where each field lives in another tool's JSON with dot paths (`data.rule.name`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from typing import Any

from warroom.alerts.sources.alertmanager import format_fingerprint, label_fingerprint
from warroom.alerts.sources.base import (
    NormalizedAlert,
    NormalizedGroup,
    PayloadError,
    group_key_hash,
    parse_time,
    require_object,
    string_map,
)

SOURCE = "webhook"
MAX_ID = 255  # alert ids are stored as fingerprints (String(255))
RESOLVED_WORDS = ("resolved", "ok", "closed", "recovered", "normal", "inactive")
FIRING_WORDS = ("firing", "alerting", "triggered", "problem", "active", "critical", "open")


@dataclass(frozen=True, slots=True)
class WebhookMapping:
    """Where each field lives in the incoming JSON (dot paths; "" means absent)."""

    group: str = "group"
    status: str = "status"
    title: str = "title"
    labels: str = "labels"
    annotations: str = "annotations"
    url: str = "url"
    severity: str = ""  # copied into labels["severity"] when set
    alerts: str = "alerts"
    alert_id: str = "id"
    alert_status: str = "status"
    alert_labels: str = "labels"
    alert_annotations: str = "annotations"
    alert_starts_at: str = "starts_at"
    alert_ends_at: str = "ends_at"
    resolved_values: tuple[str, ...] = RESOLVED_WORDS
    firing_values: tuple[str, ...] = FIRING_WORDS

    @classmethod
    def from_config(cls, config: dict[str, Any] | None) -> WebhookMapping:
        """Build from an integration's stored mapping; unknown keys are refused by name."""
        config = dict(config or {})
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(config) - known)
        if unknown:
            raise PayloadError(
                [f"unknown mapping field {name!r}" for name in unknown], source="mapping"
            )
        for name in ("resolved_values", "firing_values"):
            if name in config:
                config[name] = tuple(str(v).lower() for v in config[name])
        return cls(**config)

    def as_config(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


DEFAULT_MAPPING = WebhookMapping()


def lookup(data: Any, path: str) -> Any:
    """Follow a dot path through objects (and list indices); None when any step is missing."""
    if not path:
        return None
    current = data
    for step in path.split("."):
        if isinstance(current, dict):
            current = current.get(step)
        elif isinstance(current, list) and step.isdigit() and int(step) < len(current):
            current = current[int(step)]
        else:
            return None
    return current


def parse(body: Any, mapping: WebhookMapping = DEFAULT_MAPPING) -> NormalizedGroup:
    """Map and validate one delivery; raise PayloadError listing every problem."""
    data = require_object(body, SOURCE)
    errors: list[str] = []
    group = lookup(data, mapping.group)
    if isinstance(group, int | float) and not isinstance(group, bool):
        group = str(group)
    if not isinstance(group, str) or not group.strip():
        errors.append(f"{mapping.group!r} (the group key) is missing or blank")
        group = ""
    labels = string_map(lookup(data, mapping.labels), mapping.labels, errors)
    severity = lookup(data, mapping.severity)
    if isinstance(severity, str) and severity:
        labels = labels | {"severity": severity}
    annotations = string_map(lookup(data, mapping.annotations), mapping.annotations, errors)
    default_status = _status(lookup(data, mapping.status), mapping, mapping.status, errors)
    raw_alerts = lookup(data, mapping.alerts)
    if raw_alerts is None:
        alerts = [
            _single(
                data,
                group,
                labels=labels,
                annotations=annotations,
                status=default_status,
                mapping=mapping,
                errors=errors,
            )
        ]
    elif isinstance(raw_alerts, list) and raw_alerts:
        alerts = [
            _alert(
                raw,
                f"{mapping.alerts}[{i}]",
                group_labels=labels,
                default_status=default_status,
                mapping=mapping,
                errors=errors,
            )
            for i, raw in enumerate(raw_alerts)
        ]
    else:
        errors.append(f"{mapping.alerts!r} must be a non-empty list when present")
        alerts = []
    title = lookup(data, mapping.title)
    if errors:
        raise PayloadError(errors, source=SOURCE)
    return NormalizedGroup(
        source=SOURCE,
        key=group_key_hash(group),
        external_key=group,
        title=(title if isinstance(title, str) and title else group)[:200],
        alerts=tuple(a for a in alerts if a is not None),
        labels=labels,
        annotations=annotations,
        url=str(lookup(data, mapping.url) or ""),
    )


def _status(value: Any, mapping: WebhookMapping, where: str, errors: list[str]) -> Any:
    if value is None:
        return "firing"
    word = str(value).strip().lower()
    if word in mapping.resolved_values:
        return "resolved"
    if word in mapping.firing_values:
        return "firing"
    errors.append(
        f"{where!r} value {value!r} is neither firing ({', '.join(mapping.firing_values)}) "
        f"nor resolved ({', '.join(mapping.resolved_values)})"
    )
    return None


def _single(
    data: dict[str, Any],
    group: str,
    *,
    labels: dict[str, str],
    annotations: dict[str, str],
    status: Any,
    mapping: WebhookMapping,
    errors: list[str],
) -> NormalizedAlert | None:
    ident = lookup(data, mapping.alert_id)
    starts_at = parse_time(lookup(data, mapping.alert_starts_at), mapping.alert_starts_at, errors)
    ends_at = parse_time(lookup(data, mapping.alert_ends_at), mapping.alert_ends_at, errors)
    if status is None or errors:
        return None
    fingerprint = str(ident) if ident not in (None, "") else _fingerprint(labels, group)
    if len(fingerprint) > MAX_ID:
        errors.append(f"{mapping.alert_id!r} is longer than {MAX_ID} characters")
        return None
    return NormalizedAlert(fingerprint, status, labels, annotations, starts_at, ends_at)


def _alert(
    raw: Any,
    where: str,
    *,
    group_labels: dict[str, str],
    default_status: Any,
    mapping: WebhookMapping,
    errors: list[str],
) -> NormalizedAlert | None:
    if not isinstance(raw, dict):
        errors.append(f"{where} must be an object")
        return None
    before = len(errors)
    labels = group_labels | string_map(
        lookup(raw, mapping.alert_labels), f"{where}.{mapping.alert_labels}", errors
    )
    annotations = string_map(
        lookup(raw, mapping.alert_annotations), f"{where}.{mapping.alert_annotations}", errors
    )
    raw_status = lookup(raw, mapping.alert_status)
    status = (
        default_status
        if raw_status is None
        else _status(raw_status, mapping, f"{where}.{mapping.alert_status}", errors)
    )
    starts_at = parse_time(lookup(raw, mapping.alert_starts_at), f"{where}.starts_at", errors)
    ends_at = parse_time(lookup(raw, mapping.alert_ends_at), f"{where}.ends_at", errors)
    ident = lookup(raw, mapping.alert_id)
    if len(errors) > before or status is None:
        return None
    fingerprint = str(ident) if ident not in (None, "") else _fingerprint(labels, where)
    if len(fingerprint) > MAX_ID:
        errors.append(f"{where}.{mapping.alert_id} is longer than {MAX_ID} characters")
        return None
    return NormalizedAlert(fingerprint, status, labels, annotations, starts_at, ends_at)


def _fingerprint(labels: dict[str, str], fallback: str) -> str:
    if labels:
        return format_fingerprint(label_fingerprint(labels))
    return format_fingerprint(label_fingerprint({"group": json.dumps(fallback)}))
