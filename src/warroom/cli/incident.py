"""`warroom incident ...`: declare and run incidents. Each command: parse, call, print."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from warroom.cli.options import JSON, LIMIT, OFFSET, TZ, gettext
from warroom.cli.related import print_related, related
from warroom.cli.runtime import console, emit_json, new_app, runtime
from warroom.core.when import read_time

app = new_app("Declare and run incidents.")

Note = Annotated[str, typer.Option("--note", "-n", help="What was done or observed.")]
At = Annotated[
    str | None,
    typer.Option(
        "--at",
        help="When it happened, if earlier (back-dated; the configured zone unless one is given).",
    ),
]


def _at(value: str | None) -> datetime | None:
    rt = runtime()
    return read_time(value, tz=rt.tz(), now=rt.now(), name="--at")


@app.command()
def declare(
    title: str,
    service: Annotated[
        list[str] | None, typer.Option("--service", "-s", help="Affected service (repeatable).")
    ] = None,
    users: Annotated[
        str | None, typer.Option(help="User impact: very_few, some, many, all.")
    ] = None,
    business: Annotated[
        str | None, typer.Option(help="Business impact: revenue, work, inconvenience.")
    ] = None,
    severity: Annotated[
        str | None, typer.Option("--severity", "-S", help="P1–P4 (overrides the matrix).")
    ] = None,
    source: Annotated[
        str, typer.Option(help="monitoring, apm, logs, synthetic, user_report.")
    ] = "monitoring",
    started_at: Annotated[
        str | None, typer.Option(help="When it began, if before detection.")
    ] = None,
    detected_at: Annotated[
        str | None, typer.Option(help="When it was detected (default: now).")
    ] = None,
    deploy: Annotated[str | None, typer.Option(help="Deploy or version involved.")] = None,
    summary: Annotated[str, typer.Option(help="What is happening, in a sentence or two.")] = "",
    drill: Annotated[bool, typer.Option(help="Mark as a drill (003 §8).")] = False,
    page_oncall: Annotated[
        str | None,
        typer.Option(help="Schedule whose primary becomes the On-call Engineer."),
    ] = None,
    as_json: JSON = False,
) -> None:
    """Declare an incident; severity is suggested from --users and --business."""
    from warroom.cli.backend import backend

    fields = {
        "title": title,
        "severity": severity,
        "user_impact": users,
        "business_impact": business,
        "services": service or [],
        "detection_source": source,
        "started_at": started_at,
        "detected_at": detected_at,
        "summary": summary,
        "deploy_version": deploy,
        "is_drill": drill,
        "page_oncall": page_oncall,
    }
    made = backend().declare(fields)
    _report(made["id"], as_json, headline="declared")
    if not as_json and not backend().remote:
        print_related(made["id"])


app.command("related")(related)


def _report(incident_id: str, as_json: bool, *, headline: str, tz: str | None = None) -> None:
    from warroom.cli.backend import backend
    from warroom.cli.plain import incident_report

    detail = backend().incident(incident_id)
    if as_json:
        emit_json(detail)
        return
    typer.echo(incident_report(detail, headline, runtime().tz(tz), gettext()))


@app.command("list")
def list_(
    state: Annotated[list[str] | None, typer.Option("--state", help="Filter (repeatable).")] = None,
    severity: Annotated[
        list[str] | None, typer.Option("--severity", "-S", help="Filter (repeatable).")
    ] = None,
    service: Annotated[
        str | None, typer.Option(help="Only incidents affecting this service.")
    ] = None,
    active: Annotated[bool, typer.Option(help="Only incidents not yet resolved.")] = False,
    limit: LIMIT = 50,
    offset: OFFSET = 0,
    tz: TZ = None,
    as_json: JSON = False,
) -> None:
    """List incidents, newest first."""
    from warroom.cli.backend import backend
    from warroom.cli.plain import incident_list

    filters = {
        "states": state or [],
        "severities": severity or [],
        "service": service,
        "active": active,
        "limit": limit,
        "offset": offset,
    }
    page = backend().incidents(filters)
    if as_json:
        emit_json(page)
        return
    typer.echo(incident_list(page, runtime().tz(tz), gettext()))


@app.command()
def show(incident_id: str, tz: TZ = None, as_json: JSON = False) -> None:
    """Show facts, roles, SLA, durations and the whole timeline."""
    from warroom.cli.backend import backend

    data = backend().incident(incident_id)
    if as_json:
        emit_json(data)
        return
    from warroom.cli.render import incident_panel
    from warroom.incidents.schemas import IncidentDetail

    detail = IncidentDetail.model_validate(data)
    console().print(incident_panel(detail, runtime().tz(tz), gettext()))


def _move(
    incident_id: str, to: str, note: str, force: str | None = None, at: str | None = None
) -> None:
    from warroom.cli.backend import backend

    moved = backend().transition(incident_id, to, note, force, at)
    _report(moved["id"], False, headline=to)


@app.command()
def ack(incident_id: str, note: Note = "", at: At = None) -> None:
    """Acknowledge: someone is on it (stops the response clock)."""
    _move(incident_id, "acknowledged", note, at=at)


@app.command()
def investigate(incident_id: str, note: Note = "", at: At = None) -> None:
    """Start investigating."""
    _move(incident_id, "investigating", note, at=at)


@app.command()
def mitigate(incident_id: str, note: Note = "", at: At = None) -> None:
    """Mark mitigated: users are no longer affected (stops the RTO clock)."""
    _move(incident_id, "mitigated", note, at=at)


@app.command()
def resolve(incident_id: str, note: Note = "", at: At = None) -> None:
    """Mark resolved; the recovery observation window starts."""
    _move(incident_id, "resolved", note, at=at)


@app.command()
def close(
    incident_id: str,
    force: Annotated[
        str | None, typer.Option(help="Close before the window ends; the reason is recorded.")
    ] = None,
    note: Note = "",
    at: At = None,
) -> None:
    """Close after the recovery observation window (default 30 min after resolve)."""
    _move(incident_id, "closed", note, force=force, at=at)


@app.command()
def reopen(
    incident_id: str,
    reason: Annotated[str, typer.Option(help="Why it is reopened.")],
    at: At = None,
) -> None:
    """Reopen a resolved or closed incident (back to investigating)."""
    from warroom.incidents.actions import reopen_incident

    rt = runtime()
    now = rt.now()
    rt.write(
        lambda s: reopen_incident(
            session=s,
            actor=rt.actor,
            now=now,
            incident_id=incident_id,
            reason=reason,
            at=_at(at),
            policy=rt.policy,
        )
    )
    _report(incident_id, False, headline="reopened")


@app.command()
def severity(
    incident_id: str,
    level: str,
    reason: Annotated[str, typer.Option(help="Why it changed.")],
    at: At = None,
) -> None:
    """Change severity; deadlines are recomputed."""
    from warroom.incidents.actions import change_severity

    rt = runtime()
    now = rt.now()
    rt.write(
        lambda s: change_severity(
            session=s,
            actor=rt.actor,
            now=now,
            policy=rt.policy,
            incident_id=incident_id,
            to=level,
            reason=reason,
            at=_at(at),
        )
    )
    _report(incident_id, False, headline="severity changed")


@app.command()
def assign(incident_id: str, role: str, handle: str, at: At = None) -> None:
    """Assign ROLE (ic, comms, tl, oncall, ops, dba, ...) to HANDLE; hands over if held."""
    from warroom.incidents.response import assign_role

    rt = runtime()
    now = rt.now()
    done = rt.write(
        lambda s: assign_role(
            session=s,
            actor=rt.actor,
            now=now,
            policy=rt.policy,
            incident_id=incident_id,
            role=role,
            handle=handle,
            at=_at(at),
        )
    )
    _ = gettext()
    typer.echo(
        _("{role} on {incident}: {handle}").format(
            role=_(done.role), incident=done.incident_id, handle=done.handle
        )
    )


@app.command()
def update(
    incident_id: str,
    message: str,
    post: Annotated[
        bool, typer.Option("--post", help="Also post it to the incident's chat channels.")
    ] = False,
    at: At = None,
) -> None:
    """Post a status update for stakeholders (resets the update cadence)."""
    from warroom.incidents.response import post_status_update

    rt = runtime()
    now = rt.now()
    rt.write(
        lambda s: post_status_update(
            session=s,
            actor=rt.actor,
            now=now,
            incident_id=incident_id,
            body=message,
            broadcast=post,
            at=_at(at),
            policy=rt.policy,
        )
    )
    _ = gettext()
    typer.echo(_("status update posted on {incident}").format(incident=incident_id.upper()))


@app.command()
def amend(
    incident_id: str,
    service: Annotated[list[str] | None, typer.Option("--service", "-s")] = None,
    deploy: Annotated[str | None, typer.Option()] = None,
    summary: Annotated[str | None, typer.Option()] = None,
    started_at: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Record newly learnt facts: affected services, deploy, summary, start time."""
    from warroom.incidents.response import amend_facts

    rt = runtime()
    now = rt.now()
    rt.write(
        lambda s: amend_facts(
            session=s,
            actor=rt.actor,
            now=now,
            incident_id=incident_id,
            services=service,
            deploy_version=deploy,
            summary=summary,
            started_at=read_time(started_at, tz=rt.tz(), now=now, name="--started-at"),
        )
    )
    _report(incident_id, False, headline="updated")


