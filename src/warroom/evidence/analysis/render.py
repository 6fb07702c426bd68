"""Turn reports into JSON-ready dicts and plain text, shared by the CLI and the web app."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from warroom.evidence.analysis.metrics import THRESHOLD_UNITS, MetricsReport, Span
from warroom.evidence.analysis.report import LogReport, PatternSummary

LOG_SCHEMA = "warroom.log-analysis/1"
METRICS_SCHEMA = "warroom.metrics-analysis/1"
_BARS = " ▁▂▃▄▅▆▇█"
PIVOT_LABELS = {"deploy": "deploy", "incident": "incident start", "diff": "diff point"}


def iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def _share(report: LogReport, pattern: PatternSummary, pivot: str, side: str) -> float | None:
    value = report.share(pattern, pivot, side)
    return round(value, 6) if value is not None else None


def pattern_dict(report: LogReport, pattern: PatternSummary) -> dict[str, Any]:
    return {
        "id": pattern.id,
        "template": pattern.template,
        "count": pattern.count,
        "share": round(pattern.count / report.lines, 6) if report.lines else None,
        "first_seen": iso(pattern.first_seen),
        "last_seen": iso(pattern.last_seen),
        "first_seen_offsets": _offsets(report, pattern),
        "levels": pattern.levels,
        "histogram": [{"start": iso(at), "count": count} for at, count in pattern.histogram],
        "windows": {
            pivot: {
                "before": {
                    "count": window.before,
                    "share": _share(report, pattern, pivot, "before"),
                },
                "after": {"count": window.after, "share": _share(report, pattern, pivot, "after")},
            }
            for pivot, window in pattern.windows.items()
        },
        "endpoints": [{"path": path, "count": count} for path, count in pattern.endpoints],
    }


def _offsets(report: LogReport, pattern: PatternSummary) -> dict[str, float]:
    """Seconds from each pivot to the pattern's first line (negative: it came before)."""
    if pattern.first_seen is None:
        return {}
    return {name: (pattern.first_seen - at).total_seconds() for name, at in report.pivots.items()}


def _relative(seconds: float) -> str:
    sign = "-" if seconds < 0 else "+"
    minutes = abs(seconds) / 60
    if minutes < 1:
        return f"{sign}{abs(seconds):.0f}s"
    return f"{sign}{minutes:.0f}m" if minutes < 120 else f"{sign}{minutes / 60:.1f}h"


def log_report_dict(report: LogReport) -> dict[str, Any]:
    """Return the documented JSON document of `warroom logs analyze --json`."""
    return {
        "schema": LOG_SCHEMA,
        "lines": report.lines,
        "timed_lines": report.timed_lines,
        "truncated_lines": report.truncated_lines,
        "line_limit": report.line_limit,
        "first_seen": iso(report.first_seen),
        "last_seen": iso(report.last_seen),
        "bucket_seconds": report.bucket_seconds,
        "pivots": {name: iso(at) for name, at in report.pivots.items()},
        "pattern_count": report.pattern_count,
        "patterns": [pattern_dict(report, p) for p in report.patterns],
        "diff": None
        if "diff" not in report.pivots
        else {
            "at": iso(report.pivots["diff"]),
            "new": [_brief(p) for p in report.new_patterns],
            "vanished": [_brief(p) for p in report.vanished_patterns],
            "surged": [_brief(p) for p in report.surged_patterns],
        },
    }


def _brief(pattern: PatternSummary) -> dict[str, Any]:
    return {
        "id": pattern.id,
        "template": pattern.template,
        "count": pattern.count,
        "first_seen": iso(pattern.first_seen),
        "last_seen": iso(pattern.last_seen),
    }


