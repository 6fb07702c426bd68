"""The postmortem editor: draft from the incident, edit the Markdown with a sanitized
preview, and move it through review (submit, approve, request changes, publish).

Edits go to the database through the same import the CLI uses for an edited file, so
the round trip is checked the same way; `warroom postmortem export ID` writes the file
for git. Every button is a form that calls one action.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from warroom.errors import WarroomError
from warroom.i18n import N_
from warroom.postmortems import actions
from warroom.postmortems.files import render_postmortem
from warroom.postmortems.gate import lint_postmortem
from warroom.postmortems.markdown.render import available_templates
from warroom.postmortems.policy import PostmortemPolicy
from warroom.postmortems.queries import find_postmortem
from warroom.postmortems.rules import pending_reviewers
from warroom.web.auth import actor_of
from warroom.web.markdown import render_document
from warroom.web.present import gettext, language
from warroom.web.state import AppState, Reader, Writer
from warroom.web.state import State as AppStateDep
from warroom.web.ui.render import FormUser, PageUser, redirect, render

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form()]


def _policy(state: AppState) -> PostmortemPolicy:
    return PostmortemPolicy.from_settings(state.settings)


def _done(request: Request, message: str) -> str:
    return gettext(request)(message)


def _page(incident_id: str) -> str:
    return f"/incidents/{incident_id}/postmortem"


@router.get("/incidents/{incident_id}/postmortem")
def editor(
    incident_id: str, request: Request, reader: Reader, state: AppStateDep, _who: PageUser
) -> Response:
    from warroom.incidents.queries import get_incident

    incident = get_incident(reader, incident_id)
    pm = find_postmortem(reader, incident.id)
    policy = _policy(state)
    if pm is None:
        context = {
            "incident": incident,
            "pm": None,
            "templates": available_templates(policy.template_dir),
            "default_template": policy.template,
            "default_lang": language(request),
        }
        return render(request, "postmortem.html", context)
    text = render_postmortem(pm, policy)
    findings = lint_postmortem(pm, policy)
    return render(
        request,
        "postmortem.html",
        {
            "incident": incident,
            "pm": pm,
            "text": text,
            "preview": render_document(text),
            "pending": pending_reviewers(pm.reviewers, pm.signoffs),
            "findings": findings,
            "lint_errors": sum(1 for f in findings if f.severity == "error"),
        },
    )


@router.post("/incidents/{incident_id}/postmortem/draft")
def draft(
    incident_id: str,
    request: Request,
    writer: Writer,
    state: AppStateDep,
    who: FormUser,
    template: Text = "",
    lang: Text = "",
) -> Response:
    from warroom.action_items.postmortem_link import document_rows
    from warroom.analytics.related import related_lines
    from warroom.core.ids import normalize_incident_id

    key = normalize_incident_id(incident_id)
    pm = actions.draft_postmortem(
        session=writer,
        actor=actor_of(who),
        now=state.clock.now(),
        incident_policy=state.policy,
        policy=_policy(state),
        incident_id=key,
        template=template or None,
        lang=lang or language(request),
        action_items=document_rows(writer, key, state.policy.tz),
        related=related_lines(writer, key, lang or _policy(state).language),
    )
    return redirect(_page(pm.incident_id), flash=_done(request, N_("Postmortem drafted.")))


@router.post("/incidents/{incident_id}/postmortem/save")
def save(
    incident_id: str,
    request: Request,
    writer: Writer,
    state: AppStateDep,
    who: FormUser,
    text: Text,
) -> Response:
    """Store the edited Markdown; a refusal shows the editor again with the text kept."""
    markdown = text.replace("\r\n", "\n")
    try:
        done = actions.import_postmortem(
            session=writer,
            actor=actor_of(who),
            now=state.clock.now(),
            text=markdown,
            policy=_policy(state),
            incident_id=incident_id,
        )
    except WarroomError as error:
        writer.rollback()
        return _refused(request, writer, state, incident_id, markdown, error)
    _ = gettext(request)
    message = _("Saved as revision {rev}.").format(rev=done.postmortem.revision)
    if done.kept:
        message += " " + _("Sections whose markers were missing kept their saved text.")
    return redirect(_page(done.postmortem.incident_id), flash=message)


def _refused(
    request: Request,
    reader: Session,
    state: AppState,
    incident_id: str,
    markdown: str,
    error: WarroomError,
) -> Response:
    """The editor with what was typed still in it, and why it was not saved."""
    from warroom.incidents.queries import get_incident
    from warroom.postmortems.queries import get_postmortem

    _ = gettext(request)
    incident = get_incident(reader, incident_id)
    pm = get_postmortem(reader, incident.id)
    message = _("Not saved: {reason}").format(reason=_(error.message))
    if error.hint:
        message += " — " + _(error.hint)
    findings = lint_postmortem(pm, _policy(state))  # of the saved revision
    context = {
        "incident": incident,
        "pm": pm,
        "text": markdown,
        "preview": render_document(markdown),
        "pending": pending_reviewers(pm.reviewers, pm.signoffs),
        "findings": findings,
        "lint_errors": sum(1 for f in findings if f.severity == "error"),
        "flash": {"kind": "error", "text": message},
    }
    return render(request, "postmortem.html", context, error.http_status)


@router.post("/incidents/{incident_id}/postmortem/submit")
def submit(
    incident_id: str,
    request: Request,
    writer: Writer,
    state: AppStateDep,
    who: FormUser,
    reviewers: Text,
    approver: Text,
) -> Response:
    pm = actions.submit_postmortem(
        session=writer,
        actor=actor_of(who),
        now=state.clock.now(),
        incident_id=incident_id,
        reviewers=[r for r in reviewers.replace(",", " ").split() if r],
        approver=approver,
    )
    return redirect(_page(pm.incident_id), flash=_done(request, N_("Submitted for review.")))


@router.post("/incidents/{incident_id}/postmortem/approve")
def approve(
    incident_id: str,
    request: Request,
    writer: Writer,
    state: AppStateDep,
    who: FormUser,
    note: Text = "",
) -> Response:
    pm = actions.approve_postmortem(
        session=writer,
        actor=actor_of(who),
        now=state.clock.now(),
        incident_id=incident_id,
        note=note,
    )
    return redirect(_page(pm.incident_id), flash=_done(request, N_("Approved.")))


@router.post("/incidents/{incident_id}/postmortem/request-changes")
def request_changes(
    incident_id: str,
    request: Request,
    writer: Writer,
    state: AppStateDep,
    who: FormUser,
    reason: Text,
) -> Response:
    pm = actions.request_changes(
        session=writer,
        actor=actor_of(who),
        now=state.clock.now(),
        incident_id=incident_id,
        reason=reason,
    )
    return redirect(_page(pm.incident_id), flash=_done(request, N_("Changes requested.")))


@router.post("/incidents/{incident_id}/postmortem/publish")
def publish(
    incident_id: str,
    request: Request,
    writer: Writer,
    state: AppStateDep,
    who: FormUser,
    override_reason: Text = "",
) -> Response:
    pm = actions.publish_postmortem(
        session=writer,
        actor=actor_of(who),
        now=state.clock.now(),
        policy=_policy(state),
        incident_id=incident_id,
        override_reason=override_reason,
    )
    return redirect(_page(pm.incident_id), flash=_done(request, N_("Published.")))