@app.command("updates-due")
def updates_due(tz: TZ = None, as_json: JSON = False) -> None:
    """List active incidents whose next status update is overdue (P1 5 min, P2 15 min)."""
    from warroom.core.timefmt import duration, local
    from warroom.incidents.queries import list_updates_due

    rt = runtime()
    now = rt.now()
    with rt.read() as session:
        rows = [
            (i.id, i.severity, i.title, due) for i, due in list_updates_due(session, rt.policy, now)
        ]
    if as_json:
        emit_json(
            [
                {
                    "id": i,
                    "severity": s,
                    "title": t,
                    "due_at": d.isoformat(),
                    "overdue_seconds": (now - d).total_seconds(),
                }
                for i, s, t, d in rows
            ]
        )
        return
    _ = gettext()
    if not rows:
        typer.echo(_("no status updates are overdue"))
        return
    zone = rt.tz(tz)
    for incident_id, sev, title, due in rows:
        typer.echo(
            _("{id} {sev} {title}: update due {due} ({late} late)").format(
                id=incident_id, sev=sev, title=title, due=local(due, zone), late=duration(now - due)
            )
        )
    raise typer.Exit(1)


def _register_comms() -> None:
    from warroom.cli.incident_comms import announce, report
    from warroom.cli.incident_file import export, import_

    app.command()(announce)
    app.command()(report)
    app.command("import")(import_)
    app.command()(export)


_register_comms()
