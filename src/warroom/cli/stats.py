"""`warroom stats`: MTTD / MTTA / MTTM / MTTR and SLA shares per group (docs/analytics.md)."""

from __future__ import annotations

import csv
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from warroom.cli.options import JSON, gettext
from warroom.cli.runtime import console, emit_json, runtime

if TYPE_CHECKING:
    from warroom.analytics.definitions import GroupStats, Share, Summary

app = typer.Typer(
    help="Incident figures: MTTx medians, p90 and means, SLA shares.",
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _share(share: Share) -> str:
    ratio = share.ratio
    if ratio is None:
        return "-"
    return f"{ratio * 100:.0f}% ({share.met}/{share.met + share.missed})"


def _cell(summary: Summary) -> str:
    from datetime import timedelta

    from warroom.core.timefmt import duration

    def fmt(value: float | None) -> str:
        return "-" if value is None else duration(timedelta(seconds=round(value)))

    return f"{fmt(summary.median)} / {fmt(summary.p90)} / {fmt(summary.mean)}"


def _csv(groups: list[GroupStats]) -> None:
    from warroom.analytics.definitions import Metric

    writer = csv.writer(sys.stdout, lineterminator="\n")
    header = ["key", "count"]
    for metric in Metric:
        header += [f"{metric.value}_{part}" for part in ("n", "median_s", "p90_s", "mean_s")]
    header += ["response_met", "response_missed", "rto_met", "rto_missed"]
    header += ["postmortem_on_time", "postmortem_late"]
    writer.writerow(header)
    for g in groups:
        row: list[object] = [g.key, g.count]
        for metric in Metric:
            s = g.durations[metric]
            row += [s.n, *("" if v is None else f"{v:.3f}" for v in (s.median, s.p90, s.mean))]
        row += [g.response.met, g.response.missed, g.rto.met, g.rto.missed]
        row += [g.postmortem_on_time.met, g.postmortem_on_time.missed]
        writer.writerow(row)


@app.callback(invoke_without_command=True)
def stats(
    ctx: typer.Context,
    since: Annotated[
        str, typer.Option(help="How far back, by declaration time: 30d, 12w, 365d; 'all'.")
    ] = "90d",
    by: Annotated[str, typer.Option(help="severity, service, month or all.")] = "severity",
    include_drills: Annotated[
        bool, typer.Option("--include-drills", help="Count incidents marked as drills too.")
    ] = False,
    as_json: JSON = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV (seconds).")] = False,
) -> None:
    """Per group: count, MTTD/MTTA/MTTM/MTTR (median / p90 / mean), SLA and postmortem shares."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = {"since": since, "include_drills": include_drills, "json": as_json}
        return
    from warroom.analytics.definitions import GroupBy, Metric, as_dict, parse_group
    from warroom.analytics.stats import StatsQuery, compute_with_total
    from warroom.core.when import parse_span
    from warroom.errors import InvalidInput

    if as_json and as_csv:
        raise InvalidInput("--json and --csv cannot be combined", hint="Pick one of them.")
    rt = runtime()
    now = rt.now()
    start = None if since.strip().lower() == "all" else now - parse_span(since)
    group = parse_group(by)
    with rt.read() as session:
        groups, total = compute_with_total(session, StatsQuery(start, now, group, include_drills))
    if as_json:
        emit_json(
            {
                "since": start,
                "until": now,
                "by": group.value,
                "include_drills": include_drills,
                "groups": [as_dict(g) for g in groups],
                "total": as_dict(total[0]) if total else None,
            }
        )
        return
    if as_csv:
        _csv(groups)
        return
    from rich.table import Table

    _ = gettext()
    table = Table(
        title=_("Incidents since {since}: median / p90 / mean").format(
            since=since if start is None else start.astimezone(rt.tz()).strftime("%Y-%m-%d")
        ),
        title_justify="left",
    )
    headers = {
        GroupBy.SEVERITY: _("Severity"),
        GroupBy.SERVICE: _("Service"),
        GroupBy.MONTH: _("Month"),
        GroupBy.ALL: "",
    }
    table.add_column(headers[group])
    table.add_column(_("Count"), justify="right")
    for metric in Metric:
        table.add_column(metric.value.upper())
    for header in (_("Response met"), _("RTO met"), _("Postmortem on time")):
        table.add_column(header)
    rows = list(groups)
    if group is not GroupBy.ALL and total:
        rows.append(total[0])
    for g in rows:
        label = _("Total") if g.key == "all" else g.key
        table.add_row(
            label,
            str(g.count),
            *(_cell(g.durations[m]) for m in Metric),
            _share(g.response),
            _share(g.rto),
            _share(g.postmortem_on_time),
        )
    if not groups:
        typer.echo(_("No incidents in that period."))
        return
    console().print(table)


@app.command()
def recurring(
    ctx: typer.Context,
    window: Annotated[
        str, typer.Option(help="Longest gap between two incidents of one chain: 30d, 2w.")
    ] = "30d",
    as_json: JSON = False,
) -> None:
    """Services hit again by a similar incident within the window (docs/analytics.md)."""
    from warroom.analytics.recurring import recurring_incidents
    from warroom.core.when import parse_span

    options = ctx.obj or {}
    since = str(options.get("since", "90d"))
    rt = runtime()
    now = rt.now()
    start = None if since.strip().lower() == "all" else now - parse_span(since)
    with rt.read() as session:
        found = recurring_incidents(
            session,
            since=start,
            until=now,
            window=parse_span(window),
            include_drills=bool(options.get("include_drills", False)),
        )
    if as_json or options.get("json"):
        emit_json(
            [
                {
                    "service": r.service,
                    "incidents": r.incident_ids,
                    "titles": r.titles,
                    "first": r.first,
                    "last": r.last,
                }
                for r in found
            ]
        )
        return
    _ = gettext()
    if not found:
        typer.echo(_("No recurring incidents in that period."))
        return
    for r in found:
        typer.echo(
            _("{service}: {n} similar incidents").format(service=r.service, n=len(r.incident_ids))
        )
        for incident_id, title in zip(r.incident_ids, r.titles, strict=True):
            typer.echo(f"  {incident_id}  {title}")
