"""`warroom drill ...`: plan drills, run them through the real incident path, report (003 §8)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from warroom.cli.options import JSON, gettext
from warroom.cli.runtime import console, emit_json, new_app, runtime

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from warroom.drills.models import Drill

app = new_app("Drills: plan, start through the real incident path, finish, report (003 §8).")

MANY = Annotated[list[str] | None, typer.Option()]


@app.command()
def calendar(
    quarter: Annotated[str, typer.Option(help="e.g. 2027Q1")],
) -> None:
    """Which kinds of drill are due in a quarter (003 §8.1), and those already planned."""
    from warroom.drills import rules
    from warroom.drills.queries import list_drills

    _ = gettext()
    start, end = rules.parse_quarter(quarter)
    number = (start.month - 1) // 3 + 1
    rt = runtime()
    with rt.read() as session:
        planned = [
            d
            for d in list_drills(session)
            if d.planned_for and start <= d.planned_for.astimezone(rt.tz()).date() < end
        ]
    typer.echo(_("Drills due in {q}").format(q=quarter.upper()))
    for cadence in rules.CALENDAR:
        if not rules.due_in_quarter(cadence, number):
            continue
        mine = [d.name for d in planned if d.kind == cadence.kind.value]
        status = ", ".join(mine) if mine else _("not planned yet")
        kind = _(rules.KIND_LABELS[cadence.kind])
        typer.echo(f"- {kind}: {_(cadence.purpose)} ({_(cadence.who)}) → {status}")


@app.command()
def plan(
    name: str,
    kind: Annotated[str, typer.Option(help="tabletop, simulation, game_day or chaos.")],
    scenario: Annotated[str, typer.Option(help="What happens in the drill.")] = "",
    severity: Annotated[str, typer.Option(help="Severity of the drill incident.")] = "P2",
    service: MANY = None,
    label: Annotated[
        list[str] | None, typer.Option(help="Synthetic alert label NAME=VALUE (runbook matching).")
    ] = None,
    participant: MANY = None,
    target: Annotated[
        list[str] | None, typer.Option(help="NAME=MINUTES: detect, acknowledge, escalate, ...")
    ] = None,
    chaos: Annotated[
        list[str] | None,
        typer.Option(help="Chaos template FIELD=TEXT: hypothesis, target, fault, kill_switch, ..."),
    ] = None,
    hook_start: Annotated[str, typer.Option(help="Command that starts the fault.")] = "",
    hook_stop: Annotated[str, typer.Option(help="Command that stops it (the kill switch).")] = "",
    at: Annotated[str | None, typer.Option(help="When it is planned for.")] = None,
) -> None:
    """Put a drill on the calendar."""
    from warroom.core.when import read_time
    from warroom.drills import actions
    from warroom.errors import InvalidInput

    rt = runtime()
    now = rt.now()
    labels = dict(_pair(p, "--label") for p in label or [])
    template: dict[str, object] = dict(_pair(p, "--chaos") for p in chaos or [])
    planned = read_time(at, tz=rt.tz(), now=now, name="--at") if at else None
    if planned is not None and planned < now:
        raise InvalidInput("--at is in the past", hint="Plan drills ahead.")
    drill = rt.write(
        lambda s: actions.plan(
            s,
            name=name,
            kind=kind,
            actor=rt.actor,
            now=now,
            scenario=scenario,
            severity=severity,
            services=service or [],
            alert_labels=labels,
            participants=participant or [],
            targets=target or [],
            chaos=template,
            hook_start=hook_start,
            hook_stop=hook_stop,
            planned_for=planned,
        )
    )
    _ = gettext()
    typer.echo(_("planned drill {name} ({kind})").format(name=drill.name, kind=drill.kind))


def _pair(text: str, option: str) -> tuple[str, str]:
    from warroom.errors import InvalidInput

    key, sep, value = text.partition("=")
    if not sep or not key:
        raise InvalidInput(
            f"{option} {text!r} is not NAME=VALUE", hint=f"{option} alertname=DiskFull"
        )
    return key.strip(), value.strip()


@app.command()
def start(
    name: str,
    via: Annotated[
        str | None,
        typer.Option(
            help="An Alertmanager integration: fire the drill's synthetic alert through it "
            "(the alert pipeline opens the incident)."
        ),
    ] = None,
) -> None:
    """Open the drill's incident (marked DRILL): paging, runbooks and timers run for real."""
    from warroom.drills import actions
    from warroom.drills.queries import get_drill
    from warroom.notifications.drill_guard import unreachable

    rt = runtime()

    def _start(session: Session) -> Drill:
        drill = get_drill(session, name)
        return actions.start(
            session,
            name=name,
            actor=rt.actor,
            now=rt.now(),
            policy=rt.policy,
            unreachable=unreachable(session, drill.participants),
            lang=rt.settings.language,
            via=via,
        )

    drill = rt.write(_start)
    _ = gettext()
    if drill.incident_id is None:
        typer.echo(
            _("drill {name} started: its alert is on its way through {via}").format(
                name=drill.name, via=via
            )
        )
        return
    typer.echo(
        _("drill {name} started: incident {incident} (DRILL)").format(
            name=drill.name, incident=drill.incident_id
        )
    )


