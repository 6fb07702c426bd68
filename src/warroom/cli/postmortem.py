"""`warroom postmortem ...`: draft, edit in git, import, review, publish, export.

Files are written after the transaction commits; each command parses, calls one
action or query, and prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from warroom.cli.options import JSON, gettext
from warroom.cli.runtime import emit_json, new_app, runtime

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from warroom.postmortems.document import ActionRow
    from warroom.postmortems.models import Postmortem
    from warroom.postmortems.policy import PostmortemPolicy

app = new_app("Draft, review, publish and export postmortems.")

Output = Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead.")]
Lang = Annotated[str | None, typer.Option("--lang", help="ko or en (default: settings).")]


def _policy() -> PostmortemPolicy:
    from warroom.postmortems.policy import PostmortemPolicy

    return PostmortemPolicy.from_settings(runtime().settings)


def _write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8", newline="\n")


@dataclass(frozen=True, slots=True)
class _Copy:
    """A postmortem as read for one command (ORM rows expire when the read ends)."""

    incident_id: str
    title: str
    lang: str
    template: str
    status: str
    path: str
    content_hash: str


def _export_text(incident_id: str) -> tuple[str, _Copy]:
    from warroom.cli.backend import backend
    from warroom.postmortems.markdown.parse import parse_file

    pm = backend().postmortem_text(incident_id)
    text = pm["markdown"]
    stored = parse_file(text)[1].content_hash  # the front matter carries the stored hash
    copy = _Copy(
        pm["incident"], pm["title"], pm["lang"], pm["template"], pm["status"], pm["path"], stored
    )
    return text, copy


def _guard_edits(path: Path, copy: _Copy) -> None:
    """Refuse to overwrite a file edited since it was written (and not imported)."""
    from warroom.errors import Conflict, WarroomError
    from warroom.postmortems.markdown.parse import parse_file

    if not path.is_file():
        return
    hint = f"Import it first (`warroom postmortem import {path}`) or write elsewhere with -o."
    try:
        doc, state = parse_file(path.read_text(encoding="utf-8"))
    except WarroomError:
        raise Conflict(
            f"{path} is not a readable postmortem file; left as it is", hint=hint
        ) from None
    if doc.content_hash() not in (copy.content_hash, state.content_hash):
        raise Conflict(f"{path} has edits that are not imported; left as it is", hint=hint)


def action_item_rows(session: Session, incident_id: str) -> list[ActionRow]:
    """The incident's tracked action items (`warroom action add`) as rows of the draft."""
    from warroom.action_items.postmortem_link import document_rows
    from warroom.core.ids import normalize_incident_id

    return document_rows(session, normalize_incident_id(incident_id), runtime().tz())


@app.command()
def draft(
    incident_id: str,
    template: Annotated[
        str | None, typer.Option(help="sre, report, deploy, concise or a team template.")
    ] = None,
    lang: Lang = None,
    output: Output = None,
    overwrite: Annotated[bool, typer.Option(help="Replace an existing file.")] = False,
) -> None:
    """Draft the postmortem of a resolved incident and write its Markdown file."""
    from warroom.cli.backend import backend

    pm = backend().postmortem_draft(incident_id, template, lang)
    text, copy = _export_text(pm["incident"])
    path = output or Path(copy.path)
    if path.exists() and not overwrite:
        from warroom.errors import Conflict

        raise Conflict(
            f"{path} already exists; the draft is stored but the file was not written",
            hint=f"Use --overwrite, or `warroom postmortem export {pm['incident']} -o OTHER.md`.",
        )
    _write(path, text)
    typer.echo(
        gettext()("drafted {path} ({template}, {lang})").format(
            path=path, template=pm["template"], lang=pm["lang"]
        )
    )


