"""Supporting information for a draft, read from the evidence events on the timeline.

`warroom logs analyze --record` and `warroom metrics analyze --record` leave their
findings as evidence events (see `warroom.evidence.findings`); preserved files leave
their hash. The draft turns them into the metric snapshot table, the technical appendix
and the links list, so nothing there is typed by hand or invented.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from warroom.i18n import N_
from warroom.postmortems.document import MetricRow
from warroom.timeline.models import TimelineEvent

_ROWS = (
    (N_("error rate"), "error_rate", "%"),
    (N_("average latency"), "avg_ms", "ms"),
    (N_("p95 latency"), "p95_ms", "ms"),
    (N_("p99 latency"), "p99_ms", "ms"),
    (N_("memory"), "memory", "%"),
)
Gettext = Callable[[str], str]


def supporting_information(events: Sequence[TimelineEvent], _: Gettext) -> dict[str, Any]:
    """Return the document fields the evidence on the timeline can fill."""
    current = _current(events)
    fields: dict[str, Any] = {}
    metrics = [e for e in current if e.data.get("finding") == "metrics"]
    if metrics:
        fields["metrics"] = metric_rows(metrics[-1].data, _)
    technical = [
        _patterns_text(e.data, _) for e in current if e.data.get("finding") == "log_patterns"
    ]
    if technical:
        fields["appendix_technical"] = "\n\n".join(technical)
    links = [_file_link(e.data) for e in current if "sha256" in e.data and "file" in e.data]
    if links:
        fields["links"] = links
    return fields


def _current(events: Sequence[TimelineEvent]) -> list[TimelineEvent]:
    superseded = {e.supersedes_id for e in events if e.supersedes_id is not None}
    return [e for e in events if e.kind == "evidence" and e.id not in superseded]


def metric_rows(data: dict[str, Any], _: Gettext) -> list[MetricRow]:
    windows = data.get("windows", {})
    return [
        MetricRow(
            metric=label,
            **{
                name: _figure(windows.get(name, {}).get(key), unit)
                for name in ("before", "during", "after")
            },
        )
        for label, key, unit in _ROWS
        if any(windows.get(name, {}).get(key) is not None for name in windows)
    ]


def _figure(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    return f"{value:,.2f} %" if unit == "%" else f"{value:,.0f} ms"


def _patterns_text(data: dict[str, Any], _: Gettext) -> str:
    heading = _("Top log patterns in {source} ({lines} lines):")
    lines = [heading.format(source=data.get("source"), lines=data.get("lines", 0)), ""]
    for pattern in data.get("patterns", []):
        share = pattern.get("share")
        percent = f" ({share * 100:.1f} %)" if isinstance(share, int | float) else ""
        item = _("{count} lines{percent}, first seen {first}").format(
            count=pattern.get("count"), percent=percent, first=pattern.get("first_seen") or "-"
        )
        lines.append(f"- `{pattern.get('template')}`: {item}")
    return "\n".join(lines)


def _file_link(data: dict[str, Any]) -> str:
    return f"{data['file']} (sha256 {data['sha256']})"
