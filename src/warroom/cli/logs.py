"""`warroom logs analyze`: mine log patterns, with shares around a deploy and an incident."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer

from warroom.cli._evidence_common import fail, moment, seconds
from warroom.core.timefmt import zone
from warroom.errors import InvalidInput, WarroomError
from warroom.evidence.analysis.miner import MAX_CHARS, TemplateMiner
from warroom.evidence.analysis.reader import Format, LogRecord, open_lines, read_records
from warroom.evidence.analysis.render import log_report_dict, log_report_text
from warroom.evidence.analysis.report import LogAnalyzer, LogReport
from warroom.evidence.analysis.timestamps import TimeContext

app = typer.Typer(help="Find the patterns in log files.", no_args_is_help=True)
PROGRESS_EVERY = 20_000
FORMATS = ("auto", "text", "jsonl", "json")


@app.callback()
def logs() -> None:
    """Analyse log files: patterns, when they started, and what changed."""


@app.command()
def analyze(
    source: Annotated[
        str, typer.Argument(metavar="FILE|-", help="Log file (plain or gzip), or - for stdin.")
    ],
    fmt: Annotated[
        str, typer.Option("--format", help="auto, text, jsonl or json (an array).")
    ] = "auto",
    top: Annotated[int, typer.Option(help="How many patterns to show.", min=1)] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    per_line: Annotated[
        Path | None, typer.Option(help="Write each input line's pattern id to this file.")
    ] = None,
    deploy_at: Annotated[
        str | None, typer.Option(help="Deploy time (no zone: the configured zone).")
    ] = None,
    incident_start: Annotated[str | None, typer.Option(help="Incident start.")] = None,
    diff_at: Annotated[
        str | None, typer.Option(help="List patterns new or gone after this time.")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Ignore lines before this time.")] = None,
    until: Annotated[str | None, typer.Option(help="Ignore lines from this time on.")] = None,
    bucket: Annotated[str, typer.Option(help="Histogram bucket: 30s, 1m, 5m, 1h...")] = "1m",
    timezone: Annotated[
        str, typer.Option(help="Zone of times inside the log written without one.")
    ] = "UTC",
    year: Annotated[
        int | None, typer.Option(help="Year for formats without one (syslog); default: this year.")
    ] = None,
    header_tokens: Annotated[
        int | None, typer.Option(help="Header width in tokens, instead of detecting it.", min=0)
    ] = None,
    level: Annotated[
        list[str] | None,
        typer.Option(help="Keep only lines of these levels (repeat, or ERROR,WARN)."),
    ] = None,
    similarity: Annotated[
        float, typer.Option(help="Share of equal tokens to join a pattern.", min=0.1, max=1.0)
    ] = 0.8,
    max_line_length: Annotated[
        int,
        typer.Option(help="Longer lines are cut to this many characters for grouping.", min=80),
    ] = MAX_CHARS,
    incident: Annotated[
        str | None,
        typer.Option(help="Take the deploy and start times from this incident (INC-…)."),
    ] = None,
    record: Annotated[
        bool, typer.Option(help="Record the findings on the incident's timeline.")
    ] = False,
) -> None:
    """Group log lines into patterns and report the top ones."""
    notes: list[str] = []
    try:
        if per_line is not None:
            _check_writable(per_line)
        pivots = _pivots(deploy_at, incident_start, diff_at)
        if incident is not None:
            pivots = {**_incident_pivots(incident), **pivots}
        elif record:
            raise InvalidInput("--record needs --incident", hint="Add --incident INC-….")
        report = _analyze(
            source,
            _format(fmt),
            top,
            per_line is not None,
            pivots=pivots,
            window=(moment(since, "--since"), moment(until, "--until")),
            bucket=seconds(bucket, "--bucket"),
            context=_context(timezone, year),
            header_tokens=header_tokens,
            similarity=similarity,
            max_chars=max_line_length,
            notes=notes,
            levels=[part.strip() for item in level or [] for part in item.split(",") if part],
        )
        if per_line is not None:
            _write_per_line(per_line, report.line_patterns or [])
        if record and incident is not None:
            _record(incident, log_report_dict(report), source)
    except WarroomError as error:
        raise fail(error) from error
    for note in notes:
        typer.echo(f"note: {note}", err=True)
    if as_json:
        typer.echo(json.dumps(log_report_dict(report), ensure_ascii=False, indent=2))
    else:
        typer.echo("\n".join(log_report_text(report)))


def _incident_pivots(incident_id: str) -> dict[str, datetime]:
    from warroom.cli.runtime import runtime
    from warroom.evidence.findings import incident_marks

    with runtime().read() as session:
        return incident_marks(session, incident_id).pivots()


def _record(incident_id: str, report: dict[str, object], source: str) -> None:
    from warroom.cli.runtime import runtime
    from warroom.evidence.findings import record_log_findings

    rt = runtime()
    now = rt.now()
    name = "stdin" if source == "-" else Path(source).name
    events = rt.write(
        lambda s: record_log_findings(
            session=s, actor=rt.actor, now=now, incident_id=incident_id, report=report, source=name
        )
    )
    typer.echo(f"recorded {len(events)} finding(s) on {incident_id.upper()}", err=True)


def _format(value: str) -> Format:
    if value not in FORMATS:
        raise fail(InvalidInput(f"unknown format '{value}'", hint="Use auto, text, jsonl or json."))
    return value  # type: ignore[return-value]


def _context(timezone: str, year: int | None) -> TimeContext:
    """Yearless times take `year`, or else the latest year that keeps them in the past."""
    if year is not None:
        return TimeContext(zone(timezone), year)
    now = datetime.now(UTC)
    return TimeContext(zone(timezone), now.year, now + timedelta(days=1))


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
    max_chars: int,
    notes: list[str],
    levels: list[str],
) -> LogReport:
    lines = open_lines(sys.stdin.buffer if source == "-" else source, notes)
    records = read_records(lines, fmt=fmt, context=context, header_tokens=header_tokens)
    analyzer = LogAnalyzer(
        miner=TemplateMiner(similarity, max_chars),
        bucket_seconds=bucket,
        pivots=pivots,
        since=window[0],
        until=window[1],
        keep_line_ids=keep_line_ids,
        levels=levels or None,
    )
    analyzer.add_all(_with_progress(records, source))
    return analyzer.finish(top)


def _with_progress(records: Iterator[LogRecord], source: str) -> Iterator[LogRecord]:
    """Show progress on stderr while reading, when stderr is a terminal.

    Plain files get a bar over their size; gzip and stdin, whose size is unknown, a
    line counter.
    """
    if not _stderr_is_terminal():
        yield from records
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn

    total = _plain_size(source)
    columns = (SpinnerColumn(), TextColumn("{task.fields[lines]:,} lines"), BarColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("reading", total=total, lines=0)
        done = 0
        for number, record in enumerate(records, start=1):
            done += len(record.raw) + 1
            if number % PROGRESS_EVERY == 0:
                progress.update(task, completed=done, lines=number)
            yield record


def _stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


def _plain_size(source: str) -> int | None:
    """Return the size of a plain (not gzip) file, or None when progress cannot be sized."""
    path = Path(source)
    if source == "-" or not path.is_file():
        return None
    with path.open("rb") as handle:
        return None if handle.read(2) == b"\x1f\x8b" else path.stat().st_size


def _check_writable(path: Path) -> None:
    """Refuse an unwritable --per-line path before the analysis, not after it."""
    try:
        with path.open("a", encoding="utf-8"):
            pass
    except OSError as exc:
        raise InvalidInput(
            f"cannot write '{path}': {exc.strerror}", hint="Choose a writable path for --per-line."
        ) from exc


def _write_per_line(path: Path, ids: list[str]) -> None:
    try:
        with path.open("w", encoding="utf-8") as out:
            out.writelines(f"{pattern_id}\n" for pattern_id in ids)
    except OSError as exc:
        raise InvalidInput(
            f"cannot write '{path}': {exc.strerror}", hint="Choose a writable path for --per-line."
        ) from exc
