"""`warroom evidence`: preserve files for an incident and check they are unchanged."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, BinaryIO

import typer

from warroom.cli.options import JSON, TZ, gettext
from warroom.cli.runtime import emit_json, new_app, runtime
from warroom.errors import InvalidInput

app = new_app("Preserve logs, metrics and config for an incident.")


def _open(path: str) -> tuple[BinaryIO, str]:
    if path == "-":
        return sys.stdin.buffer, "stdin"
    file = Path(path)
    if not file.is_file():
        raise InvalidInput(f"no such file: {path}", hint="Give the path of a file, or - for stdin.")
    return file.open("rb"), file.name


@app.command()
def add(
    incident_id: str,
    path: Annotated[str, typer.Argument(help="File to preserve, or - for stdin.")],
    kind: Annotated[
        str | None, typer.Option(help="logs, metrics, config, features, other.")
    ] = None,
    name: Annotated[
        str | None, typer.Option(help="File name to record (default: the path's).")
    ] = None,
    note: Annotated[str, typer.Option(help="What it is, where it came from.")] = "",
) -> None:
    """Store a file with its SHA-256 and record it on the incident's timeline."""
    from warroom.evidence.actions import add_evidence

    rt = runtime()
    now = rt.now()
    source, default_name = _open(path)
    with source:
        evidence = rt.write(
            lambda s: add_evidence(
                session=s,
                actor=rt.actor,
                now=now,
                root=rt.settings.resolved_evidence_dir,
                incident_id=incident_id,
                source=source,
                filename=name or default_name,
                kind=kind,
                note=note,
            )
        )
    typer.echo(
        gettext()("evidence #{n} stored: {file} sha256 {sha} ({size} bytes)").format(
            n=evidence.id, file=evidence.filename, sha=evidence.sha256, size=evidence.size
        )
    )


@app.command("list")
def list_(incident_id: str, tz: TZ = None, as_json: JSON = False) -> None:
    """List the evidence preserved for an incident."""
    from warroom.core.timefmt import local
    from warroom.evidence.queries import list_evidence
    from warroom.incidents.queries import get_incident

    rt = runtime()
    with rt.read() as session:
        incident = get_incident(session, incident_id)
        rows = list_evidence(session, incident.id)
    if as_json:
        emit_json(
            [
                {
                    "id": e.id,
                    "kind": e.kind,
                    "filename": e.filename,
                    "sha256": e.sha256,
                    "size": e.size,
                    "media_type": e.media_type,
                    "note": e.note,
                    "added_by": e.added_by,
                    "added_at": e.added_at.isoformat(),
                }
                for e in rows
            ]
        )
        return
    zone = rt.tz(tz)
    for e in rows:
        typer.echo(
            f"#{e.id:<4} {e.kind:8s} {e.filename:32s} {e.size:>10d}  {e.sha256[:16]}  "
            f"{local(e.added_at, zone)}  {e.added_by}"
        )


@app.command()
def export(evidence_id: int, destination: Path) -> None:
    """Copy a preserved file out, after checking its hash."""
    from warroom.evidence import store
    from warroom.evidence.queries import get_evidence

    rt = runtime()
    root = rt.settings.resolved_evidence_dir
    with rt.read() as session:
        evidence = get_evidence(session, evidence_id)
    if not store.verify(root, evidence.stored_as, evidence.sha256):
        raise InvalidInput(
            f"evidence #{evidence_id} no longer matches its SHA-256",
            hint=f"The stored copy under {root} was changed or removed.",
        )
    target = destination / evidence.filename if destination.is_dir() else destination
    store.export(root, evidence.stored_as, target)
    typer.echo(str(target))


@app.command()
def verify(incident_id: str) -> None:
    """Check every preserved file of an incident still has its recorded SHA-256."""
    from warroom.evidence import store
    from warroom.evidence.queries import list_evidence
    from warroom.incidents.queries import get_incident

    rt = runtime()
    root = rt.settings.resolved_evidence_dir
    with rt.read() as session:
        rows = list_evidence(session, get_incident(session, incident_id).id)
    bad = [e for e in rows if not store.verify(root, e.stored_as, e.sha256)]
    _ = gettext()
    for e in bad:
        typer.echo(_("#{n} {file}: changed or missing").format(n=e.id, file=e.filename), err=True)
    typer.echo(_("{ok} of {total} files intact").format(ok=len(rows) - len(bad), total=len(rows)))
    if bad:
        raise typer.Exit(1)
