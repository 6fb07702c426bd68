"""Each incident shape × template × language: draft, edit the file, import, review,
publish and export, all through the real actions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from tests.domain.postmortems.helpers import complete, policies, resolved_incident
from warroom.clock import FixedClock
from warroom.core.actor import Actor
from warroom.incidents import actions as incidents
from warroom.incidents.models import Incident
from warroom.incidents.policy import IncidentPolicy
from warroom.incidents.rules import State
from warroom.postmortems import actions
from warroom.postmortems.export import to_html
from warroom.postmortems.files import file_state, render_postmortem
from warroom.postmortems.lint.runner import lint_text
from warroom.postmortems.markdown.parse import parse_file
from warroom.postmortems.markdown.render import BUILTIN_TEMPLATES, render_file
from warroom.postmortems.queries import document_of


def sparse_incident(
    session: Session, clock: FixedClock, actor: Actor, policy: IncidentPolicy
) -> Incident:
    """A P1 resolved straight from detection, with no roles, summary or services."""
    incident = incidents.declare_incident(
        session=session,
        actor=actor,
        now=clock.now(),
        policy=policy,
        title="전체 서비스 다운",
        severity="P1",
        is_drill=True,
    )
    clock.advance(timedelta(minutes=70))
    incidents.transition_incident(
        session=session,
        actor=actor,
        now=clock.now(),
        policy=policy,
        incident_id=incident.id,
        to=State.RESOLVED,
    )
    return incident


SHAPES = {"checkout": resolved_incident, "sparse": sparse_incident}


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("template", BUILTIN_TEMPLATES)
@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_full_cycle(
    session: Session, clock: FixedClock, actor: Actor, shape: str, template: str, lang: str
) -> None:
    ip, pp = policies()
    incident = SHAPES[shape](session, clock, actor, ip)
    pm = actions.draft_postmortem(
        session=session,
        actor=actor,
        now=clock.now(),
        incident_policy=ip,
        policy=pp,
        incident_id=incident.id,
        template=template,
        lang=lang,
    )
    drafted = render_postmortem(pm, pp)
    doc, state = parse_file(drafted)
    assert doc == document_of(pm) and state == file_state(pm)
    if shape == "sparse":
        assert doc.meta.incident_commander == "" and doc.impact_systems == ""
        assert "RTO" in " ".join(r.measure for r in doc.durations)
        assert [r.result for r in doc.durations if r.result][-1].startswith(
            ("breached (deadline", "위반 (기한")
        )
    # The team edits the file: whys, action items, lessons.
    doc = complete(doc, lang)
    assert [f"{f.rule_id} {f.message}" for f in lint_text(render_file(doc, state), "x.md")] == []
    edited = render_file(doc, state)
    stored, _plan, _kept = actions.import_postmortem(
        session=session, actor=actor, now=clock.now(), text=edited
    )
    assert document_of(stored) == doc and stored.revision == 2
    actions.submit_postmortem(
        session=session,
        actor=actor,
        now=clock.now(),
        incident_id=incident.id,
        reviewers=["carol"],
        approver="erin",
    )
    actions.approve_postmortem(
        session=session, actor=Actor("carol"), now=clock.now(), incident_id=incident.id
    )
    actions.publish_postmortem(
        session=session, actor=Actor("erin"), now=clock.now(), policy=pp, incident_id=incident.id
    )
    final = render_postmortem(stored, pp)
    assert "status: published" in final and "AI-001" in final
    page = to_html(final, title=stored.title, lang=lang)
    assert "AI-001" in page and incident.id in page
