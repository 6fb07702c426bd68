"""Announcements (001), Slack Block Kit, the brief report (003 appendix B), the agenda (001)."""

from __future__ import annotations

import json

from sqlalchemy.orm import Session

from tests.domain.postmortems.helpers import policies, resolved_incident
from warroom.clock import FixedClock
from warroom.core.actor import Actor
from warroom.incidents import actions as incidents
from warroom.incidents.queries import list_status_updates
from warroom.postmortems import actions, comms
from warroom.postmortems.agenda import agenda
from warroom.postmortems.queries import document_of, list_roles


def test_declared_announcement_shows_unknowns_as_unknown(
    session: Session, clock: FixedClock, actor: Actor
) -> None:
    ip, pp = policies()
    incident = incidents.declare_incident(
        session=session,
        actor=actor,
        now=clock.now(),
        policy=ip,
        title="Login <!channel>",
        severity="P1",
        services=["auth"],
    )
    en = comms.announcement(comms.Notice(incident, None, "declared", "en", ip, pp, clock.now()))
    assert en.startswith(f"🚨 [INCIDENT] Login <!channel> ({incident.id})")
    assert "Cause: under investigation" in en
    assert "Next update by 2026-11-22 14:05 KST" in en
    ko = comms.announcement(comms.Notice(incident, None, "declared", "ko", ip, pp, clock.now()))
    assert (
        "상황:" in ko and "원인: 분석 중" in ko and "다음 업데이트: 2026-11-22 14:05 KST까지" in ko
    )
    slack = comms.slack_message(comms.Notice(incident, None, "update", "en", ip, pp, clock.now()))
    mrkdwn = [b for b in slack["blocks"] if b["type"] != "header"]
    dumped = json.dumps([slack["text"], mrkdwn], ensure_ascii=False)
    assert "<!channel>" not in dumped and "&lt;!channel&gt;" in dumped
    assert slack["blocks"][0]["text"]["type"] == "plain_text"  # Slack shows it literally
    assert [b["type"] for b in slack["blocks"]][:2] == ["header", "section"]


def test_resolved_announcement_and_brief_report(
    session: Session, clock: FixedClock, actor: Actor
) -> None:
    ip, pp = policies()
    incident = resolved_incident(session, clock, actor, ip)
    latest = list_status_updates(session, incident.id)[-1]
    text = comms.announcement(comms.Notice(incident, latest, "resolved", "en", ip, pp, clock.now()))
    assert "Recovered: 2026-11-22 14:40 KST" in text and "Downtime: 47m 0s" in text
    assert "Postmortem draft by 2026-11-23 14:55 KST" in text
    assert "Postmortem review meeting by 2026-11-25 18:00 KST" in text
    report = comms.brief_report(incident, None, None, "ko", ip)
    assert report.splitlines()[0] == "[장애 보고]"
    assert "- 원인: [TBD - 분석 중]" in report and "- 상태: 복구완료" in report
    pm = actions.draft_postmortem(
        session=session,
        actor=actor,
        now=clock.now(),
        incident_policy=ip,
        policy=pp,
        incident_id=incident.id,
    )
    doc = document_of(pm)
    doc.root_cause_summary = "No leak check in review"
    pm.document = doc.model_dump(mode="json")
    report = comms.brief_report(incident, pm, document_of(pm), "en", ip)
    assert "- Cause: No leak check in review" in report and "- Status: Service recovered" in report
    assert "- Occurred: 2026-11-22 13:53 KST" in report


def test_agenda_is_filled_with_the_incidents_data(
    session: Session, clock: FixedClock, actor: Actor
) -> None:
    ip, pp = policies()
    incident = resolved_incident(session, clock, actor, ip)
    pm = actions.draft_postmortem(
        session=session,
        actor=actor,
        now=clock.now(),
        incident_policy=ip,
        policy=pp,
        incident_id=incident.id,
        lang="ko",
    )
    roles = [(r.role, r.handle) for r in list_roles(session, incident.id)]
    text = agenda(pm, document_of(pm), roles, pp, "ko")
    assert text.startswith(f"# Post-mortem 회의: Checkout API 5xx ({incident.id})")
    assert "bob (장애 총괄 (IC))" in text
    assert "## 00:00-00:10 타임라인 구성" in text and "Roll back to v2.3.3" in text
    assert "## 01:00-01:30 조치 항목" in text
    assert "(아직 작성되지 않음: 이 시간에 채워 주세요)" in text
