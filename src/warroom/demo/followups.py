"""Follow-ups of the demo incidents: action items and postmortems at different stages.

Replayed through the real actions, so the board, the overdue list and the review
workflow have something to show. Items are modelled on the seeds' action-item tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from warroom.action_items.actions import add_action_item
from warroom.action_items.policy import ActionPolicy
from warroom.action_items.postmortem_link import document_rows
from warroom.action_items.rules import ItemType, Priority, Status
from warroom.action_items.schemas import ActionItemDraft
from warroom.core.actor import Actor
from warroom.demo.writeups import writeup
from warroom.incidents.models import Incident
from warroom.incidents.policy import IncidentPolicy
from warroom.postmortems import actions as postmortems
from warroom.postmortems.files import file_state
from warroom.postmortems.markdown.render import render_file
from warroom.postmortems.policy import PostmortemPolicy
from warroom.postmortems.queries import document_of, get_postmortem

Item = tuple[str, ItemType, Priority, str, Status]


@dataclass(frozen=True)
class FollowUp:
    items: tuple[Item, ...]
    template: str
    lang: str
    stage: str  # draft, in_review or published
    reviewers: tuple[str, ...] = ("john", "alice")
    approver: str = "sre-lead"


FOLLOW_UPS = {
    "pool-exhaustion-v2.3.4": FollowUp(
        items=(
            (
                "Add connection-pool utilisation to the API dashboard",
                ItemType.MONITORING,
                Priority.P0,
                "jane",
                Status.DONE,
            ),
            (
                "Alert when pool utilisation stays above 80 % for 5 minutes",
                ItemType.MONITORING,
                Priority.P0,
                "john",
                Status.IN_PROGRESS,
            ),
            (
                "Integration test that fails when a request leaks a connection",
                ItemType.TESTS,
                Priority.P1,
                "jane",
                Status.TODO,
            ),
            (
                "Roll out through a 10 % canary before 100 %",
                ItemType.INFRASTRUCTURE,
                Priority.P1,
                "",
                Status.BACKLOG,
            ),
        ),
        template="concise",
        lang="en",
        stage="in_review",
    ),
    "llm-oom-circuit-breaker": FollowUp(
        items=(
            (
                "Alert when inference memory passes 80 % of its limit",
                ItemType.MONITORING,
                Priority.P0,
                "alice",
                Status.DONE,
            ),
            (
                "Release attention-cache buffers after long sequences",
                ItemType.CODE_FIX,
                Priority.P1,
                "alice",
                Status.IN_PROGRESS,
            ),
            (
                "Soak test with 4k-token prompts before each release",
                ItemType.TESTS,
                Priority.P2,
                "",
                Status.BACKLOG,
            ),
        ),
        template="sre",
        lang="en",
        stage="published",
    ),
    "canary-n-plus-one": FollowUp(
        items=(
            (
                "Replace per-item recommendation queries with one join",
                ItemType.CODE_FIX,
                Priority.P0,
                "gitco",
                Status.DONE,
            ),
            (
                "Fail CI when a request issues more than 50 queries",
                ItemType.TESTS,
                Priority.P1,
                "lemun",
                Status.TODO,
            ),
            (
                "Extend the canary observation window from 1 h to 2 h",
                ItemType.PROCESS,
                Priority.P2,
                "sena",
                Status.BACKLOG,
            ),
        ),
        template="report",
        lang="ko",
        stage="draft",
        reviewers=("lemun",),
        approver="sena",
    ),
}


def follow_up(
    session: Session,
    incident: Incident,
    key: str,
    *,
    policies: tuple[IncidentPolicy, ActionPolicy, PostmortemPolicy],
) -> None:
    """Raise the scenario's action items and take its postmortem to its stage."""
    plan = FOLLOW_UPS.get(key)
    if plan is None or incident.resolved_at is None:
        return
    incident_policy, action_policy, postmortem_policy = policies
    start = incident.resolved_at + timedelta(hours=2)
    for n, (title, kind, priority, owner, status) in enumerate(plan.items):
        draft = ActionItemDraft(
            incident_id=incident.id,
            title=title,
            item_type=kind,
            priority=priority,
            owner=owner or None,
            status=status,
        )
        add_action_item(
            session=session,
            actor=Actor(handle=owner or "jane"),
            now=start + timedelta(minutes=n),
            policy=action_policy,
            draft=draft,
        )
    _postmortem(
        session,
        incident,
        (key, plan),
        start + timedelta(hours=3),
        incident_policy,
        postmortem_policy,
    )


def _postmortem(  # noqa: PLR0917 - private helper with one caller
    session: Session,
    incident: Incident,
    keyed: tuple[str, FollowUp],
    at: datetime,
    incident_policy: IncidentPolicy,
    policy: PostmortemPolicy,
) -> None:
    key, plan = keyed
    author = Actor(handle=plan.reviewers[0])
    postmortems.draft_postmortem(
        session=session,
        actor=author,
        now=at,
        incident_policy=incident_policy,
        policy=policy,
        incident_id=incident.id,
        template=plan.template,
        lang=plan.lang,
        action_items=document_rows(session, incident.id, incident_policy.tz),
    )
    if plan.stage == "draft":
        return
    _write_up(session, author, incident.id, key, at + timedelta(minutes=30))
    postmortems.submit_postmortem(
        session=session,
        actor=author,
        now=at + timedelta(hours=1),
        incident_id=incident.id,
        reviewers=plan.reviewers,
        approver=plan.approver,
    )
    if plan.stage == "in_review":
        return
    for n, reviewer in enumerate(plan.reviewers):
        postmortems.approve_postmortem(
            session=session,
            actor=Actor(handle=reviewer),
            now=at + timedelta(hours=20 + n),
            incident_id=incident.id,
        )
    postmortems.publish_postmortem(
        session=session,
        actor=Actor(handle=plan.approver),
        now=at + timedelta(hours=30),
        policy=policy,
        incident_id=incident.id,
    )


def _write_up(session: Session, author: Actor, incident_id: str, key: str, at: datetime) -> None:
    """Edit the draft's file as the responders would, then import it (the real path)."""
    pm = get_postmortem(session, incident_id)
    doc = document_of(pm).model_copy(update=writeup(key))
    postmortems.import_postmortem(
        session=session, actor=author, now=at, text=render_file(doc, file_state(pm))
    )
