from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from tests.domain.postmortems.helpers import policies, resolved_incident
from warroom.clock import FixedClock
from warroom.core.actor import Actor
from warroom.errors import Conflict, IllegalTransition, PermissionDenied
from warroom.incidents import actions as incidents
from warroom.postmortems import actions
from warroom.postmortems.document import ActionRow, is_placeholder
from warroom.postmortems.files import render_postmortem
from warroom.postmortems.queries import document_of, list_due
from warroom.timeline.queries import list_events


@pytest.fixture
def drafted(session: Session, clock: FixedClock, actor: Actor):
    ip, pp = policies()
    incident = resolved_incident(session, clock, actor, ip)
    pm = actions.draft_postmortem(
        session=session,
        actor=actor,
        now=clock.now(),
        incident_policy=ip,
        policy=pp,
        incident_id=incident.id,
        lang="en",
    )
    return incident, pm, ip, pp


def test_draft_fills_facts_from_the_incident_and_invents_nothing(drafted) -> None:
    incident, pm, _ip, _pp = drafted
    doc = document_of(pm)
    assert pm.path == "docs/postmortems/2026-11-22-checkout-api-5xx.md"
    assert doc.meta.incident_id == incident.id
    assert doc.meta.severity == "P2 Major"
    assert doc.meta.occurred_at == "2026-11-22 13:53 KST"
    assert doc.meta.detected_at == "2026-11-22 14:00 KST"
    assert doc.meta.recovered_at == "2026-11-22 14:40 KST"
    assert doc.meta.duration == "47m 0s"
    assert doc.meta.incident_commander == "bob"
    assert doc.meta.responders == ["bob · Incident Commander"]
    assert doc.meta.deploy == "v2.3.4"
    assert doc.impact_systems == "checkout-api, payments"
    assert doc.impact_users == "many users (half or more)"
    assert doc.tldr == "Checkout returned 5xx after the v2.3.4 deploy."
    durations = {row.measure: row for row in doc.durations}
    assert durations["Time to acknowledge (TTA)"].value == "10m 0s"
    assert durations["Time to acknowledge (TTA)"].target == "30 min"
    assert durations["Time to acknowledge (TTA)"].result == "met (deadline 2026-11-22 14:30 KST)"
    assert durations["Downtime / recovery (RTO)"].target == "4 h"
    assert durations["Downtime / recovery (RTO)"].result == "met (deadline 2026-11-22 18:00 KST)"
    events = [row.event for row in doc.timeline]
    assert events[0] == "Impact began"
    assert "Roll back to v2.3.3" in events
    assert "Rolling back checkout" in doc.appendix_communication
    # What only people know stays empty and shows as a placeholder with guidance.
    for empty in ("impact_failed_requests", "impact_revenue", "impact_slo", "root_cause_direct"):
        assert getattr(doc, empty) == ""
    assert doc.five_whys == [] and doc.action_items == [] and doc.lessons_process == []
    text = render_postmortem(pm, _pp)
    assert (
        "<!-- wr:impact_revenue -->[TODO: amount, estimate or N/A]<!-- /wr:impact_revenue -->"
        in text
    )


def test_draft_needs_a_resolved_incident(session: Session, clock: FixedClock, actor: Actor) -> None:
    ip, pp = policies()
    incident = incidents.declare_incident(
        session=session,
        actor=actor,
        now=clock.now(),
        policy=ip,
        title="Still burning",
        severity="P1",
    )
    with pytest.raises(IllegalTransition, match="after it is resolved"):
        actions.draft_postmortem(
            session=session,
            actor=actor,
            now=clock.now(),
            incident_policy=ip,
            policy=pp,
            incident_id=incident.id,
        )


def test_second_draft_is_refused(
    drafted, session: Session, clock: FixedClock, actor: Actor
) -> None:
    incident, _pm, ip, pp = drafted
    with pytest.raises(Conflict, match="already has a postmortem"):
        actions.draft_postmortem(
            session=session,
            actor=actor,
            now=clock.now(),
            incident_policy=ip,
            policy=pp,
            incident_id=incident.id,
        )


