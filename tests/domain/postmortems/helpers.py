"""Build incidents through the real actions, as an on-call team would have."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from warroom.clock import FixedClock
from warroom.core.actor import Actor
from warroom.incidents import actions, response
from warroom.incidents.models import Incident
from warroom.incidents.policy import IncidentPolicy
from warroom.incidents.rules import State
from warroom.postmortems.document import ActionRow, Document, Why
from warroom.postmortems.policy import PostmortemPolicy


def policies(tz: str = "Asia/Seoul") -> tuple[IncidentPolicy, PostmortemPolicy]:
    from zoneinfo import ZoneInfo

    return IncidentPolicy(tz=ZoneInfo(tz)), PostmortemPolicy(tz=ZoneInfo(tz))


def resolved_incident(
    session: Session, clock: FixedClock, actor: Actor, policy: IncidentPolicy
) -> Incident:
    """Checkout API 5xx: P2, detected 05:00 UTC, acked +10m, mitigated +40m, resolved +55m."""
    incident = actions.declare_incident(
        session=session,
        actor=actor,
        now=clock.now(),
        policy=policy,
        title="Checkout API 5xx",
        severity="P2",
        user_impact="many",
        services=["checkout-api", "payments"],
        started_at=clock.now() - timedelta(minutes=7),
        summary="Checkout returned 5xx after the v2.3.4 deploy.",
        deploy_version="v2.3.4",
    )
    response.assign_role(
        session=session,
        actor=actor,
        now=clock.now(),
        policy=policy,
        incident_id=incident.id,
        role="ic",
        handle="bob",
    )
    for minutes, state in ((10, State.ACKNOWLEDGED), (15, State.INVESTIGATING)):
        clock.set(incident.declared_at + timedelta(minutes=minutes))
        actions.transition_incident(
            session=session,
            actor=actor,
            now=clock.now(),
            policy=policy,
            incident_id=incident.id,
            to=state,
        )
    clock.set(incident.declared_at + timedelta(minutes=20))
    response.add_timeline_entry(
        session=session,
        actor=actor,
        now=clock.now(),
        incident_id=incident.id,
        kind="decision",
        body="Roll back to v2.3.3",
    )
    response.post_status_update(
        session=session,
        actor=actor,
        now=clock.now(),
        incident_id=incident.id,
        body="Rolling back checkout; payments degraded.",
    )
    for minutes, state in ((40, State.MITIGATED), (55, State.RESOLVED)):
        clock.set(incident.declared_at + timedelta(minutes=minutes))
        actions.transition_incident(
            session=session,
            actor=actor,
            now=clock.now(),
            policy=policy,
            incident_id=incident.id,
            to=state,
        )
    return incident


def complete(doc: Document, lang: str = "en") -> Document:
    """Fill what only people can write, blamelessly, so the publish gate passes."""
    ko = lang == "ko"
    whys = (
        [
            ("왜 결제가 실패했나?", "DB 연결 풀이 소진되었다"),
            ("왜 연결 풀이 소진되었나?", "연결이 반환되지 않았다"),
            ("왜 연결이 반환되지 않았나?", "새 캐시 경로에 finally 블록이 없었다"),
            ("왜 리뷰에서 발견되지 않았나?", "리소스 관리 체크리스트가 없었다"),
            ("왜 테스트가 잡지 못했나?", "부하 테스트가 5분만 돌았다"),
        ]
        if ko
        else [
            ("Why did checkout fail?", "The database connection pool was exhausted"),
            ("Why was the pool exhausted?", "Connections were not returned"),
            ("Why were they not returned?", "The new cache path had no finally block"),
            ("Why did review not catch it?", "There is no resource-handling checklist"),
            ("Why did tests not catch it?", "Load tests ran for 5 minutes only"),
        ]
    )
    return doc.model_copy(
        update={
            "tldr": "v2.3.4 배포 후 47분 동안 결제 요청의 30%가 실패했고 롤백으로 복구했다."
            if ko
            else "For 47 minutes after v2.3.4, 30% of checkouts failed; a rollback fixed it.",
            "impact_users": "약 5,000명" if ko else "about 5,000 users",
            "impact_failed_requests": "12,400건" if ko else "12,400 requests",
            "root_cause_direct": "새 캐시 경로가 DB 연결을 반환하지 않았다."
            if ko
            else "The new cache path did not return database connections.",
            "five_whys": [Why(question=q, answer=a) for q, a in whys],
            "root_cause_summary": "연결 반환을 강제하는 장치가 없었다."
            if ko
            else "Nothing enforced returning connections.",
            "contributing_factors": ["연결 풀 알림이 없었다" if ko else "No pool alert existed"],
            "went_well": ["롤백이 2분 안에 끝났다" if ko else "The rollback took 2 minutes"],
            "lessons_technical": [
                "연결 누수는 긴 부하 테스트로만 드러난다"
                if ko
                else "Leaks only show in long load tests"
            ],
            "lessons_process": [
                "카나리가 영향을 줄인다" if ko else "Canaries limit the blast radius"
            ],
            "action_items": [
                ActionRow(
                    id="AI-001",
                    title="연결 풀 사용률 80% 5분 지속 시 알림"
                    if ko
                    else "Alert on pool usage > 80%",
                    owner="ops",
                    due="2026-11-29",
                    priority="P0",
                    horizon="short",
                    status="Open",
                )
            ],
        }
    )