@app.command("import")
def import_(
    file: Path,
    force: Annotated[
        bool, typer.Option(help="Overwrite the database copy even if it changed.")
    ] = False,
) -> None:
    """Store the edits of a postmortem file; refuses if the database copy changed meanwhile."""
    from warroom.cli.backend import backend
    from warroom.errors import InvalidInput
    from warroom.postmortems.markdown.parse import parse_file

    if not file.is_file():
        raise InvalidInput(f"{file} does not exist", hint="Give the path of a postmortem file.")
    text = file.read_text(encoding="utf-8")
    _doc, state = parse_file(text)
    done = backend().postmortem_import(state.incident, text, force)
    pm, kept = done["postmortem"], done["kept"]
    _ = gettext()
    if kept:
        warning = _("warning: markers missing for {fields}: their stored text was kept")
        typer.echo(warning.format(fields=", ".join(kept)), err=True)
    if done["plan"] == "unchanged":
        message = _("{id}: no changes (revision {rev})")
        typer.echo(message.format(id=pm["incident"], rev=pm["revision"]))
        return
    if kept:
        message = _("{id}: imported as revision {rev}; restore the markers in {path}")
    else:
        fresh, _pm = _export_text(pm["incident"])
        _write(file, fresh)
        message = _("{id}: imported as revision {rev}; {path} updated")
    typer.echo(message.format(id=pm["incident"], rev=pm["revision"], path=file))


@app.command()
def export(
    incident_id: str,
    fmt: Annotated[str, typer.Option("--format", "-f", help="md, html or pdf.")] = "md",
    output: Output = None,
) -> None:
    """Write the postmortem as Markdown (its file), standalone HTML or PDF."""
    from warroom.errors import InvalidInput
    from warroom.postmortems import export as exporting

    text, pm = _export_text(incident_id)
    kind = fmt.strip().lower()
    if kind not in ("md", "html", "pdf"):
        raise InvalidInput(f"unknown format '{fmt}'", hint="Use md, html or pdf.")
    path = output or Path(pm.path).with_suffix(f".{kind}")
    if kind == "md":
        _guard_edits(path, pm)
        _write(path, text)
    elif kind == "html":
        _write(path, exporting.to_html(text, title=pm.title, lang=pm.lang))
    else:
        _write(path, exporting.to_pdf(text, title=pm.title, font=runtime().settings.pdf_font))
    typer.echo(str(path))


def _summary(pm: Postmortem) -> dict[str, object]:
    return {
        "incident": pm.incident_id,
        "title": pm.title,
        "status": pm.status,
        "template": pm.template,
        "lang": pm.lang,
        "revision": pm.revision,
        "path": pm.path,
        "reviewers": pm.reviewers,
        "approver": pm.approver,
        "signoffs": pm.signoffs,
        "draft_due_at": pm.draft_due_at.isoformat(),
        "review_due_at": pm.review_due_at.isoformat(),
        "published_at": pm.published_at.isoformat() if pm.published_at else None,
    }


@app.command()
def show(incident_id: str, as_json: JSON = False) -> None:
    """Show a postmortem's status, reviewers, sign-offs and deadlines."""
    from warroom.postmortems.queries import get_postmortem

    with runtime().read() as session:
        data = _summary(get_postmortem(session, incident_id))
    if as_json:
        emit_json(data)
        return
    _ = gettext()
    for key, raw in data.items():
        value = raw
        if key == "signoffs" and isinstance(raw, list):
            value = [f"{x['who']} {_(x['decision'])} {x['at']}" for x in raw]
        shown = ", ".join(str(v) for v in value) if isinstance(value, list) else value
        typer.echo(f"{_(key)}: {shown if shown not in (None, '') else '-'}")


@app.command("list")
def list_(
    status: Annotated[list[str] | None, typer.Option("--status", help="Filter.")] = None,
    as_json: JSON = False,
) -> None:
    """List postmortems, newest first."""
    from warroom.postmortems.queries import list_postmortems

    with runtime().read() as session:
        rows = [_summary(pm) for pm in list_postmortems(session, statuses=status or [])]
    if as_json:
        emit_json(rows)
        return
    _ = gettext()
    for row in rows:
        typer.echo(f"{row['incident']}  {_(str(row['status'])):<10} {row['title']}  {row['path']}")


