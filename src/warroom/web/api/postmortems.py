"""/api/v1/postmortems and /api/v1/incidents/{id}/postmortem: the CLI's actions over HTTP.

The Markdown is the file `warroom postmortem export` writes; PUT it back edited and the
same import checks the round trip (a stale revision is refused unless `force`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from warroom.postmortems import actions
from warroom.postmortems.files import render_postmortem
from warroom.postmortems.models import Postmortem
from warroom.postmortems.policy import PostmortemPolicy
from warroom.postmortems.queries import get_postmortem, list_postmortems
from warroom.web.auth import Caller, Viewer
from warroom.web.params import Limit, Offset
from warroom.web.state import AppState, Reader, State, Writer

router = APIRouter(tags=["postmortems"])


class PostmortemOut(BaseModel):
    incident: str
    title: str
    status: str
    template: str
    lang: str
    revision: int
    path: str
    reviewers: list[str]
    approver: str | None
    signoffs: list[dict[str, Any]]
    draft_due_at: datetime
    review_due_at: datetime
    published_at: datetime | None


class PostmortemText(PostmortemOut):
    markdown: str


class DraftIn(BaseModel):
    template: str | None = None
    lang: str | None = None


class MarkdownIn(BaseModel):
    markdown: str
    force: bool = False


class ImportOut(BaseModel):
    postmortem: PostmortemOut
    plan: str = Field(description="apply (stored as a new revision) or unchanged")
    kept: list[str] = Field(description="Sections whose markers were missing: kept as saved.")


class SubmitIn(BaseModel):
    reviewers: list[str]
    approver: str


class NoteIn(BaseModel):
    note: str = ""


class ReasonIn(BaseModel):
    reason: str


class PublishIn(BaseModel):
    override_reason: str = Field(
        default="", description="Publish despite linter errors; recorded with the errors."
    )


def _policy(state: AppState) -> PostmortemPolicy:
    return PostmortemPolicy.from_settings(state.settings)


def out(pm: Postmortem) -> PostmortemOut:
    return PostmortemOut(
        incident=pm.incident_id,
        title=pm.title,
        status=pm.status,
        template=pm.template,
        lang=pm.lang,
        revision=pm.revision,
        path=pm.path,
        reviewers=list(pm.reviewers),
        approver=pm.approver,
        signoffs=list(pm.signoffs),
        draft_due_at=pm.draft_due_at,
        review_due_at=pm.review_due_at,
        published_at=pm.published_at,
    )


@router.get("/postmortems")
def list_all(
    reader: Reader,
    _who: Viewer,
    status: Annotated[list[str] | None, Query()] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> list[PostmortemOut]:
    """Postmortems, newest first (`status`: draft, in_review, published)."""
    rows = list_postmortems(reader, statuses=status or [])
    return [out(pm) for pm in rows[offset : offset + limit]]


@router.get("/incidents/{incident_id}/postmortem")
def show(incident_id: str, reader: Reader, state: State, _who: Viewer) -> PostmortemText:
    pm = get_postmortem(reader, incident_id)
    return PostmortemText(**out(pm).model_dump(), markdown=render_postmortem(pm, _policy(state)))


@router.post("/incidents/{incident_id}/postmortem", status_code=201)
def draft(
    incident_id: str, body: DraftIn, writer: Writer, state: State, caller: Caller
) -> PostmortemOut:
    """Draft the postmortem of a resolved incident from its data and action items."""
    from warroom.action_items.postmortem_link import document_rows
    from warroom.analytics.related import related_lines
    from warroom.core.ids import normalize_incident_id

    key = normalize_incident_id(incident_id)
    pm = actions.draft_postmortem(
        session=writer,
        actor=caller,
        now=state.clock.now(),
        incident_policy=state.policy,
        policy=_policy(state),
        incident_id=key,
        template=body.template,
        lang=body.lang,
        action_items=document_rows(writer, key, state.policy.tz),
        related=related_lines(writer, key, body.lang or _policy(state).language),
    )
    return out(pm)


@router.put("/incidents/{incident_id}/postmortem/markdown")
def save(
    incident_id: str, body: MarkdownIn, writer: Writer, state: State, caller: Caller
) -> ImportOut:
    """Store edited Markdown (the whole file, front matter and section markers included).

    Refused with 409 `wrong_incident` when the front matter names another incident, and
    with 422 `text_outside_sections` when text outside the section markers would be lost.
    """
    done = actions.import_postmortem(
        session=writer,
        actor=caller,
        now=state.clock.now(),
        text=body.markdown,
        force=body.force,
        policy=_policy(state),
        incident_id=incident_id,
    )
    return ImportOut(postmortem=out(done.postmortem), plan=done.plan.value, kept=list(done.kept))


@router.post("/incidents/{incident_id}/postmortem/submit")
def submit(
    incident_id: str, body: SubmitIn, writer: Writer, state: State, caller: Caller
) -> PostmortemOut:
    pm = actions.submit_postmortem(
        session=writer,
        actor=caller,
        now=state.clock.now(),
        incident_id=incident_id,
        reviewers=body.reviewers,
        approver=body.approver,
    )
    return out(pm)


@router.post("/incidents/{incident_id}/postmortem/approve")
def approve(
    incident_id: str, body: NoteIn, writer: Writer, state: State, caller: Caller
) -> PostmortemOut:
    pm = actions.approve_postmortem(
        session=writer,
        actor=caller,
        now=state.clock.now(),
        incident_id=incident_id,
        note=body.note,
    )
    return out(pm)


@router.post("/incidents/{incident_id}/postmortem/request-changes")
def request_changes(
    incident_id: str, body: ReasonIn, writer: Writer, state: State, caller: Caller
) -> PostmortemOut:
    pm = actions.request_changes(
        session=writer,
        actor=caller,
        now=state.clock.now(),
        incident_id=incident_id,
        reason=body.reason,
    )
    return out(pm)


@router.post("/incidents/{incident_id}/postmortem/publish")
def publish(
    incident_id: str,
    writer: Writer,
    state: State,
    caller: Caller,
    body: PublishIn | None = None,
) -> PostmortemOut:
    """Publish (the approver); linter errors refuse it (409 `lint_failed`) unless
    `override_reason` is given, which is recorded with the errors it overrode."""
    pm = actions.publish_postmortem(
        session=writer,
        actor=caller,
        now=state.clock.now(),
        policy=_policy(state),
        incident_id=incident_id,
        override_reason=body.override_reason if body else "",
    )
    return out(pm)


class FindingOut(BaseModel):
    rule_id: str
    name: str
    severity: str
    line: int
    column: int
    message: str
    hint: str


@router.get("/incidents/{incident_id}/postmortem/lint")
def lint(incident_id: str, reader: Reader, state: State, _who: Viewer) -> list[FindingOut]:
    """The linter's findings on the postmortem's file, as the publish gate sees them."""
    from warroom.postmortems.gate import lint_postmortem

    pm = get_postmortem(reader, incident_id)
    return [
        FindingOut(**{k: v for k, v in f.to_dict().items() if k != "file"})
        for f in lint_postmortem(pm, _policy(state))
    ]
