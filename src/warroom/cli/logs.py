"""`warroom logs analyze`: mine log patterns, with shares around a deploy and an incident."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from warroom.cli._evidence_common import fail, moment, seconds
from warroom.core.timefmt import zone
from warroom.errors import InvalidInput, WarroomError
from warroom.evidence.analysis.miner import TemplateMiner
from warroom.evidence.analysis.reader import Format, LogRecord, open_lines, read_records
from warroom.evidence.analysis.render import log_report_dict, log_report_text
from warroom.evidence.analysis.report import LogAnalyzer, LogReport
from warroom.evidence.analysis.timestamps import TimeContext

app = typer.Typer(help="Find the patterns in log files.", no_args_is_help=True)
PROGRESS_EVERY = 20_000
FORMATS = ("auto", "text", "jsonl")


@app.callback()
def logs() -> None:
    """Analyse log files: patterns, when they started, and what changed."""


@app.command()
def analyze(
    source: Annotated[
        str, typer.Argument(metavar="FILE|-", help="Log file (plain or gzip), or - for stdin.")
    ],
    fmt: Annotated[str, typer.Option("--format", help="auto, text or jsonl.")] = "auto",
    top: Annotated[int, typer.Option(help="How many patterns to show.", min=1)] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    per_line: Annotated[
        Path | None, typer.Option(help="Write each input line's pattern id to this file.")
    ] = None,
    deploy_at: Annotated[str | None, typer.Option(help="Deploy time (ISO 8601).")] = None,
    incident_start: Annotated[str | None, typer.Option(help="Incident start (ISO 8601).")] = None,
    diff_at: Annotated[
        str | None, typer.Option(help="List patterns new or gone after this time.")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Ignore lines before this time.")] = None,
    until: Annotated[str | None, typer.Option(help="Ignore lines from this time on.")] = None,
    bucket: Annotated[str, typer.Option(help="Histogram bucket: 30s, 1m, 5m, 1h...")] = "1m",
    timezone: Annotated[str, typer.Option(help="Zone of log times written without one.")] = "UTC",
    year: Annotated[
        int | None, typer.Option(help="Year for formats without one (syslog); default: this year.")
    ] = None,
    header_tokens: Annotated[
        int | None, typer.Option(help="Header width in tokens, instead of detecting it.", min=0)
    ] = None,
    similarity: Annotated[
        float, typer.Option(help="Share of equal tokens to join a pattern.", min=0.1, max=1.0)
    ] = 0.8,
) -> None:
    """Group log lines into patterns and report the top ones."""
    try:
        report = _analyze(
            source,
            _format(fmt),
            top,
            per_line is not None,
            pivots=_pivots(deploy_at, incident_start, diff_at),
            window=(moment(since, "--since"), moment(until, "--until")),
            bucket=seconds(bucket, "--bucket"),
            context=TimeContext(zone(timezone), year or datetime.now(UTC).year),
            header_tokens=header_tokens,
            similarity=similarity,
        )
        if per_line is not None:
            _write_per_line(per_line, report.line_patterns or [])
    except WarroomError as error:
        raise fail(error) from error
    if as_json:
        typer.echo(json.dumps(log_report_dict(report), ensure_ascii=False, indent=2))
    else:
        typer.echo("\n".join(log_report_text(report)))


def _format(value: str) -> Format:
    if value not in FORMATS:
        raise fail(InvalidInput(f"unknown format '{value}'", hint="Use auto, text or jsonl."))
    return value  # type: ignore[return-value]


def _pivots(
    deploy_at: str | None, incident_start: str | None, diff_at: str | None
) -> dict[str, datetime]:
    found = {
        "deploy": moment(deploy_at, "--deploy-at"),
        "incident": moment(incident_start, "--incident-start"),
        "diff": moment(diff_at, "--diff-at"),
    }
    return {name: at for name, at in found.items() if at is not None}


def _analyze(
    source: str,
    fmt: Format,
    top: int,
    keep_line_ids: bool,
    *,
    pivots: dict[str, datetime],
    window: tuple[datetime | None, datetime | None],
    bucket: int,
    context: TimeContext,
    header_tokens: int | None,
    similarity: float,
) -> LogReport:
    lines = open_lines(sys.stdin.buffer if source == "-" else source)
    records = read_records(lines, fmt=fmt, context=context, header_tokens=header_tokens)
    analyzer = LogAnalyzer(
        miner=TemplateMiner(similarity),
        bucket_seconds=bucket,
        pivots=pivots,
        since=window[0],
        until=window[1],
        keep_line_ids=keep_line_ids,
    )
    analyzer.add_all(_with_progress(records))
    return analyzer.finish(top)


def _with_progress(records: Iterator[LogRecord]) -> Iterator[LogRecord]:
    """Show a line counter on stderr while reading, when stderr is a terminal."""
    if not sys.stderr.isatty():
        yield from records
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn

    columns = (SpinnerColumn(), TextColumn("{task.completed:,} lines read"))
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("reading", total=None)
        for number, record in enumerate(records, start=1):
            if number % PROGRESS_EVERY == 0:
                progress.update(task, completed=number)
            yield record


def _write_per_line(path: Path, ids: list[str]) -> None:
    try:
        with path.open("w", encoding="utf-8") as out:
            out.writelines(f"{pattern_id}\n" for pattern_id in ids)
    except OSError as exc:
        raise InvalidInput(
            f"cannot write '{path}': {exc.strerror}", hint="Choose a writable path for --per-line."
        ) from exc