@app.command()
def submit(
    incident_id: str,
    reviewer: Annotated[list[str], typer.Option("--reviewer", "-r", help="Repeatable.")],
    approver: Annotated[str, typer.Option(help="Who signs off and publishes.")],
) -> None:
    """Draft → In Review."""
    from warroom.postmortems.actions import submit_postmortem

    rt = runtime()
    _text, before = _export_text(incident_id)
    _guard_edits(Path(before.path), before)
    pm = rt.write(
        lambda s: submit_postmortem(
            session=s,
            actor=rt.actor,
            now=rt.now(),
            incident_id=incident_id,
            reviewers=reviewer,
            approver=approver,
        )
    )
    text, copy = _export_text(pm.incident_id)
    _write(Path(copy.path), text)
    typer.echo(f"{copy.incident_id}: {gettext()(copy.status)} ({copy.path})")


@app.command("request-changes")
def request_changes(
    incident_id: str, reason: Annotated[str, typer.Option(help="What should change.")]
) -> None:
    """In Review → Draft, with what to change."""
    from warroom.postmortems import actions

    rt = runtime()
    pm = rt.write(
        lambda s: actions.request_changes(
            session=s, actor=rt.actor, now=rt.now(), incident_id=incident_id, reason=reason
        )
    )
    typer.echo(f"{pm.incident_id}: {gettext()(pm.status)}")


@app.command()
def approve(
    incident_id: str, note: Annotated[str, typer.Option(help="Optional comment.")] = ""
) -> None:
    """Record your approval as a reviewer (or the approver)."""
    from warroom.postmortems.actions import approve_postmortem

    rt = runtime()
    pm = rt.write(
        lambda s: approve_postmortem(
            session=s, actor=rt.actor, now=rt.now(), incident_id=incident_id, note=note
        )
    )
    typer.echo(f"{pm.incident_id}: {gettext()('approved by {who}').format(who=rt.actor.handle)}")


@app.command()
def publish(
    incident_id: str,
    override_lint: Annotated[
        str,
        typer.Option(
            "--override-lint",
            help="Publish despite linter errors; the reason is recorded (approver only).",
        ),
    ] = "",
) -> None:
    """In Review → Published: the approver's sign-off, after the linter gate. Rewrites the file."""
    from warroom.postmortems.actions import publish_postmortem

    rt, policy = runtime(), _policy()
    _text, before = _export_text(incident_id)
    _guard_edits(Path(before.path), before)
    pm = rt.write(
        lambda s: publish_postmortem(
            session=s,
            actor=rt.actor,
            now=rt.now(),
            policy=policy,
            incident_id=incident_id,
            override_reason=override_lint,
        )
    )
    text, copy = _export_text(pm.incident_id)
    _write(Path(copy.path), text)
    typer.echo(f"{copy.incident_id}: {gettext()(copy.status)} ({copy.path})")


@app.command()
def due(as_json: JSON = False) -> None:
    """List postmortems past their deadline: draft 24 h, review 3 business days (003)."""
    from warroom.postmortems.draft import when
    from warroom.postmortems.queries import list_due

    rt, policy = runtime(), _policy()
    with rt.read() as session:
        late = list_due(session, policy, rt.now())
    if as_json:
        emit_json(
            [
                {
                    "incident": i.incident_id,
                    "title": i.title,
                    "step": i.step,
                    "due_at": i.due_at.isoformat(),
                    "status": i.status,
                }
                for i in late
            ]
        )
        return
    _ = gettext()
    if not late:
        typer.echo(_("nothing is late"))
    for item in late:
        what = _("draft late") if item.step == "draft" else _("review late")
        typer.echo(f"{item.incident_id}  {what:<12} {when(item.due_at, policy.tz)}  {item.title}")


@app.command()
def agenda(incident_id: str, lang: Lang = None) -> None:
    """Print the 90-minute review meeting agenda (001) filled with this incident's data."""
    from warroom.postmortems.agenda import agenda as build
    from warroom.postmortems.queries import document_of, get_postmortem, list_roles

    rt, policy = runtime(), _policy()
    with rt.read() as session:
        pm = get_postmortem(session, incident_id)
        roles = [(r.role, r.handle) for r in list_roles(session, pm.incident_id)]
        typer.echo(build(pm, document_of(pm), roles, policy, lang or pm.lang))