@app.command()
def finish(
    name: str,
    notes: Annotated[str, typer.Option(help="The participants' notes.")] = "",
    communication: Annotated[str | None, typer.Option(help="ok or poor.")] = None,
    runbook_accuracy: Annotated[str | None, typer.Option(help="ok or poor.")] = None,
) -> None:
    """End the drill: the stop hook (kill switch) runs, notes and judgements are kept."""
    from warroom.drills import actions

    rt = runtime()
    rt.write(
        lambda s: actions.finish(
            s,
            name=name,
            actor=rt.actor,
            now=rt.now(),
            notes=notes,
            communication=communication,
            runbook_accuracy=runbook_accuracy,
        )
    )
    _ = gettext()
    typer.echo(_("drill {name} finished").format(name=name))


@app.command()
def review(name: str) -> None:
    """Mark a finished drill as reviewed (after the retrospective)."""
    from warroom.drills import actions

    rt = runtime()
    rt.write(lambda s: actions.review(s, name=name, actor=rt.actor, now=rt.now()))
    _ = gettext()
    typer.echo(_("drill {name} reviewed").format(name=name))


@app.command()
def improve(
    name: str,
    title: str,
    owner: Annotated[str | None, typer.Option(help="Who does it.")] = None,
    due: Annotated[str | None, typer.Option(help="Due date, e.g. 2027-01-15.")] = None,
) -> None:
    """Raise a TI-NNN improvement item from a drill."""
    from warroom.core.when import read_time
    from warroom.drills import actions

    rt = runtime()
    now = rt.now()
    when = read_time(due, tz=rt.tz(), now=now, name="--due") if due else None
    item = rt.write(
        lambda s: actions.improve(
            s,
            name=name,
            title=title,
            actor=rt.actor,
            now=now,
            owner=owner,
            due=when.astimezone(rt.tz()).date() if when else None,
        )
    )
    typer.echo(f"{item.id} {item.title}")


@app.command()
def improvements(
    open_only: Annotated[bool, typer.Option("--open", help="Only items not done.")] = False,
    as_json: JSON = False,
) -> None:
    """Every TI-NNN improvement item of every drill."""
    from warroom.drills.queries import improvements as query

    with runtime().read() as session:
        items = [i for i in query(session) if not (open_only and i.status == "done")]
        rows = [
            {
                "id": i.id,
                "title": i.title,
                "owner": i.owner,
                "due": i.due.isoformat() if i.due else None,
                "status": i.status,
            }
            for i in items
        ]
    if as_json:
        emit_json(rows)
        return
    for row in rows:
        typer.echo(f"{row['id']}  {row['status']:<11} {row['owner'] or '-':<10} {row['title']}")


@app.command()
def item(
    item_id: str,
    status: Annotated[str, typer.Option(help="todo, in_progress or done.")],
) -> None:
    """Move a TI item (todo, in_progress, done)."""
    from warroom.drills import actions

    rt = runtime()
    found = rt.write(
        lambda s: actions.set_improvement_status(
            s, item_id=item_id, status=status, actor=rt.actor, now=rt.now()
        )
    )
    typer.echo(f"{found.id} {found.status}")


@app.command("list")
def list_(as_json: JSON = False) -> None:
    """Every drill with its status and incident."""
    from warroom.drills.queries import list_drills

    with runtime().read() as session:
        drills = list_drills(session)
    rows = [
        {"name": d.name, "kind": d.kind, "status": d.status, "incident": d.incident_id}
        for d in drills
    ]
    if as_json:
        emit_json(rows)
        return
    for row in rows:
        typer.echo(
            f"{row['name']:<28} {row['kind']:<11} {row['status']:<9} {row['incident'] or '-'}"
        )


@app.command()
def report(
    name: str,
    as_json: JSON = False,
    fmt: Annotated[str, typer.Option("--format", "-f", help="md, html or pdf.")] = "md",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
) -> None:
    """The training result: measured vs target, pass or fail, TI items (003 §8.3)."""
    from warroom.drills import report as build
    from warroom.drills.queries import get_drill
    from warroom.errors import InvalidInput
    from warroom.postmortems import export as exporting

    kind = fmt.strip().lower()
    if kind not in ("md", "html", "pdf"):
        raise InvalidInput(f"unknown format '{fmt}'", hint="Use md, html or pdf.")
    if kind != "md" and output is None:
        raise InvalidInput(f"--format {kind} needs --output", hint=f"-o {name}.{kind}")

    rt = runtime()
    with rt.read() as session:
        result = build.build(session, get_drill(session, name))
        text = build.markdown(result, rt.settings.language, rt.tz())
        data = {
            "drill": name,
            "passed": result.passed,
            "rows": [
                {"measure": r.key, "target": r.target, "actual": r.actual, "met": r.passed}
                for r in result.rows
            ],
            "improvements": [
                {"id": i.id, "title": i.title, "owner": i.owner, "status": i.status}
                for i in result.items
            ],
        }
    if as_json:
        emit_json(data)
        return
    title = f"Drill {name}"
    if output is None:
        console().print(text, markup=False)
        return
    lang = rt.settings.language
    if kind == "md":
        output.write_text(text, encoding="utf-8")
    elif kind == "html":
        output.write_text(
            exporting.to_html(text, title=title, lang=lang, plain=True), encoding="utf-8"
        )
    else:
        output.write_bytes(
            exporting.to_pdf(text, title=title, font=rt.settings.pdf_font, plain=True)
        )
    typer.echo(str(output))
