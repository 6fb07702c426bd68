"""Metrics before, during and after an incident, against thresholds: did the rollback work?

Input is CSV (a timestamp column plus numeric columns, or one row per request with a
latency and an HTTP status) or Prometheus `query_range` JSON. Series are given roles
by name (error rate, latency, memory) unless the caller maps them explicitly.

Percentiles use the nearest-rank method: the p-th percentile of n sorted samples is the
sample at rank ceil(p/100 * n). It always returns an observed value, and is easy to
check by hand; with few samples it is coarser than interpolating methods.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from warroom.errors import InvalidInput
from warroom.evidence.analysis.timestamps import parse_timestamp

# Pre-aggregated series first: a `p95_latency_ms` column is not raw latency samples.
ROLES = (
    "latency_p95",
    "latency_p99",
    "latency_avg",
    "errors",
    "requests",
    "error_rate",
    "latency",
    "memory",
)
DEFAULT_THRESHOLDS = {"error_rate": 0.5, "p95": 200.0, "memory": 70.0}
THRESHOLD_UNITS = {"error_rate": "%", "avg": "ms", "p95": "ms", "p99": "ms", "memory": "%"}
TIME_COLUMNS = ("timestamp", "time", "ts", "datetime", "date", "@timestamp", "t")
STATUS_COLUMNS = ("status", "status_code", "http_status", "code")
_HINTS = {
    "error_rate": (
        "error_rate",
        "error_ratio",
        "errors_pct",
        "error_pct",
        "error_percent",
        "err_rate",
        "5xx",
    ),
    "latency": ("latency", "response_time", "duration", "elapsed", "rt_ms"),
    "errors": ("error_count", "errors_count", "errors_total", "failed_requests"),
    "requests": ("request_count", "requests_count", "requests_total"),
    "memory": ("memory", "mem_", "mem"),
}


@dataclass(frozen=True)
class Series:
    name: str
    points: list[tuple[datetime, float]]


@dataclass(frozen=True)
class Span:
    """A half-open window [start, end); a missing side is open."""

    start: datetime | None = None
    end: datetime | None = None

    def holds(self, at: datetime) -> bool:
        return (self.start is None or at >= self.start) and (self.end is None or at < self.end)


@dataclass(frozen=True)
class WindowStats:
    samples: int
    error_rate: float | None
    avg: float | None
    p95: float | None
    p99: float | None
    memory: float | None
    memory_max: float | None
    verdicts: dict[str, str] = field(default_factory=dict)

    def value(self, name: str) -> float | None:
        return {
            "error_rate": self.error_rate,
            "avg": self.avg,
            "p95": self.p95,
            "p99": self.p99,
            "memory": self.memory,
        }.get(name)


@dataclass(frozen=True)
class MetricsReport:
    windows: dict[str, Span]
    stats: dict[str, WindowStats]
    thresholds: dict[str, float]
    roles: dict[str, str]
    recovered: bool | None


def percentile(values: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile: the sample at rank ceil(q/100 * n) of the sorted values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _number(text: str) -> float | None:
    try:
        value = float(text.strip().rstrip("%"))
    except (ValueError, AttributeError):
        return None
    return value if math.isfinite(value) else None


def _time(text: str) -> datetime:
    value = _number(text)
    if value is not None and value >= 1e8:
        stamp: datetime | None = datetime.fromtimestamp(
            value / 1000 if value > 1e11 else value, UTC
        )
    else:
        stamp = parse_timestamp(text)
    if stamp is None:
        raise InvalidInput(
            f"cannot read '{text}' as a timestamp",
            hint="Use ISO 8601 (2025-10-22T14:00:00Z) or epoch seconds in the time column.",
        )
    return stamp


def read_csv(lines: Iterable[str]) -> list[Series]:
    """Read CSV with a header row: a time column and numeric columns (or per-request rows)."""
    reader = csv.DictReader(lines)
    if not reader.fieldnames:
        raise InvalidInput("the metrics CSV is empty", hint="Give a header row and data rows.")
    names = list(reader.fieldnames)
    lowered = {name.lower().strip(): name for name in names}
    time_column = next((lowered[c] for c in TIME_COLUMNS if c in lowered), names[0])
    status_column = next((lowered[c] for c in STATUS_COLUMNS if c in lowered), None)
    columns: dict[str, list[tuple[datetime, float]]] = {n: [] for n in names if n != time_column}
    for row in reader:
        at = _time(row.get(time_column) or "")
        for name, points in columns.items():
            value = _number(row.get(name) or "")
            if value is not None:
                points.append((at, value))
        if status_column and (status := _number(row.get(status_column) or "")) is not None:
            columns.setdefault("error_rate", []).append((at, 100.0 if status >= 500 else 0.0))
    if status_column:
        columns.pop(status_column, None)
    return [Series(name, sorted(points)) for name, points in columns.items() if points]


def read_prometheus(text: str) -> list[Series]:
    """Read a Prometheus HTTP API `query_range` (matrix) or instant (vector) response."""
    try:
        document = json.loads(text)
        result = document["data"]["result"]
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidInput(
            "not a Prometheus query_range response",
            hint="Save the JSON of /api/v1/query_range as is ({'data': {'result': [...]}}).",
        ) from exc
    series = []
    for item in result:
        values = item.get("values") or ([item["value"]] if "value" in item else [])
        points = [(_time(str(ts)), v) for ts, raw in values if (v := _number(str(raw))) is not None]
        series.append(Series(_series_name(item.get("metric", {})), sorted(points)))
    return series


def _series_name(labels: dict[str, Any]) -> str:
    name = str(labels.get("__name__", ""))
    rest = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()) if k != "__name__")
    return f"{name}{{{rest}}}" if rest else name or "series"


def read_metrics(text: str) -> list[Series]:
    """Read metrics text, telling Prometheus JSON from CSV by its first character."""
    if text.lstrip().startswith("{"):
        return read_prometheus(text)
    return read_csv(text.splitlines())


_LATENCY_STAT = {"latency_p95": ("p95",), "latency_p99": ("p99",), "latency_avg": ("avg", "mean")}


def _hinted(role: str, name: str) -> bool:
    lowered = name.lower().split("{")[0]
    if role in _LATENCY_STAT:
        return any(h in lowered for h in _HINTS["latency"]) and any(
            stat in lowered for stat in _LATENCY_STAT[role]
        )
    if role in ("errors", "requests") and lowered == role:
        return True
    return any(h in lowered for h in _HINTS[role])


def assign_roles(
    series: Sequence[Series], explicit: dict[str, str] | None = None
) -> dict[str, str]:
    """Map each role (error_rate, latency, memory) to a series name, by hint or by the caller."""
    roles = dict(explicit or {})
    names = [s.name for s in series]
    for role, name in roles.items():
        if role not in ROLES:
            raise InvalidInput(
                f"unknown metric role '{role}'", hint=f"Use one of {', '.join(ROLES)}."
            )
        if name not in names:
            raise InvalidInput(
                f"no series named '{name}'", hint=f"Series found: {', '.join(names)}."
            )
    for role in ROLES:
        if role not in roles:
            taken = set(roles.values())
            found = next((n for n in names if n not in taken and _hinted(role, n)), None)
            if found is not None:
                roles[role] = found
    return roles


def _scale(role: str, name: str) -> float:
    lowered = name.lower()
    if role in ("error_rate", "memory") and ("ratio" in lowered or "fraction" in lowered):
        return 100.0
    if role.startswith("latency") and lowered.split("{")[0].endswith(("_seconds", "_sec", "_s")):
        return 1000.0
    return 1.0


def _values(series: dict[str, Series], roles: dict[str, str], role: str, span: Span) -> list[float]:
    name = roles.get(role)
    if name is None:
        return []
    factor = _scale(role, name)
    return [value * factor for at, value in series[name].points if span.holds(at)]


def window_stats(
    series: Sequence[Series], roles: dict[str, str], span: Span, thresholds: dict[str, float]
) -> WindowStats:
    """Compute error rate, latency average/p95/p99 and memory in one window, with verdicts."""
    by_name = {s.name: s for s in series}
    values = {role: _values(by_name, roles, role, span) for role in ROLES}
    latency, memory = values["latency"], values["memory"]
    stats = WindowStats(
        max(len(v) for v in values.values()),
        _error_rate(values),
        mean(latency) if latency else mean(values["latency_avg"]),
        percentile(latency, 95) if latency else mean(values["latency_p95"]),
        percentile(latency, 99) if latency else mean(values["latency_p99"]),
        mean(memory),
        max(memory) if memory else None,
    )
    verdicts = {name: verdict(stats.value(name), limit) for name, limit in thresholds.items()}
    return WindowStats(**{**stats.__dict__, "verdicts": verdicts})


def _error_rate(values: dict[str, list[float]]) -> float | None:
    """Errors over requests when both counts are there, else the mean of the rate series."""
    requests = sum(values["requests"])
    if values["errors"] and requests:
        return 100.0 * sum(values["errors"]) / requests
    return mean(values["error_rate"])


def verdict(value: float | None, limit: float) -> str:
    """Say "pass" when the value is under its limit, "fail" when not, "no data" without one."""
    if value is None:
        return "no data"
    return "pass" if value < limit else "fail"


def incident_windows(
    incident_start: datetime,
    mitigated_at: datetime | None = None,
    resolved_at: datetime | None = None,
    baseline: timedelta = timedelta(hours=1),
) -> dict[str, Span]:
    """Before: `baseline` up to the start; during: start to recovery; after: from recovery on.

    Recovery is the mitigation (the rollback), or the resolve when nothing was mitigated:
    "after" is what answers "did the rollback work?".
    """
    recovered = mitigated_at or resolved_at
    windows = {"before": Span(incident_start - baseline, incident_start)}
    windows["during"] = Span(incident_start, recovered)
    if recovered is not None:
        windows["after"] = Span(recovered, None)
    return windows


def parse_span(text: str, read: Callable[[str], datetime] | None = None) -> Span:
    """Read START/END (either side may be empty) as a window; `read` reads each time.

    The CLI passes the reader every typed time goes through (no zone = the configured
    zone); the default reads ISO 8601 or epoch seconds, as in a metrics file.
    """
    start, sep, end = text.partition("/")
    if not sep:
        raise InvalidInput(
            f"window '{text}' has no '/'",
            hint="Write START/END, e.g. 14:00Z/14:30Z as full ISO times.",
        )
    parse = read or _time
    try:
        return Span(parse(start) if start else None, parse(end) if end else None)
    except InvalidInput as exc:
        raise InvalidInput(
            exc.message,
            hint="Write windows as ISO START/END, e.g. 2025-10-22T14:00Z/2025-10-22T14:30Z.",
        ) from exc


def analyze_metrics(
    series: Sequence[Series],
    windows: dict[str, Span],
    *,
    thresholds: dict[str, float] | None = None,
    roles: dict[str, str] | None = None,
) -> MetricsReport:
    """Compute each window's figures and verdicts; `recovered` answers "did it work?"."""
    limits = {**DEFAULT_THRESHOLDS, **(thresholds or {})}
    unknown = set(limits) - set(THRESHOLD_UNITS)
    if unknown:
        raise InvalidInput(
            f"unknown threshold '{sorted(unknown)[0]}'",
            hint=f"Use one of {', '.join(THRESHOLD_UNITS)}, e.g. --threshold p95=250.",
        )
    mapped = assign_roles(series, roles)
    stats = {name: window_stats(series, mapped, span, limits) for name, span in windows.items()}
    after = stats.get("after")
    recovered = None
    if after is not None and after.samples:
        outcomes = [v for v in after.verdicts.values() if v != "no data"]
        recovered = all(v == "pass" for v in outcomes) if outcomes else None
    return MetricsReport(dict(windows), stats, limits, mapped, recovered)
