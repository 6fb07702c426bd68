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
    failed: Annotated[
        bool,
        typer.Option(
            "--failed", help="Only dead letters: failed every attempt (retry with `alerts retry`)."
        ),
    ] = False,
    limit: LIMIT = 20,
    tz: TZ = None,
    as_json: JSON = False,
) -> None:
    """Show raw deliveries as received (refused and failed ones are kept for inspection)."""
    from warroom.alerts.applier import failed_count, pending_count
    from warroom.alerts.queries import list_deliveries

    rt = runtime()
    zone = rt.tz(tz)
    status = "rejected" if rejected else "pending" if pending else "failed" if failed else None
    with rt.read() as session:
        backlog, dead = pending_count(session), failed_count(session)
        rows = [
            delivery_row(d, zone)
            for d in list_deliveries(session, status=status, limit=limit, oldest_first=pending)
        ]
    if as_json:
        emit_json(rows)
        return
    _ = gettext()
    if pending:
        typer.echo(_("{n} delivery(ies) waiting for the applier").format(n=backlog))
    if failed:
        typer.echo(_("{n} dead letter(s): failed every attempt").format(n=dead))
    for r in rows:
        retry = (
            _("next try {when}").format(when=r["next_attempt_at"]) if r["next_attempt_at"] else ""
        )
        tries = _("{n} attempt(s)").format(n=r["attempts"]) if r["attempts"] else ""
        head = f"{r['id']:>6} {r['source']:<12} {r['status']:<9} {r['received_at']}"
        typer.echo(" ".join(part for part in (head, tries, retry) if part))
        for error in r["errors"]:
            typer.echo(f"         - {error}")
    if failed and rows:
        typer.echo(_("Retry one with `warroom alerts retry ID` once the cause is fixed."))


def delivery_row(d: Any, zone: Any) -> dict[str, Any]:
    """The API's representation (`DeliveryDetail`), times in the zone asked for."""
    from warroom.alerts.schemas import delivery_detail

    row = delivery_detail(d).model_dump()
    for key in ("received_at", "next_attempt_at", "retried_at"):
        if row[key] is not None:
            row[key] = row[key].astimezone(zone).isoformat(timespec="seconds")
    return row


@app.command()
def retry(
    ids: Annotated[
        list[int], typer.Argument(help="Delivery ids (see `alerts deliveries --failed`).")
    ],
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Retry even if later deliveries of the same group were applied."
        ),
    ] = False,
) -> None:
    """Send dead-lettered deliveries back to the applier, each with a fresh set of attempts."""
    from warroom.alerts.actions import retry_delivery

    rt = runtime()
    _ = gettext()

    def send_back(session: Any) -> list[int]:
        return [
            retry_delivery(
                session=session, actor=rt.actor, now=rt.now(), delivery_id=n, force=force
            ).id
            for n in ids
        ]

    for n in rt.write(send_back):
        typer.echo(_("delivery {id} sent back to the applier").format(id=n))
