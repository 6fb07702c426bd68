"""Golden files: the drafts of one incident, every template in Korean and English.

The incident has what real ones have: an alert, a runbook step, an evidence finding, a
state change that carries a note, two roles and a status update. A change to a draft's
wording shows up as a diff of tests/domain/postmortems/golden/; regenerate with
`WARROOM_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/domain/postmortems/test_golden_drafts.py`
and read the diff before committing it.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from tests.domain.postmortems.helpers import policies
from warroom.clock import FixedClock
from warroom.core.actor import Actor
from warroom.incidents import actions, response
from warroom.incidents.rules import State
from warroom.postmortems import actions as postmortems
from warroom.postmortems.files import render_postmortem
from warroom.postmortems.markdown.render import BUILTIN_TEMPLATES

GOLDEN = Path(__file__).parent / "golden"
START = datetime(2026, 11, 22, 4, 53, tzinfo=UTC)


def _incident(session: Session, clock: FixedClock) -> str:
    ip, _pp = policies()
    oncall = Actor("minsu")
    clock.set(START + timedelta(minutes=7))
    incident = actions.declare_incident(
        session=session,
        actor=Actor("alertmanager", kind="system"),
        now=clock.now(),
        policy=ip,
        title="Checkout API 5xx",
        severity="P2",
        user_impact="many",
        services=["checkout-api"],
        started_at=START,
        summary="Checkout returned 5xx after the v2.3.4 deploy.",
        deploy_version="v2.3.4",
    )

    def at(minutes: float) -> datetime:
        clock.set(incident.declared_at + timedelta(minutes=minutes))
        return clock.now()

    def entry(minutes: float, kind: str, body: str) -> None:
        response.add_timeline_entry(
            session=session,
            actor=oncall,
            now=at(minutes),
            incident_id=incident.id,
            kind=kind,
            body=body,
        )

    def move(minutes: float, to: State, note: str = "") -> None:
        actions.transition_incident(
            session=session,
            actor=oncall,
            now=at(minutes),
            policy=ip,
            incident_id=incident.id,
            to=to,
            note=note,
        )

    entry(0, "alert", "HighErrorRate: 5xx above 20 % on checkout-api")
    move(4, State.ACKNOWLEDGED)
    for role, handle in (("incident_commander", "minsu"), ("tech_lead", "jiwoo")):
        response.assign_role(
            session=session,
            actor=oncall,
            now=at(5),
            policy=ip,
            incident_id=incident.id,
            role=role,
            handle=handle,
        )
    move(6, State.INVESTIGATING)
    entry(8, "runbook_step", "DB pool runbook step 2: checked pool utilisation (100 %)")
    entry(9, "evidence", "Pool at 20/20; most connections idle in transaction")
    response.post_status_update(
        session=session,
        actor=oncall,
        now=at(10),
        incident_id=incident.id,
        body="Rolling back checkout to v2.3.3.",
    )
    entry(12, "decision", "Roll back to v2.3.3")
    move(24, State.MITIGATED, "Bad node removed from the load balancer")
    move(33, State.RESOLVED)
    return incident.id


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("template", BUILTIN_TEMPLATES)
def test_draft_matches_its_golden_file(
    session: Session, clock: FixedClock, template: str, lang: str
) -> None:
    incident_id = _incident(session, clock)
    ip, pp = policies()
    pm = postmortems.draft_postmortem(
        session=session,
        actor=Actor("minsu"),
        now=clock.now(),
        incident_policy=ip,
        policy=pp,
        incident_id=incident_id,
        template=template,
        lang=lang,
    )
    text = render_postmortem(pm, pp).replace(pm.content_hash, "<hash>")
    golden = GOLDEN / f"{template}.{lang}.md"
    if os.environ.get("WARROOM_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_golden_drafts_carry_the_fixes_a_reader_asked_for() -> None:
    ko = (GOLDEN / "sre.ko.md").read_text(encoding="utf-8")
    en = (GOLDEN / "sre.en.md").read_text(encoding="utf-8")
    assert "# 포스트모템:" in ko and "| 장애 총괄 (IC) | minsu |" in ko
    assert "조사 중 → 완화됨: Bad node removed from the load balancer" in ko
    assert "HighErrorRate" in ko and "runbook step 2" in ko and "Pool at 20/20" in ko
    assert "33분 0초" in ko and "(장애 총괄 (IC))" not in ko
    assert "| 30분 | 충족 (기한 " in ko and "| 4시간 | 충족 (기한 " in ko
    assert "| 30 min | met (deadline " in en and "| 4 h | met (deadline " in en
    assert "investigating → mitigated: Bad node removed from the load balancer" in en
    report = (GOLDEN / "report.ko.md").read_text(encoding="utf-8")
    assert "### 재발 방지\n" in report


@pytest.mark.parametrize("golden", sorted(GOLDEN.glob("*.md")), ids=lambda p: p.name)
def test_a_fresh_draft_lints_only_for_what_people_must_write(golden: Path) -> None:
    from warroom.postmortems.lint.runner import lint_file

    found = {f.rule_id for f in lint_file(golden)}
    assert found, "an unwritten draft cannot pass the publish gate"
    assert found <= {"PM002", "PM010", "PM023"}, found
