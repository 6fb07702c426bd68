"""Severity from alert labels through a configurable mapping (e.g. severity=critical -> P1).

Pure: the integration stores its mapping, ingestion asks `group_severity`. A group takes
the most severe level among its firing alerts, so one critical alert makes it P1.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from warroom.alerts.sources.base import NormalizedAlert
from warroom.errors import InvalidInput

LEVELS = ("P1", "P2", "P3", "P4")
DEFAULT_TABLE: dict[str, str] = {
    "critical": "P1",
    "page": "P1",
    "emergency": "P1",
    "error": "P2",
    "major": "P2",
    "high": "P2",
    "warning": "P3",
    "warn": "P3",
    "minor": "P3",
    "medium": "P3",
    "info": "P4",
    "low": "P4",
    "none": "P4",
}
_DIRECT = re.compile(r"^(?:P|SEV)([1-4])$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class SeverityMapping:
    """Which labels to read (first present wins), what their values mean, and the fallback."""

    labels: tuple[str, ...] = ("severity", "priority")
    table: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_TABLE))
    default: str = "P3"

    def __post_init__(self) -> None:
        bad = sorted({*self.table.values(), self.default} - set(LEVELS))
        if bad:
            raise InvalidInput(
                f"unknown severity level(s) {', '.join(bad)} in the alert severity mapping",
                hint=f"Map label values to one of {', '.join(LEVELS)}.",
            )

    @classmethod
    def from_config(cls, config: Mapping[str, Any] | None) -> SeverityMapping:
        if not config:
            return cls()
        table = {str(k).lower(): str(v).upper() for k, v in config.get("table", {}).items()}
        return cls(
            labels=tuple(config.get("labels", ("severity", "priority"))),
            table=DEFAULT_TABLE | table if config.get("extend", True) else table,
            default=str(config.get("default", "P3")).upper(),
        )


DEFAULT_MAPPING = SeverityMapping()


def severity_for(labels: Mapping[str, str], mapping: SeverityMapping = DEFAULT_MAPPING) -> str:
    """Return the level for one label set: the first mapped label, P1..P4 verbatim, or default."""
    for name in mapping.labels:
        value = labels.get(name)
        if value is None:
            continue
        word = value.strip().lower()
        if word in mapping.table:
            return mapping.table[word]
        direct = _DIRECT.match(word)
        if direct:
            return f"P{direct.group(1)}"
    return mapping.default


def most_severe(levels: Iterable[str]) -> str | None:
    ranked = sorted(levels, key=LEVELS.index)
    return ranked[0] if ranked else None


def group_severity(
    alerts: Iterable[NormalizedAlert],
    group_labels: Mapping[str, str] | None = None,
    mapping: SeverityMapping = DEFAULT_MAPPING,
) -> str:
    """Return the most severe level among firing alerts (all alerts if none fires)."""
    alerts = list(alerts)
    firing = [a for a in alerts if a.status == "firing"] or alerts
    levels = [severity_for(a.labels, mapping) for a in firing]
    if not levels and group_labels:
        levels = [severity_for(group_labels, mapping)]
    return most_severe(levels) or mapping.default