def test_review_workflow_records_every_step(
    drafted, session: Session, clock: FixedClock, actor: Actor
) -> None:
    incident, pm, _ip, pp = drafted
    now = clock.now()
    actions.submit_postmortem(
        session=session,
        actor=actor,
        now=now,
        incident_id=incident.id,
        reviewers=["@Carol", "dave"],
        approver="erin",
    )
    assert pm.status == "in_review" and pm.reviewers == ["carol", "dave"]
    with pytest.raises(PermissionDenied):
        actions.approve_postmortem(
            session=session, actor=Actor("mallory"), now=now, incident_id=incident.id
        )
    actions.request_changes(
        session=session,
        actor=Actor("carol"),
        now=now,
        incident_id=incident.id,
        reason="5 Whys stop early",
    )
    assert pm.status == "draft"
    actions.submit_postmortem(
        session=session,
        actor=actor,
        now=now,
        incident_id=incident.id,
        reviewers=["carol", "dave"],
        approver="erin",
    )
    actions.approve_postmortem(
        session=session, actor=Actor("carol"), now=now, incident_id=incident.id
    )
    with pytest.raises(IllegalTransition, match="dave"):
        actions.publish_postmortem(
            session=session, actor=Actor("erin"), now=now, policy=pp, incident_id=incident.id
        )
    actions.approve_postmortem(
        session=session, actor=Actor("dave"), now=now, incident_id=incident.id
    )
    with pytest.raises(PermissionDenied):
        actions.publish_postmortem(
            session=session, actor=Actor("dave"), now=now, policy=pp, incident_id=incident.id
        )
    with pytest.raises(Conflict, match="linter error") as refused:
        actions.publish_postmortem(
            session=session, actor=Actor("erin"), now=now, policy=pp, incident_id=incident.id
        )
    assert refused.value.code == "lint_failed" and pm.status == "in_review"
    assert "PM002" in refused.value.message and "--override-lint" in refused.value.hint
    actions.publish_postmortem(
        session=session,
        actor=Actor("erin"),
        now=now,
        policy=pp,
        incident_id=incident.id,
        override_reason="Draft published for the drill; details follow in AI-7",
    )
    assert pm.status == "published" and pm.published_at == now
    published = pm.signoffs[-1]
    assert published["lint_override"] == "Draft published for the drill; details follow in AI-7"
    assert any(line.startswith("PM002") for line in published["lint_errors"])
    (note,) = [
        e for e in list_events(session, incident.id) if e.data.get("postmortem") == "published"
    ]
    assert "over" in note.body and note.data["lint_override"].startswith("Draft published")
    doc = document_of(pm)
    assert doc.sign_off_approver == "erin"
    assert doc.sign_off_reviewers == ["carol", "dave"]
    assert doc.sign_off_published == "2026-11-22"
    assert [s["decision"] for s in pm.signoffs] == ["approved", "approved", "published"]
    steps = [e.data.get("postmortem") for e in list_events(session, incident.id)]
    assert [s for s in steps if s] == [
        "drafted",
        "submitted",
        "changes_requested",
        "submitted",
        "approved",
        "approved",
        "published",
    ]
    with pytest.raises(IllegalTransition):
        actions.request_changes(
            session=session, actor=Actor("carol"), now=now, incident_id=incident.id, reason="late"
        )


def test_deadlines_and_due_list(drafted, session: Session, clock: FixedClock, actor: Actor) -> None:
    incident, pm, ip, pp = drafted
    # Resolved Sunday 2026-11-22 14:55 KST: draft by Monday 14:55, meeting by Wednesday 18:00.
    assert pm.draft_due_at == incident.resolved_at + timedelta(hours=24)
    assert pm.review_due_at.astimezone(pp.tz).isoformat() == "2026-11-25T18:00:00+09:00"
    other = resolved_incident(session, clock, actor, ip)
    assert list_due(session, pp, clock.now()) == []
    later = clock.now() + timedelta(days=4)
    late = {(item.incident_id, item.step) for item in list_due(session, pp, later)}
    assert late == {(incident.id, "review"), (other.id, "draft")}


def test_placeholders_are_recognised() -> None:
    assert is_placeholder("[TODO: write it]") and is_placeholder("[작성 필요: 원인]")
    assert not is_placeholder("[link](https://example.com)")


def test_tracked_action_items_are_listed_in_the_draft(
    session: Session, clock: FixedClock, actor: Actor
) -> None:
    ip, pp = policies()
    incident = resolved_incident(session, clock, actor, ip)
    rows = [
        ActionRow(id="AI-007", title="Canary deploys", owner="devops", horizon="long"),
        ActionRow(id="AI-003", title="Pool alert", owner="ops", priority="P0", horizon="short"),
    ]
    pm = actions.draft_postmortem(
        session=session,
        actor=actor,
        now=clock.now(),
        incident_policy=ip,
        policy=pp,
        incident_id=incident.id,
        action_items=rows,
    )
    assert [row.id for row in document_of(pm).action_items] == ["AI-003", "AI-007"]
