"""Postmortem writes: draft, import an edited file, submit, approve, request changes, publish.

Each action validates with `rules`, mutates, appends to the incident's timeline and
never commits; writing the Markdown file is the caller's job, after the commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple

from sqlalchemy.orm import Session

from warroom.core.actor import Actor
from warroom.core.bounds import DOCUMENT_MAX, NOTE_MAX, check_length
from warroom.core.ids import normalize_incident_id
from warroom.errors import Conflict, InvalidInput
from warroom.i18n import LANGUAGES
from warroom.incidents.policy import IncidentPolicy
from warroom.incidents.queries import get_incident, list_status_updates
from warroom.postmortems import rules
from warroom.postmortems.document import BODY_FIELDS, ActionRow, Document
from warroom.postmortems.draft import build_document
from warroom.postmortems.gate import error_lines, lint_postmortem
from warroom.postmortems.markdown.parse import body_of, read_file
from warroom.postmortems.markdown.render import FileState, load_template, render_body
from warroom.postmortems.markdown.stray import stray_lines
from warroom.postmortems.models import Postmortem
from warroom.postmortems.policy import PostmortemPolicy
from warroom.postmortems.queries import (
    document_of,
    find_postmortem,
    get_postmortem,
    list_roles,
)
from warroom.postmortems.rules import ImportPlan, Status
from warroom.timeline import actions as timeline
from warroom.timeline.queries import list_events
from warroom.timeline.rules import EventKind


def _note(
    session: Session,
    actor: Actor,
    now: datetime,
    pm: Postmortem,
    body: str,
    *,
    step: str,
    **data: Any,
) -> None:
    timeline.record(
        session,
        incident_id=pm.incident_id,
        actor=actor,
        kind=EventKind.NOTE,
        now=now,
        body=body,
        data={"postmortem": step, "revision": pm.revision, **data},
        key=False,
    )


def _store(pm: Postmortem, doc: Document, now: datetime) -> None:
    pm.document = doc.model_dump(mode="json")
    pm.content_hash = doc.content_hash()
    pm.title = doc.meta.title or pm.title
    pm.revision += 1
    pm.updated_at = now


def draft_postmortem(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    incident_policy: IncidentPolicy,
    policy: PostmortemPolicy,
    incident_id: str,
    template: str | None = None,
    lang: str | None = None,
    action_items: Sequence[ActionRow] = (),
    related: Sequence[str] = (),
) -> Postmortem:
    """Start the postmortem of a resolved incident from its data.

    `action_items` are the incident's tracked items as rows; the transport reads them
    (postmortems and action_items are sibling packages and do not import each other).
    """
    incident = get_incident(session, incident_id, lock=True)
    rules.ensure_draftable(incident.state, incident.id)
    if find_postmortem(session, incident.id) is not None:
        raise Conflict(
            f"{incident.id} already has a postmortem",
            hint=f"Edit its file, or rewrite it with `warroom postmortem export {incident.id}`.",
        )
    name, language = template or policy.template, lang or policy.language
    if language not in LANGUAGES:
        raise InvalidInput(f"unknown language '{language}'", hint="Use en or ko.")
    load_template(name, language, policy.template_dir)
    doc = build_document(
        incident=incident,
        events=list_events(session, incident.id),
        updates=list_status_updates(session, incident.id),
        roles=list_roles(session, incident.id),
        policy=incident_policy,
        lang=language,
        author=str(actor),
        now=now,
        action_items=action_items,
        related=related,
    )
    assert incident.resolved_at is not None  # ensured by ensure_draftable
    day = incident.started_at.astimezone(policy.tz).date()
    pm = Postmortem(
        incident_id=incident.id,
        title=incident.title,
        template=name,
        lang=language,
        status=Status.DRAFT.value,
        revision=0,
        path=str(
            PurePosixPath(
                policy.directory.as_posix(), rules.file_name(day, incident.title, incident.id)
            )
        ),
        author=str(actor),
        reviewers=[],
        approver=None,
        signoffs=[],
        draft_due_at=rules.draft_due(incident.resolved_at, policy.draft_due),
        review_due_at=rules.review_due(
            incident.resolved_at, policy.review_business_days, policy.tz, policy.business_hours
        ),
        created_at=now,
    )
    _store(pm, doc, now)
    session.add(pm)
    session.flush()
    _note(session, actor, now, pm, f"Postmortem drafted ({name}, {language})", step="drafted")
    return pm


class Imported(NamedTuple):
    postmortem: Postmortem
    plan: ImportPlan
    kept: tuple[str, ...]  # fields whose markers were missing: the database copy is kept


def import_postmortem(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    text: str,
    force: bool = False,
    policy: PostmortemPolicy | None = None,
    incident_id: str | None = None,
) -> Imported:
    """Store an edited file's content; refuse when the database copy moved on meanwhile.

    A section whose markers are gone (deleted or damaged) keeps its database value
    instead of being emptied; the result says which. Text typed outside the sections
    is refused, never dropped. `incident_id` is the incident the caller is saving (a
    URL's): a document naming another one is refused.
    """
    check_length(
        text, limit=DOCUMENT_MAX, what="postmortem file", hint="Split long appendices out."
    )
    doc, state, found = read_file(text)
    if incident_id is not None:
        rules.ensure_same_incident(
            normalize_incident_id(incident_id), normalize_incident_id(state.incident)
        )
    incident = get_incident(session, state.incident, lock=True)
    pm = get_postmortem(session, incident.id)
    rules.ensure_editable(Status(pm.status))
    team_dir = policy.template_dir if policy is not None else None
    load_template(state.template, state.lang, team_dir)
    kept = tuple(key for key in BODY_FIELDS if key not in found)
    current = document_of(pm)
    if kept:
        doc = doc.model_copy(update={key: getattr(current, key) for key in kept})
    _refuse_stray_text(text, doc, stored=current, state=state, team_dir=team_dir, kept=kept)
    plan = rules.plan_import(
        incident_id=pm.incident_id,
        db_revision=pm.revision,
        db_hash=pm.content_hash,
        file_incident=incident.id,
        file_revision=state.revision,
        file_hash=state.content_hash,
        new_hash=doc.content_hash(),
        force=force,
    )
    pm.template, pm.lang = state.template, state.lang
    if plan is ImportPlan.APPLY:
        _store(pm, doc, now)
        _note(session, actor, now, pm, "Postmortem edits imported", step="imported", forced=force)
    return Imported(pm, plan, kept)


def _refuse_stray_text(
    text: str,
    doc: Document,
    *,
    stored: Document,
    state: FileState,
    team_dir: Path | None,
    kept: tuple[str, ...],
) -> None:
    """Refuse lines outside the sections, which would otherwise be lost without a word.

    The layout is rendered with the file's metadata and with the stored one: after an
    edit of the front matter, the metadata table in the body still shows the old values.
    """
    body, first_line = body_of(text)
    metas = (
        [doc] if stored.meta == doc.meta else [doc, doc.model_copy(update={"meta": stored.meta})]
    )
    layouts = [render_body(d, state.template, state.lang, team_dir, state.status) for d in metas]
    stray = stray_lines(body, layouts, first_line=first_line, keep=kept)
    if stray:
        raise rules.stray_text_error(stray)


def submit_postmortem(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    incident_id: str,
    reviewers: Sequence[str],
    approver: str,
) -> Postmortem:
    """Draft → In Review, with the reviewers and the approver who signs off."""
    pm = _locked(session, incident_id)
    rules.ensure_status(Status(pm.status), Status.DRAFT, "submit for review")
    people, boss = rules.clean_handles(reviewers), (rules.clean_handles([approver]) or [""])[0]
    rules.check_submission(people, boss)
    pm.reviewers, pm.approver, pm.signoffs = people, boss, []
    pm.status, pm.submitted_at = Status.IN_REVIEW.value, now
    doc = document_of(pm)
    doc.sign_off_reviewers = people
    _store(pm, doc, now)
    _note(
        session,
        actor,
        now,
        pm,
        f"Postmortem submitted for review to {', '.join(people)}; approver {boss}",
        step="submitted",
        reviewers=people,
        approver=boss,
    )
    return pm


def approve_postmortem(
    *, session: Session, actor: Actor, now: datetime, incident_id: str, note: str = ""
) -> Postmortem:
    """Record a reviewer's (or the approver's) approval."""
    pm = _locked(session, incident_id)
    rules.ensure_status(Status(pm.status), Status.IN_REVIEW, "approve")
    role = rules.ensure_participant(actor.handle, pm.reviewers, pm.approver)
    entry = {
        "who": actor.handle,
        "role": role,
        "decision": "approved",
        "at": now.isoformat(),
        "note": check_length(note.strip(), limit=NOTE_MAX, what="note"),
    }
    pm.signoffs = [s for s in pm.signoffs if s["who"] != actor.handle] + [entry]
    pm.updated_at = now
    _note(
        session, actor, now, pm, f"Postmortem approved by {actor.handle} ({role})", step="approved"
    )
    return pm


def request_changes(
    *, session: Session, actor: Actor, now: datetime, incident_id: str, reason: str
) -> Postmortem:
    """In Review → Draft: a reviewer asks for changes; approvals so far are cleared."""
    pm = _locked(session, incident_id)
    rules.ensure_status(Status(pm.status), Status.IN_REVIEW, "request changes")
    role = rules.ensure_participant(actor.handle, pm.reviewers, pm.approver)
    reason = check_length(reason.strip(), limit=NOTE_MAX, what="reason")
    if not reason:
        raise InvalidInput("say what should change", hint='--reason "5 Whys stop at a person".')
    entry = {
        "who": actor.handle,
        "role": role,
        "decision": "changes_requested",
        "at": now.isoformat(),
        "note": reason.strip(),
    }
    pm.signoffs = [entry]
    pm.status, pm.updated_at = Status.DRAFT.value, now
    _note(session, actor, now, pm, f"Changes requested: {reason.strip()}", step="changes_requested")
    return pm


def publish_postmortem(
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    policy: PostmortemPolicy,
    incident_id: str,
    override_reason: str = "",
) -> Postmortem:
    """In Review → Published: the approver signs off once every reviewer approved.

    The linter runs first (the gate): an error-level finding refuses publishing unless
    the approver gives `override_reason`, which is recorded with the errors overridden.
    """
    pm = _locked(session, incident_id)
    rules.ensure_status(Status(pm.status), Status.IN_REVIEW, "publish")
    rules.ensure_publishable(
        actor.handle, pm.approver, rules.pending_reviewers(pm.reviewers, pm.signoffs)
    )
    errors = error_lines(lint_postmortem(pm, policy))
    rules.ensure_lint_passes(pm.incident_id, errors, override_reason)
    overridden = {"lint_override": override_reason.strip(), "lint_errors": errors} if errors else {}
    entry = {
        "who": actor.handle,
        "role": "approver",
        "decision": "published",
        "at": now.isoformat(),
        "note": override_reason.strip() if errors else "",
        **overridden,
    }
    pm.signoffs = [*pm.signoffs, entry]
    pm.status, pm.published_at = Status.PUBLISHED.value, now
    doc = document_of(pm)
    doc.sign_off_approver = actor.handle
    doc.sign_off_published = f"{now.astimezone(policy.tz):%Y-%m-%d}"
    _store(pm, doc, now)
    body = f"Postmortem published, signed off by {actor.handle}"
    if errors:
        body += f", over {len(errors)} linter error(s): {override_reason.strip()}"
    _note(session, actor, now, pm, body, step="published", **overridden)
    return pm


def _locked(session: Session, incident_id: str) -> Postmortem:
    incident = get_incident(session, incident_id, lock=True)
    return get_postmortem(session, incident.id)
