from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from tests.domain.postmortems.helpers import policies, resolved_incident
from warroom.clock import FixedClock
from warroom.core.actor import Actor
from warroom.errors import Conflict, IllegalTransition
from warroom.postmortems import actions
from warroom.postmortems.files import render_postmortem
from warroom.postmortems.queries import document_of
from warroom.postmortems.rules import ImportPlan

REVENUE = "<!-- wr:impact_revenue -->{}<!-- /wr:impact_revenue -->"
EDITS = {
    REVENUE.format("[TODO: amount, estimate or N/A]"): REVENUE.format("~$15,000 (estimate)"),
    "| [TODO: concrete action, owner, priority and due date] |  |  |  |  |  |  |": (
        "| AI-001 | Add pool metrics | jane | 2026-11-29 | P0 | short | Open |\n"
        "| AI-002 | Canary deploys | devops | 2027-01-31 | P2 | long | Planned |"
    ),
    "|  | [TODO: ask why until you reach a cause in the system or process, not a person] |  |": (
        "| 1 | Why did checkout fail? | The pool was exhausted |\n"
        "| 2 | Why was it exhausted? | Connections leaked \\| not released |"
    ),
    "- [TODO: what helped: alerts, runbooks, decisions]": "- Alert fired in 3 minutes\n- Runbook",
}


def edit(text: str) -> str:
    for old, new in EDITS.items():
        assert old in text
        text = text.replace(old, new)
    return text


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
    return pm, pp


def test_import_stores_every_edit_and_export_gives_the_same_file(
    drafted, session: Session, clock: FixedClock, actor: Actor
) -> None:
    pm, pp = drafted
    edited = edit(render_postmortem(pm, pp))
    stored, plan, _kept = actions.import_postmortem(
        session=session, actor=actor, now=clock.now(), text=edited
    )
    assert plan is ImportPlan.APPLY and stored.revision == 2
    doc = document_of(stored)
    assert doc.impact_revenue == "~$15,000 (estimate)"
    assert [(a.id, a.owner, a.horizon) for a in doc.action_items] == [
        ("AI-001", "jane", "short"),
        ("AI-002", "devops", "long"),
    ]
    assert doc.five_whys[1].answer == "Connections leaked | not released"
    assert doc.went_well == ["Alert fired in 3 minutes", "Runbook"]
    again = render_postmortem(stored, pp)
    old_hash = edited.split("content_hash: ")[1].split("\n")[0]
    assert again == edited.replace("revision: 1", "revision: 2").replace(
        old_hash, stored.content_hash
    )
    # Importing the exported file again changes nothing.
    _same, plan, _kept = actions.import_postmortem(
        session=session, actor=actor, now=clock.now(), text=again
    )
    assert plan is ImportPlan.UNCHANGED and stored.revision == 2


def test_import_refuses_when_the_database_copy_changed(
    drafted, session: Session, clock: FixedClock, actor: Actor
) -> None:
    pm, pp = drafted
    original = render_postmortem(pm, pp)
    actions.import_postmortem(session=session, actor=actor, now=clock.now(), text=edit(original))
    stale = original.replace("- [TODO: gaps in systems and processes, not people]", "- No canary")
    with pytest.raises(Conflict, match="changed in the database since this file was written"):
        actions.import_postmortem(session=session, actor=actor, now=clock.now(), text=stale)
    assert document_of(pm).went_wrong == []
    forced, plan, _kept = actions.import_postmortem(
        session=session, actor=actor, now=clock.now(), text=stale, force=True
    )
    assert plan is ImportPlan.APPLY and document_of(forced).went_wrong == ["No canary"]


def test_import_only_edits_drafts(
    drafted, session: Session, clock: FixedClock, actor: Actor
) -> None:
    pm, pp = drafted
    text = edit(render_postmortem(pm, pp))
    actions.submit_postmortem(
        session=session,
        actor=actor,
        now=clock.now(),
        incident_id=pm.incident_id,
        reviewers=["carol"],
        approver="erin",
    )
    with pytest.raises(IllegalTransition, match="only a draft"):
        actions.import_postmortem(session=session, actor=actor, now=clock.now(), text=text)


def test_a_section_whose_markers_are_gone_keeps_its_stored_text(
    drafted, session: Session, clock: FixedClock, actor: Actor
) -> None:
    pm, pp = drafted
    text = edit(render_postmortem(pm, pp))
    damaged = text.replace("<!-- /wr:tldr -->", "").replace(
        "- [TODO: gaps in systems and processes, not people]", "- No canary"
    )
    stored, plan, kept = actions.import_postmortem(
        session=session, actor=actor, now=clock.now(), text=damaged
    )
    assert plan is ImportPlan.APPLY and kept == ("tldr",)
    doc = document_of(stored)
    assert doc.tldr == "Checkout returned 5xx after the v2.3.4 deploy."
    assert doc.went_wrong == ["No canary"]
