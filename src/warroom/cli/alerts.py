"""`warroom alerts list|show|deliveries`: alert groups, their alerts and the incidents they fed."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from warroom.cli.options import JSON, LIMIT, TZ, gettext
from warroom.cli.runtime import emit_json, new_app, runtime

app = new_app("Alert groups, their alerts, and the incidents they opened.")


@app.command("list")
def list_(
    status: Annotated[str | None, typer.Option(help="firing or resolved")] = None,
    outcome: Annotated[str | None, typer.Option(help="pending, incident or auto_recovered")] = None,
    flapping: Annotated[bool, typer.Option("--flapping", help="Only flapping groups.")] = False,
    limit: LIMIT = 50,
    tz: TZ = None,
    as_json: JSON = False,
) -> None:
    """List alert groups, most recently seen first."""
    from warroom.alerts.queries import list_groups

    rt = runtime()
    zone = rt.tz(tz)
    with rt.read() as session:
        rows: list[dict[str, Any]] = [
            {
                "id": g.id,
                "key": g.key[:12],
                "status": g.status,
                "severity": g.severity,
                "outcome": e.outcome if e else None,
                "incident": e.incident_id if e else None,
                "flapping": g.flapping_since is not None,
                "title": g.title,
                "last_seen_at": g.last_seen_at.astimezone(zone).isoformat(timespec="seconds"),
            }
            for g, e in list_groups(
                session, status=status, flapping=flapping, outcome=outcome, limit=limit
            )
        ]
    if as_json:
        emit_json(rows)
        return
    if not rows:
        typer.echo("no alert groups yet")
    for r in rows:
        flag = " FLAPPING" if r["flapping"] else ""
        typer.echo(
            f"{r['id']:>4} {r['key']} {r['status']:<8} {r['severity']} "
            f"{(r['incident'] or r['outcome'] or '-'):<17} {r['title']}{flag}"
        )


@app.command()
def show(
    group: Annotated[str, typer.Argument(help="Group id, key (prefix) or groupKey.")],
    tz: TZ = None,
    as_json: JSON = False,
) -> None:
    """Show one group: its alerts, its episodes and the incidents they fed."""
    from warroom.alerts.queries import get_group

    rt = runtime()
    zone = rt.tz(tz)

    def when(value: Any) -> str | None:
        return value.astimezone(zone).isoformat(timespec="seconds") if value else None

    with rt.read() as session:
        d = get_group(session, group)
        data: dict[str, Any] = {
            "id": d.group.id,
            "key": d.group.key,
            "external_key": d.group.external_key,
            "source": d.group.source,
            "title": d.group.title,
            "status": d.group.status,
            "severity": d.group.severity,
            "flap_count": d.group.flap_count,
            "flapping_since": when(d.group.flapping_since),
            "deliveries": d.deliveries,
            "alerts": [
                {
                    "fingerprint": a.fingerprint,
                    "status": a.status,
                    "labels": a.labels,
                    "starts_at": when(a.starts_at),
                    "ends_at": when(a.ends_at),
                }
                for a in d.alerts
            ],
            "episodes": [
                {
                    "number": e.number,
                    "outcome": e.outcome,
                    "incident": e.incident_id,
                    "started_at": when(e.started_at),
                    "resolved_at": when(e.resolved_at),
                }
                for e in d.episodes
            ],
        }
    if as_json:
        emit_json(data)
        return
    typer.echo(f"group {data['id']}  {data['title']}")
    typer.echo(f"  key {data['key']}  ({data['source']}: {data['external_key']})")
    typer.echo(
        f"  {data['status']}  {data['severity']}  deliveries: {data['deliveries']}"
        + (f"  FLAPPING since {data['flapping_since']}" if data["flapping_since"] else "")
    )
    typer.echo("alerts:")
    for a in data["alerts"]:
        labels = " ".join(f"{k}={v}" for k, v in sorted(a["labels"].items()))
        typer.echo(f"  {a['fingerprint']}  {a['status']:<8} {labels}")
    typer.echo("episodes:")
    for e in data["episodes"]:
        typer.echo(
            f"  #{e['number']} {e['outcome']:<14} {e['incident'] or '-':<17} "
            f"{e['started_at']} → {e['resolved_at'] or 'firing'}"
        )


@app.command()
def deliveries(
    rejected: Annotated[bool, typer.Option("--rejected", help="Only refused payloads.")] = False,
    pending: Annotated[
        bool,
        typer.Option("--pending", help="Only stored deliveries not applied yet (oldest first)."),
    ] = False,
    limit: LIMIT = 20,
    as_json: JSON = False,
) -> None:
    """Show raw deliveries as received (refused ones are kept here for inspection)."""
    from warroom.alerts.applier import pending_count
    from warroom.alerts.queries import list_deliveries

    rt = runtime()
    status = "rejected" if rejected else "pending" if pending else None
    with rt.read() as session:
        backlog = pending_count(session)
        rows: list[dict[str, Any]] = [
            {
                "id": d.id,
                "source": d.source,
                "status": d.status,
                "errors": d.errors,
                "received_at": d.received_at.isoformat(),
                "body": d.body,
            }
            for d in list_deliveries(session, status=status, limit=limit, oldest_first=pending)
        ]
    if as_json:
        emit_json(rows)
        return
    if pending:
        _ = gettext()
        typer.echo(_("{n} delivery(ies) waiting for the applier").format(n=backlog))
    for r in rows:
        typer.echo(f"{r['id']:>6} {r['source']:<12} {r['status']:<9} {r['received_at']}")
        for error in r["errors"]:
            typer.echo(f"         - {error}")
