"""`warroom runbook ...`: the library, lint and sync for CI, attach and check steps off."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from warroom.cli.options import JSON, gettext
from warroom.cli.runtime import console, emit_json, new_app, runtime

app = new_app("Runbooks: the library, lint and sync, attach to incidents, check steps off.")

LANG = Annotated[str | None, typer.Option("--lang", help="en or ko (default: the team's).")]
DIR = Annotated[
    Path | None,
    typer.Argument(help="Folder of runbook .md files (default: the shipped seven)."),
]


def _lang(value: str | None) -> str:
    return value or runtime().settings.language


@app.command("list")
def list_(lang: LANG = None, as_json: JSON = False) -> None:
    """The runbooks in the library, with what they match on."""
    from warroom.runbooks.queries import library

    with runtime().read() as session:
        books = library(session, _lang(lang))
    if as_json:
        emit_json([b.as_data() for b in books])
        return
    for book in books:
        match = ", ".join(str(m) for m in book.matchers) or ", ".join(book.services) or "-"
        typer.echo(f"{book.id:<22} v{book.version}  {book.title}  [{match}]")


@app.command()
def show(
    runbook_id: str,
    lang: LANG = None,
    incident: Annotated[
        str | None, typer.Option(help="Show the steps as attached to this incident.")
    ] = None,
    as_json: JSON = False,
) -> None:
    """A runbook's symptoms, severity guidance and steps (checked, with --incident)."""
    from warroom.runbooks.queries import attached, get_runbook

    _ = gettext()
    with runtime().read() as session:
        book = get_runbook(session, runbook_id, _lang(lang))
        views = (
            {v.attachment.runbook_id: v for v in attached(session, incident)} if incident else {}
        )
    view = views.get(runbook_id)
    if as_json:
        emit_json(view.as_data() if view else book.as_data())
        return
    out = console()
    out.print(f"[bold]{book.title}[/bold] ({book.id} v{book.version}, {book.lang})")
    for symptom in book.symptoms:
        out.print(f"  • {symptom}", markup=False)
    for level, when in book.severity:
        out.print(f"  {level}: {when}", markup=False)
    for n, step in enumerate(book.steps, start=1):
        mark = "[ ]"
        run = view.steps[n - 1].run if view and n <= len(view.steps) else None
        if run is not None:
            mark = "[x]" if run.outcome == "done" else "[-]"
        out.print(f"{mark} {n}. {step.action}  ({_(step.role)})", markup=False)
        if step.command:
            out.print(f"      {step.command}", markup=False)
        if run is not None and run.note:
            out.print(f"      → {run.note}", markup=False)


@app.command()
def lint(directory: DIR = None, as_json: JSON = False) -> None:
    """Check runbook files: front matter, roles, matchers, code spans, placeholders."""
    from warroom.runbooks import document

    paths = document.files_in(directory) if directory else document.files_in(document.LIBRARY)
    loaded = document.load_files(paths, runtime().policy.roles)
    problems = loaded.problems + [p for b in loaded.runbooks for p in document.lint(b)]
    if as_json:
        emit_json(
            {
                "files": len(paths),
                "runbooks": len(loaded.runbooks),
                "problems": [
                    {"file": p.source, "line": p.line, "message": p.message} for p in problems
                ],
            }
        )
    else:
        for problem in problems:
            typer.echo(str(problem), err=True)
        _ = gettext()
        typer.echo(
            _("{n} runbooks checked, {p} problems").format(n=len(loaded.runbooks), p=len(problems))
        )
    if problems:
        raise typer.Exit(1)


@app.command()
def sync(directory: DIR = None) -> None:
    """Load runbook files into the library; nothing is loaded if any file has a problem."""
    from warroom.errors import InvalidInput
    from warroom.runbooks import actions, document

    rt = runtime()
    paths = document.files_in(directory) if directory else document.files_in(document.LIBRARY)
    loaded = document.load_files(paths, rt.policy.roles)
    if loaded.problems:
        raise InvalidInput(
            "nothing loaded: " + "; ".join(str(p) for p in loaded.problems),
            hint="`warroom runbook lint DIR` lists every problem.",
        )
    done = rt.write(lambda s: actions.sync(s, loaded.runbooks, actor=rt.actor, now=rt.now()))
    _ = gettext()
    typer.echo(
        _("{a} added, {u} updated, {n} unchanged").format(
            a=done.added, u=done.updated, n=done.unchanged
        )
    )


@app.command()
def suggest(incident_id: str, lang: LANG = None, as_json: JSON = False) -> None:
    """Runbooks that fit an incident, best first, with the reason."""
    from warroom.runbooks.actions import suggestions

    with runtime().read() as session:
        found = suggestions(session, incident_id, _lang(lang))
    if as_json:
        emit_json(
            [{"runbook": s.runbook.id, "score": s.score, "reasons": s.reasons} for s in found]
        )
        return
    for hit in found:
        typer.echo(f"{hit.runbook.id:<22} {hit.score:>4}  {'; '.join(hit.reasons)}")


@app.command()
def attach(
    incident_id: str,
    runbook_id: str,
    lang: LANG = None,
    reason: Annotated[str, typer.Option(help="Why it applies.")] = "",
) -> None:
    """Attach a runbook to an incident (its current version is recorded)."""
    from warroom.runbooks import actions

    rt = runtime()
    row = rt.write(
        lambda s: actions.attach(
            s,
            incident_id=incident_id,
            runbook_id=runbook_id,
            lang=_lang(lang),
            actor=rt.actor,
            now=rt.now(),
            reason=reason,
        )
    )
    _ = gettext()
    typer.echo(
        _("attached {runbook} v{version} to {incident}").format(
            runbook=row.runbook_id, version=row.version, incident=incident_id
        )
    )


@app.command()
def detach(incident_id: str, runbook_id: str) -> None:
    """Detach a runbook from an incident (the steps already run stay on the timeline)."""
    from warroom.runbooks import actions

    rt = runtime()
    rt.write(
        lambda s: actions.detach(
            s, incident_id=incident_id, runbook_id=runbook_id, actor=rt.actor, now=rt.now()
        )
    )
    _ = gettext()
    typer.echo(
        _("detached {runbook} from {incident}").format(runbook=runbook_id, incident=incident_id)
    )


@app.command()
def step(
    incident_id: str,
    runbook_id: str,
    number: int,
    output: Annotated[str, typer.Option(help="What the step showed (goes on the timeline).")] = "",
    skip: Annotated[str | None, typer.Option(help="Skip the step, with the reason.")] = None,
) -> None:
    """Check a runbook step off (or skip it); it goes on the timeline."""
    from warroom.runbooks import actions

    rt = runtime()
    run = rt.write(
        lambda s: actions.run_step(
            s,
            incident_id=incident_id,
            runbook_id=runbook_id,
            step=number,
            actor=rt.actor,
            now=rt.now(),
            outcome="skipped" if skip is not None else "done",
            note=skip if skip is not None else output,
        )
    )
    _ = gettext()
    typer.echo(
        _("step {n} of {runbook} {outcome} on {incident}").format(
            n=number, runbook=runbook_id, outcome=_(run.outcome), incident=incident_id
        )
    )
