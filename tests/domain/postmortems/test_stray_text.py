"""Text outside the section markers is never dropped silently: the import refuses it.

Only what sits between `<!-- wr:NAME -->` and `<!-- /wr:NAME -->` is stored; headings,
guidance and the metadata table are the template's. Before, a paragraph typed under a
heading vanished on import while the editor said "Saved".
"""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from tests.domain.postmortems.helpers import policies, resolved_incident
from warroom.clock import FixedClock
from warroom.core.actor import Actor
from warroom.errors import Conflict, InvalidInput
from warroom.postmortems import actions
from warroom.postmortems.files import render_postmortem
from warroom.postmortems.models import Postmortem
from warroom.postmortems.policy import PostmortemPolicy
from warroom.postmortems.queries import document_of, get_postmortem
from warroom.postmortems.rules import ImportPlan

WENT_WRONG = "- [TODO: gaps in systems and processes, not people]"


@pytest.fixture
def drafted(
    session: Session, clock: FixedClock, actor: Actor
) -> tuple[Postmortem, PostmortemPolicy]:
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


def _import(session: Session, clock: FixedClock, actor: Actor, text: str, **extra: object):
    return actions.import_postmortem(
        session=session, actor=actor, now=clock.now(), text=text, **extra
    )


def test_a_paragraph_under_a_heading_is_refused_and_nothing_is_stored(
    drafted, session: Session, clock: FixedClock, actor: Actor
) -> None:
    pm, pp = drafted
    original = render_postmortem(pm, pp)
    heading = "## 5. What went well"
    assert heading in original
    typed = original.replace(WENT_WRONG, "- No canary").replace(
        heading, heading + "\n\nThe pager woke the right person within a minute."
    )
    with pytest.raises(InvalidInput) as error:
        _import(session, clock, actor, typed)
    line = typed.split("\n").index("The pager woke the right person within a minute.") + 1
    assert f"line {line}" in error.value.message
    assert "The pager woke the right person" in error.value.message
    assert error.value.code == "text_outside_sections"
    assert "nothing was saved" in error.value.hint.lower()
    stored = get_postmortem(session, pm.incident_id)
    assert stored.revision == 1 and document_of(stored).went_wrong == []


def test_text_after_an_inline_field_on_the_same_line_is_refused(
    drafted, session: Session, clock: FixedClock, actor: Actor
) -> None:
    pm, pp = drafted
    original = render_postmortem(pm, pp)
    closing = "<!-- /wr:impact_revenue -->"
    with pytest.raises(InvalidInput, match="about 15,000 USD"):
        _import(session, clock, actor, original.replace(closing, closing + " about 15,000 USD"))


def test_editing_the_generated_metadata_table_is_refused(
    drafted, session: Session, clock: FixedClock, actor: Actor
) -> None:
    pm, pp = drafted
    original = render_postmortem(pm, pp)
    row = "| Title | Checkout API 5xx |"
    assert row in original
    with pytest.raises(InvalidInput) as error:
        _import(session, clock, actor, original.replace(row, "| Title | Checkout outage |"))
    assert "Checkout outage" in error.value.message
    assert "front matter" in error.value.hint


def test_editing_the_front_matter_leaves_a_stale_table_that_is_fine(
    drafted, session: Session, clock: FixedClock, actor: Actor
) -> None:
    pm, pp = drafted
    original = render_postmortem(pm, pp)
    edited = original.replace("  title: Checkout API 5xx", "  title: Checkout outage", 1)
    assert edited != original
    stored, plan, _kept = _import(session, clock, actor, edited)
    assert plan is ImportPlan.APPLY and stored.title == "Checkout outage"


def test_reflowed_blank_lines_and_spacing_outside_sections_are_accepted(
    drafted, session: Session, clock: FixedClock, actor: Actor
) -> None:
    pm, pp = drafted
    original = render_postmortem(pm, pp)
    reflowed = original.replace("\n\n", "\n\n\n").replace("|---|---|", "| ------ | ------- |")
    reflowed = reflowed.replace("## 5. What went well", "##  5.  What went well  ")
    reflowed = reflowed.replace(WENT_WRONG, "- No canary")
    stored, plan, _kept = _import(session, clock, actor, reflowed)
    assert plan is ImportPlan.APPLY and document_of(stored).went_wrong == ["No canary"]


def test_an_edited_section_whose_closing_marker_is_gone_is_refused(
    drafted, session: Session, clock: FixedClock, actor: Actor
) -> None:
    pm, pp = drafted
    original = render_postmortem(pm, pp)
    damaged = original.replace("<!-- /wr:tldr -->", "").replace(
        "Checkout returned 5xx after the v2.3.4 deploy.", "Checkout failed for 55 minutes."
    )
    with pytest.raises(InvalidInput, match="Checkout failed for 55 minutes"):
        _import(session, clock, actor, damaged)


def test_a_document_is_only_saved_on_its_own_incident(
    drafted, session: Session, clock: FixedClock, actor: Actor
) -> None:
    pm, pp = drafted
    text = render_postmortem(pm, pp).replace(WENT_WRONG, "- No canary")
    with pytest.raises(Conflict) as error:
        _import(session, clock, actor, text, incident_id="INC-20261122-999")
    assert pm.incident_id in error.value.message and "INC-20261122-999" in error.value.message
    stored, plan, _kept = _import(session, clock, actor, text, incident_id=pm.incident_id.lower())
    assert plan is ImportPlan.APPLY and document_of(stored).went_wrong == ["No canary"]
