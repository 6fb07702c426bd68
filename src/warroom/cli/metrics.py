"""`warroom metrics analyze`: before / during / after an incident, against thresholds."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Annotated

import typer

from warroom.cli._evidence_common import duration, fail, moment, window_reader
from warroom.errors import InvalidInput, NotFound, WarroomError
from warroom.evidence.analysis.metrics import (
    Span,
    analyze_metrics,
    incident_windows,
    parse_span,
    read_metrics,
)
from warroom.evidence.analysis.render import metrics_report_dict, metrics_report_text

app = typer.Typer(
    help="Compare metrics before, during and after an incident.", no_args_is_help=True
)


@app.callback()
def metrics() -> None:
    """Analyse metrics exports (CSV or Prometheus query_range JSON)."""


@app.command()
def analyze(
    source: Annotated[Path, typer.Argument(metavar="FILE", help="CSV or Prometheus JSON.")],
    before: Annotated[str | None, typer.Option(help="Window START/END.")] = None,
    during: Annotated[str | None, typer.Option(help="Window START/END.")] = None,
    after: Annotated[str | None, typer.Option(help="Window START/END.")] = None,
    incident_start: Annotated[str | None, typer.Option(help="Incident start.")] = None,
    mitigated_at: Annotated[str | None, typer.Option(help="Mitigation time.")] = None,
    resolved_at: Annotated[str | None, typer.Option(help="Resolution time.")] = None,
    baseline: Annotated[
        str, typer.Option(help="Length of the before window when derived: 30m, 1h...")
    ] = "1h",
    threshold: Annotated[
        list[str] | None,
        typer.Option(help="NAME=VALUE, e.g. error_rate=0.5, p95=200, memory=70, p99, avg."),
    ] = None,
    metric: Annotated[
        list[str] | None,
        typer.Option(
            help="ROLE=SERIES, ROLE one of latency, latency_avg, latency_p95, latency_p99, "
            "errors, requests, error_rate, memory."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    incident: Annotated[
        str | None, typer.Option(help="Derive the windows from this incident (INC-…).")
    ] = None,
    record: Annotated[
        bool, typer.Option(help="Record the figures on the incident's timeline.")
    ] = False,
) -> None:
    """Print error rate, average, p95, p99 and memory per window, with pass / fail."""
    try:
        if not source.is_file():
            raise NotFound(f"metrics file '{source}' not found", hint="Check the path.")
        if record and incident is None:
            raise InvalidInput("--record needs --incident", hint="Add --incident INC-….")
        series = read_metrics(source.read_text(encoding="utf-8", errors="replace"))
        windows = (
            _windows(before, during, after, (incident_start, mitigated_at, resolved_at), baseline)
            if incident is None or before or during or after or incident_start
            else {}
        )
        if incident is not None:
            windows = {**_incident_windows(incident, duration(baseline, "--baseline")), **windows}
        report = analyze_metrics(
            series,
            windows,
            thresholds=_thresholds(threshold or []),
            roles=_pairs(metric or [], "--metric"),
        )
        if record and incident is not None:
            _record(incident, metrics_report_dict(report), source.name)
    except WarroomError as error:
        raise fail(error) from error
    if as_json:
        typer.echo(json.dumps(metrics_report_dict(report), indent=2))
    else:
        typer.echo("\n".join(metrics_report_text(report)))


def _incident_windows(incident_id: str, baseline: timedelta) -> dict[str, Span]:
    from warroom.cli.runtime import runtime
    from warroom.evidence.findings import incident_marks

    with runtime().read() as session:
        return incident_marks(session, incident_id).windows(baseline)


def _record(incident_id: str, report: dict[str, object], source: str) -> None:
    from warroom.cli.runtime import runtime
    from warroom.evidence.findings import record_metric_findings

    rt = runtime()
    now = rt.now()
    rt.write(
        lambda s: record_metric_findings(
            session=s,
            actor=rt.actor,
            now=now,
            incident_id=incident_id,
            report=report,
            source=source,
        )
    )
    typer.echo(f"recorded the figures on {incident_id.upper()}", err=True)


def _windows(
    before: str | None,
    during: str | None,
    after: str | None,
    incident: tuple[str | None, str | None, str | None],
    baseline: str,
) -> dict[str, Span]:
    explicit = {
        name: parse_span(text, window_reader(f"--{name}"))
        for name, text in (("before", before), ("during", during), ("after", after))
        if text
    }
    start = moment(incident[0], "--incident-start")
    if start is None:
        if not explicit:
            raise InvalidInput(
                "no windows given",
                hint="Give --incident-start (and --mitigated-at) or --before/--during/--after.",
            )
        return explicit
    derived = incident_windows(
        start,
        moment(incident[1], "--mitigated-at"),
        moment(incident[2], "--resolved-at"),
        duration(baseline, "--baseline"),
    )
    return {**derived, **explicit}


def _pairs(values: list[str], option: str) -> dict[str, str]:
    pairs = {}
    for value in values:
        name, sep, rest = value.partition("=")
        if not sep or not name.strip() or not rest.strip():
            raise InvalidInput(
                f"{option}: '{value}' is not NAME=VALUE", hint=f"Write e.g. {option} p95=200."
            )
        pairs[name.strip()] = rest.strip()
    return pairs


def _thresholds(values: list[str]) -> dict[str, float]:
    limits = {}
    for name, text in _pairs(values, "--threshold").items():
        try:
            limits[name] = float(text.rstrip("%").removesuffix("ms"))
        except ValueError as exc:
            raise InvalidInput(
                f"--threshold {name}: '{text}' is not a number",
                hint="Write e.g. --threshold p95=200.",
            ) from exc
    return limits
