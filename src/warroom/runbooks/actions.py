"""Load the library, attach runbooks to incidents, check steps off (each on the timeline)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom.core.actor import Actor
from warroom.errors import Conflict, InvalidInput, NotFound
from warroom.incidents.models import Incident
from warroom.incidents.queries import get_incident
from warroom.runbooks import matching, queries
from warroom.runbooks.document import Runbook
from warroom.runbooks.models import Attachment, RunbookRow, StepRun
from warroom.timeline import actions as timeline
from warroom.timeline.rules import EventKind

OUTCOMES = ("done", "skipped")
MAX_NOTE = 4000


@dataclass(frozen=True)
class Synced:
    added: int
    updated: int
    unchanged: int


def sync(session: Session, books: Sequence[Runbook], *, actor: Actor, now: datetime) -> Synced:
    """Store these runbooks (all or nothing: the caller parsed them without problems)."""
    added = updated = unchanged = 0
    for book in books:
        row = session.get(RunbookRow, (book.id, book.lang))
        data = book.as_data()
        if row is None:
            session.add(
                RunbookRow(
                    id=book.id,
                    lang=book.lang,
                    version=book.version,
                    title=book.title,
                    data=data,
                    source=book.source[:500],
                    loaded_by=str(actor),
                    loaded_at=now,
                )
            )
            added += 1
        elif row.data == data:
            unchanged += 1
        else:
            if book.version < row.version:
                raise Conflict(
                    f"{book.source}: {book.id} ({book.lang}) is version {book.version}, "
                    f"older than the loaded version {row.version}",
                    hint="Raise `version:` in the file when you change a runbook.",
                )
            # A changed text under the same version number still gets a new version,
            # so an incident's record of "the version used" stays unambiguous.
            row.version = max(book.version, row.version + 1)
            row.data = {**data, "version": row.version}
            row.title, row.source = book.title, book.source[:500]
            row.loaded_by, row.loaded_at = str(actor), now
            updated += 1
    session.flush()
    return Synced(added, updated, unchanged)


def attach(
    session: Session,
    *,
    incident_id: str,
    runbook_id: str,
    actor: Actor,
    now: datetime,
    lang: str = "en",
    reason: str = "",
) -> Attachment:
    incident = get_incident(session, incident_id, lock=True)
    book = queries.get_runbook(session, runbook_id, lang)
    return _attach(session, incident, book, actor=actor, now=now, reason=reason or "by hand")


def _attach(
    session: Session, incident: Incident, book: Runbook, *, actor: Actor, now: datetime, reason: str
) -> Attachment:
    if _current(session, incident.id, book.id) is not None:
        raise Conflict(
            f"runbook {book.id} is already attached to {incident.id}",
            hint=f"`warroom runbook show {book.id} --incident {incident.id}` shows its steps.",
        )
    row = Attachment(
        incident_id=incident.id,
        runbook_id=book.id,
        lang=book.lang,
        version=book.version,
        title=book.title,
        steps=[
            {"action": s.action, "role": s.role, "command": s.command, "expected": s.expected}
            for s in book.steps
        ],
        reason=reason[:300],
        attached_by=str(actor),
        attached_at=now,
    )
    session.add(row)
    session.flush()
    timeline.record(
        session,
        incident_id=incident.id,
        actor=actor,
        kind=EventKind.NOTE,
        now=now,
        body=f"Runbook attached: {book.title} ({book.id} v{book.version}, {reason})",
        data={"runbook": book.id, "version": book.version, "attached": True},
    )
    return row


def detach(
    session: Session, *, incident_id: str, runbook_id: str, actor: Actor, now: datetime
) -> Attachment:
    get_incident(session, incident_id, lock=True)
    row = _current(session, incident_id, runbook_id)
    if row is None:
        raise NotFound(
            f"runbook {runbook_id} is not attached to {incident_id}",
            hint=f"`warroom runbook attached {incident_id}` lists the attached runbooks.",
        )
    row.detached_at = now
    timeline.record(
        session,
        incident_id=incident_id,
        actor=actor,
        kind=EventKind.NOTE,
        now=now,
        body=f"Runbook detached: {row.title} ({row.runbook_id})",
        data={"runbook": row.runbook_id, "detached": True},
    )
    return row


def run_step(
    session: Session,
    *,
    incident_id: str,
    runbook_id: str,
    step: int,
    actor: Actor,
    now: datetime,
    outcome: str = "done",
    note: str = "",
) -> StepRun:
    """Check a step off (with optional output) or skip it (with a reason)."""
    if outcome not in OUTCOMES:
        raise InvalidInput(f"outcome {outcome!r} is not done or skipped", hint="--skip REASON")
    note = note.strip()
    if outcome == "skipped" and not note:
        raise InvalidInput("a skipped step needs a reason", hint='--skip "not a JVM service"')
    if len(note) > MAX_NOTE:
        raise InvalidInput(f"the output is longer than {MAX_NOTE} characters", hint="Trim it.")
    get_incident(session, incident_id, lock=True)
    row = _current(session, incident_id, runbook_id)
    if row is None:
        raise NotFound(
            f"runbook {runbook_id} is not attached to {incident_id}",
            hint=f"`warroom runbook attach {incident_id} {runbook_id}` attaches it first.",
        )
    if not 1 <= step <= len(row.steps):
        raise InvalidInput(
            f"step {step} does not exist: {runbook_id} has steps 1 to {len(row.steps)}",
            hint="Steps are numbered as the room shows them.",
        )
    earlier = session.scalar(
        select(StepRun).where(StepRun.attachment_id == row.id, StepRun.step == step)
    )
    if earlier is not None:
        raise Conflict(
            f"step {step} of {runbook_id} was already {earlier.outcome} by {earlier.actor}",
            hint="Add a timeline note if something changed since.",
        )
    spec = row.steps[step - 1]
    body = f"Runbook {runbook_id} step {step} {outcome}: {spec['action']}"
    if note:
        body += f"\n\n{'Output' if outcome == 'done' else 'Reason'}: {note}"
    event = timeline.record(
        session,
        incident_id=incident_id,
        actor=actor,
        kind=EventKind.RUNBOOK_STEP,
        now=now,
        body=body,
        data={
            "runbook": runbook_id,
            "version": row.version,
            "step": step,
            "outcome": outcome,
            "role": spec["role"],
        },
    )
    run = StepRun(
        attachment_id=row.id,
        incident_id=incident_id,
        step=step,
        outcome=outcome,
        note=note,
        actor=str(actor),
        at=now,
        event_id=event.id,
    )
    session.add(run)
    session.flush()
    return run


def auto_attach(
    session: Session, *, incident_id: str, actor: Actor, now: datetime, lang: str = "en"
) -> list[Attachment]:
    """Attach every runbook whose matchers or services fit the incident (idempotent)."""
    incident = get_incident(session, incident_id, lock=True)
    found = matching.suggest(
        queries.library(session, lang),
        labels=queries.alert_labels(session, incident.id),
        services=list(incident.services),
    )
    made = []
    for hit in found:
        if hit.score < matching.ATTACH_AT or _ever(session, incident.id, hit.runbook.id):
            continue
        made.append(
            _attach(
                session, incident, hit.runbook, actor=actor, now=now, reason="; ".join(hit.reasons)
            )
        )
    return made


def suggestions(session: Session, incident_id: str, lang: str = "en") -> list[matching.Suggestion]:
    incident = get_incident(session, incident_id)
    return matching.suggest(
        queries.library(session, lang),
        labels=queries.alert_labels(session, incident.id),
        services=list(incident.services),
        text=f"{incident.title}\n{incident.summary}",
    )


def _current(session: Session, incident_id: str, runbook_id: str) -> Attachment | None:
    return session.scalar(
        select(Attachment).where(
            Attachment.incident_id == incident_id,
            Attachment.runbook_id == runbook_id,
            Attachment.detached_at.is_(None),
        )
    )


def _ever(session: Session, incident_id: str, runbook_id: str) -> bool:
    """Attached at some point: a runbook someone detached is not re-attached by itself."""
    return (
        session.scalar(
            select(Attachment.id).where(
                Attachment.incident_id == incident_id, Attachment.runbook_id == runbook_id
            )
        )
        is not None
    )
