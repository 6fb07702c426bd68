"""Prometheus Alertmanager webhook payloads (version 4) into a `NormalizedGroup`.

Each delivery carries the whole current group: `groupKey` names the group, each
alert's `fingerprint` names it within the group, and the payload `status` is
"resolved" only when every alert is. Alertmanager repeats deliveries (repeat_interval,
retries), so everything here is idempotent input for `alerts.actions`.
"""

from __future__ import annotations

from typing import Any

from warroom.alerts.sources.base import (
    NormalizedAlert,
    NormalizedGroup,
    PayloadError,
    group_key_hash,
    optional_str,
    parse_time,
    require_object,
    string_map,
)

SOURCE = "alertmanager"
STATUSES = ("firing", "resolved")
MAX_FINGERPRINT = 255

# Prometheus `model.LabelSet.Fingerprint()`: FNV-1a 64 over the sorted label names,
# each name and value followed by the 0xff separator byte.
FNV_OFFSET_64 = 14695981039346656037
FNV_PRIME_64 = 1099511628211
SEPARATOR_BYTE = 0xFF
_MASK_64 = (1 << 64) - 1


def label_fingerprint(labels: dict[str, str]) -> int:
    """Compute Prometheus' label-set fingerprint (the hash Alertmanager reports)."""
    digest = FNV_OFFSET_64
    for name in sorted(labels):
        for chunk in (name.encode(), labels[name].encode()):
            for byte in chunk:
                digest = ((digest ^ byte) * FNV_PRIME_64) & _MASK_64
            digest = ((digest ^ SEPARATOR_BYTE) * FNV_PRIME_64) & _MASK_64
    return digest


def format_fingerprint(value: int) -> str:
    """Format like Go's `Fingerprint.String()`: 16 lower-case hex digits."""
    return f"{value:016x}"


def parse(body: Any) -> NormalizedGroup:
    """Validate a v4 webhook body; raise PayloadError listing every problem found."""
    data = require_object(body, SOURCE)
    errors: list[str] = []
    if str(data.get("version", "")) != "4":
        errors.append(f'version must be "4" (got {data.get("version")!r})')
    group_key = data.get("groupKey")
    if not isinstance(group_key, str) or not group_key:
        errors.append("groupKey is missing or blank")
        group_key = ""
    status = data.get("status")
    if status not in STATUSES:
        errors.append(f"status must be firing or resolved (got {status!r})")
    raw_alerts = data.get("alerts")
    if not isinstance(raw_alerts, list) or not raw_alerts:
        errors.append("alerts must be a non-empty list")
        raw_alerts = []
    alerts = [_alert(raw, f"alerts[{i}]", errors) for i, raw in enumerate(raw_alerts)]
    common_labels = string_map(data.get("commonLabels"), "commonLabels", errors)
    common_annotations = string_map(data.get("commonAnnotations"), "commonAnnotations", errors)
    group_labels = string_map(data.get("groupLabels"), "groupLabels", errors)
    external_url = optional_str(data.get("externalURL"), "externalURL", errors)
    if not errors:
        _check_consistent(status, alerts, errors)
    if errors:
        raise PayloadError(errors, source=SOURCE)
    return NormalizedGroup(
        source=SOURCE,
        key=group_key_hash(group_key),
        external_key=group_key,
        title=_title(group_labels | common_labels, common_annotations, group_key),
        alerts=tuple(a for a in alerts if a is not None),
        labels=common_labels or group_labels,
        annotations=common_annotations,
        url=external_url,
    )


def _alert(raw: Any, where: str, errors: list[str]) -> NormalizedAlert | None:
    if not isinstance(raw, dict):
        errors.append(f"{where} must be an object")
        return None
    before = len(errors)
    status = raw.get("status")
    if status not in STATUSES:
        errors.append(f"{where}.status must be firing or resolved (got {status!r})")
    labels = string_map(raw.get("labels"), f"{where}.labels", errors)
    if not labels and len(errors) == before:
        errors.append(f"{where}.labels must not be empty")
    annotations = string_map(raw.get("annotations"), f"{where}.annotations", errors)
    starts_at = parse_time(raw.get("startsAt"), f"{where}.startsAt", errors)
    ends_at = parse_time(raw.get("endsAt"), f"{where}.endsAt", errors)
    url = optional_str(raw.get("generatorURL"), f"{where}.generatorURL", errors, limit=4096)
    fingerprint = raw.get("fingerprint")
    if fingerprint is not None and (
        not isinstance(fingerprint, str) or not 0 < len(fingerprint) <= MAX_FINGERPRINT
    ):
        errors.append(
            f"{where}.fingerprint must be a non-empty string of at most "
            f"{MAX_FINGERPRINT} characters when present"
        )
    if len(errors) > before:
        return None
    return NormalizedAlert(
        fingerprint=fingerprint or format_fingerprint(label_fingerprint(labels)),
        status="firing" if status == "firing" else "resolved",
        labels=labels,
        annotations=annotations,
        starts_at=starts_at,
        ends_at=ends_at,
        url=url,
    )


def _check_consistent(status: Any, alerts: list[NormalizedAlert | None], errors: list[str]) -> None:
    firing = [a.fingerprint for a in alerts if a is not None and a.status == "firing"]
    if status == "resolved" and firing:
        errors.append(f"status is resolved but alert {firing[0]} is firing")
    if status == "firing" and not firing:
        errors.append("status is firing but every alert is resolved")
    seen: set[str] = set()
    for alert in alerts:
        if alert is not None and alert.fingerprint in seen:
            errors.append(f"alert fingerprint {alert.fingerprint} appears twice")
        if alert is not None:
            seen.add(alert.fingerprint)


def _title(labels: dict[str, str], annotations: dict[str, str], group_key: str) -> str:
    name = labels.get("alertname", "")
    summary = annotations.get("summary") or annotations.get("description", "")
    scope = ", ".join(f"{k}={v}" for k, v in sorted(labels.items()) if k != "alertname")
    if name and summary:
        return f"{name}: {summary}"[:200]
    if name:
        return (f"{name} ({scope})" if scope else name)[:200]
    return (summary or f"Alert group {group_key}")[:200]