def sparkline(pattern: PatternSummary, report: LogReport, width: int = 40) -> str:
    """Draw the pattern's per-bucket counts over the whole input's time range."""
    if not pattern.histogram or report.first_seen is None or report.last_seen is None:
        return ""
    step = report.bucket_seconds
    start = int(report.first_seen.timestamp()) // step
    span = int(report.last_seen.timestamp()) // step - start + 1
    per_column = max(1, -(-span // width))
    columns = [0] * (-(-span // per_column))
    for at, count in pattern.histogram:
        columns[(int(at.timestamp()) // step - start) // per_column] += count
    peak = max(columns) or 1
    return "".join(_BARS[0 if not c else max(1, round(c / peak * 8))] for c in columns)


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f}%"


def log_report_text(report: LogReport) -> list[str]:
    """Return the human-readable report, one string per line."""
    lines = [
        f"{report.lines:,} lines ({report.timed_lines:,} with a time),"
        f" {report.pattern_count:,} patterns",
        f"time range: {iso(report.first_seen) or '-'} .. {iso(report.last_seen) or '-'}",
    ]
    if report.truncated_lines:
        lines.append(
            f"{report.truncated_lines:,} lines longer than {report.line_limit:,} characters"
            " were cut there for grouping (--max-line-length)"
        )
    for rank, pattern in enumerate(report.patterns, start=1):
        share = pattern.count / report.lines if report.lines else 0
        levels = ", ".join(f"{k} {v:,}" for k, v in pattern.levels.items())
        lines += [
            "",
            f"{rank}. {pattern.id}  {pattern.count:,} lines ({share:.1%})  {levels}".rstrip(),
            f"   {pattern.template}",
            f"   first {iso(pattern.first_seen) or '-'}  last {iso(pattern.last_seen) or '-'}"
            f"  {sparkline(pattern, report)}".rstrip(),
        ]
        offsets = _offsets(report, pattern)
        for pivot in pattern.windows:
            before = _percent(report.share(pattern, pivot, "before"))
            after = _percent(report.share(pattern, pivot, "after"))
            label = PIVOT_LABELS.get(pivot, pivot)
            start = f", first line {_relative(offsets[pivot])}" if pivot in offsets else ""
            lines.append(f"   share before {label}: {before}, after: {after}{start}")
        if pattern.endpoints:
            shown = ", ".join(f"{path} ({count:,})" for path, count in pattern.endpoints)
            lines.append(f"   endpoints: {shown}")
    if "diff" in report.pivots:
        lines += _diff_text(report)
    return lines


def _diff_text(report: LogReport) -> list[str]:
    at = iso(report.pivots["diff"])
    lines = ["", f"new after {at}: {len(report.new_patterns)}"]
    lines += [f"  + {p.id}  {p.count:,}  {p.template}" for p in report.new_patterns]
    lines.append(f"vanished after {at}: {len(report.vanished_patterns)}")
    lines += [f"  - {p.id}  {p.count:,}  {p.template}" for p in report.vanished_patterns]
    lines.append(f"share x3 or more after {at}: {len(report.surged_patterns)}")
    for p in report.surged_patterns:
        before = _percent(report.share(p, "diff", "before"))
        after = _percent(report.share(p, "diff", "after"))
        lines.append(f"  ^ {p.id}  {before} -> {after}  {p.template}")
    return lines


def _span_dict(span: Span) -> dict[str, str | None]:
    return {"start": iso(span.start), "end": iso(span.end)}


def metrics_report_dict(report: MetricsReport) -> dict[str, Any]:
    """Return the documented JSON document of `warroom metrics analyze --json`."""
    return {
        "schema": METRICS_SCHEMA,
        "roles": report.roles,
        "thresholds": {
            name: {"below": limit, "unit": THRESHOLD_UNITS[name]}
            for name, limit in report.thresholds.items()
        },
        "windows": {
            name: {
                **_span_dict(report.windows[name]),
                "samples": stats.samples,
                "error_rate": stats.error_rate,
                "avg_ms": stats.avg,
                "p95_ms": stats.p95,
                "p99_ms": stats.p99,
                "memory": stats.memory,
                "memory_max": stats.memory_max,
                "verdicts": stats.verdicts,
            }
            for name, stats in report.stats.items()
        },
        "recovered": report.recovered,
    }


def _figure(value: float | None, unit: str) -> str:
    return "-" if value is None else f"{value:,.2f}{unit}" if unit == "%" else f"{value:,.0f} ms"


def metrics_report_text(report: MetricsReport) -> list[str]:
    """Return the before/during/after table and the answer to "did the rollback work?"."""
    names = list(report.stats)
    header = f"{'':12}" + "".join(f"{name:>18}" for name in names)
    lines = [header]
    rows = (
        ("error rate", "error_rate", "%"),
        ("average", "avg", "ms"),
        ("p95", "p95", "ms"),
        ("p99", "p99", "ms"),
        ("memory", "memory", "%"),
    )
    for label, key, unit in rows:
        cells = []
        for name in names:
            stats = report.stats[name]
            mark = stats.verdicts.get(key)
            flag = f" {mark}" if mark in ("pass", "fail") else ""
            cells.append(f"{_figure(stats.value(key), unit) + flag:>18}")
        lines.append(f"{label:12}" + "".join(cells))
    limits = ", ".join(
        f"{k} < {v:g}{THRESHOLD_UNITS[k].replace('ms', ' ms')}"
        for k, v in report.thresholds.items()
    )
    lines += ["", f"thresholds: {limits}", _answer(report)]
    return lines


def _answer(report: MetricsReport) -> str:
    if report.recovered is None:
        return "did the rollback work? unknown: no data after mitigation"
    if report.recovered:
        return "did the rollback work? yes: every metric is within its threshold after mitigation"
    failing = [k for k, v in report.stats["after"].verdicts.items() if v == "fail"]
    return f"did the rollback work? no: {', '.join(failing)} still over the threshold"
