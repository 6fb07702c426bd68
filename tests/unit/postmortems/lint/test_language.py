from __future__ import annotations

import pytest

from warroom.postmortems.lint.language import mask, scan_line
from warroom.postmortems.lint.texts import language_text


def rules(line: str, *, action_item: str | None = None, names: tuple[str, ...] = ()) -> set[str]:
    return {hit.rule_id for hit in scan_line(line, action_item=action_item, names=names)}


@pytest.mark.parametrize(
    ("rule_id", "line"),
    [
        ("PM030", "Jane forgot to rotate the key."),
        ("PM030", "The on-call engineer failed to escalate."),
        ("PM030", "@dkim merged a broken config."),
        ("PM030", "The outage was caused by Bob."),
        ("PM030", "Kevin's change took down checkout."),
        ("PM030", "Wojciech accidentally deleted the zone."),
        ("PM030", "김민수 님이 설정을 확인하지 않았다."),
        ("PM030", "담당자가 인증서 갱신을 잊었다."),
        ("PM030", "이준호가 체크리스트를 깜빡했다."),
        ("PM030", "최지훈 팀장 때문에 배포가 지연되었다."),
        ("PM030", "나는 알림을 놓쳤다."),
        ("PM030", "제가 롤백 명령을 잘못 입력했습니다."),
        ("PM031", "Root cause: human error."),
        ("PM031", "It was dropped by mistake."),
        ("PM031", "근본 원인: 휴먼 에러"),
        ("PM031", "테이블이 실수로 삭제되었다."),
        ("PM032", "We should have rolled back."),
        ("PM032", "Should have tested it first."),
        ("PM032", "If the engineer had read the runbook, it would be fine."),
        ("PM032", "변경 전에 검증했어야 했다."),
        ("PM032", "담당자가 더 일찍 롤백했더라면 좋았을 것이다."),
        ("PM033", "That was a careless rollout."),
        ("PM033", "작업자 부주의로 인한 장애"),
        ("PM034", "Engineers must be more careful."),
        ("PM034", "Retrain the operators."),
        ("PM034", "앞으로 더 주의하겠습니다."),
        ("PM034", "재교육을 실시한다."),
    ],
)
def test_blameful_lines_are_flagged(rule_id: str, line: str) -> None:
    assert rule_id in rules(line)


@pytest.mark.parametrize(
    "line",
    [
        "The health check failed to detect the stale pool.",
        "Kubernetes failed to reschedule the pods.",
        "Redis Sentinel failed to promote a replica.",
        "The alert should have fired at 10:05.",
        'The runbook says the pool "should have at most 50 connections".',
        "We use a human-in-the-loop approval for migrations.",
        "The error budget dropped to 41%.",
        "At 14:35 Jane acknowledged the page.",
        "Lazy loading delayed the first request.",
        "Retrain the anomaly detection model weekly.",
        "The operator dashboard failed to load.",
        "The report avoids the phrase `human error`.",
        "서버가 응답하지 않았다.",
        "스케줄러가 노드 규칙을 무시했다.",
        "알림이 5분 더 일찍 발생했어야 했다.",
        "이번 분기에는 배포 자동화 개선에 집중했다.",
        "주의(Warning) 단계 알림이 발생했다.",
        "실수는 학습의 기회이다.",
        "고객님이 결제 실패를 문의했다.",
        "14:35 김민수 님이 호출을 확인했다.",
    ],
)
def test_system_focused_lines_are_not_flagged(line: str) -> None:
    assert rules(line) == set()


@pytest.mark.parametrize(
    ("action", "flagged"),
    [
        ("Improve monitoring", True),
        ("Look into the pool settings", True),
        ("모니터링 강화", True),
        ("배포 프로세스 개선", True),
        ("Alert when pool usage > 80% for 5 minutes", False),
        ("Improve status updates by posting from the bot", False),
        ("배포 프로세스 개선: 카나리 10% 단계 추가", False),
        ("Improve monitoring (owner: @ops, due: 2026-12-01, P1)", True),
    ],
)
def test_vague_actions_only_in_action_items(action: str, flagged: bool) -> None:
    assert ("PM035" in rules(f"- [ ] {action}", action_item=action)) is flagged
    assert "PM035" not in rules(action)


def test_columns_are_one_based_and_point_at_the_phrase() -> None:
    (hit,) = scan_line("Sadly, we should have rolled back.")
    assert hit.rule_id == "PM032"
    assert hit.column == len("Sadly, we ") + 1


def test_one_hit_per_rule_per_line() -> None:
    hits = scan_line("Jane forgot X and Bob forgot Y.")
    assert [hit.rule_id for hit in hits] == ["PM030"]


def test_document_names_become_persons() -> None:
    line = "Wendeline broke the build."
    assert rules(line) == set()
    assert rules(line, names=("Wendeline",)) == {"PM030"}


def test_hints_come_in_the_document_language() -> None:
    (hit,) = scan_line("앞으로 더 주의하겠습니다.")
    assert "주의" in language_text(hit, "ko")[1]
    assert "mechanism" in language_text(hit, "en")[1]


def test_mask_keeps_length() -> None:
    line = 'say "human error" and `x` [a](http://e.x) <!-- c -->'
    masked = mask(line)
    assert len(masked) == len(line)
    assert "human" not in masked


def graded(line: str) -> dict[str, str]:
    return {hit.rule_id: hit.grade for hit in scan_line(line)}


@pytest.mark.parametrize(
    "line",
    [
        # future actions phrased with "should have": a meeting to hold, a check to add
        "We should have a talk with the release team about freeze windows.",
        "We should have a check in CI that rejects unpinned images.",
        "System critical workloads should have priority over batch jobs.",
        "Developers shouldn't have write privileges for production databases.",
        # hypotheticals about what a system or environment would have allowed
        "The old topology could have allowed a split brain.",
        "In this incident it could have been difficult since the service sits behind a CDN.",
        "Appointing an incident manager could have helped.",
        "A canary would have limited the impact to 10% of users.",
        # a collective miss in a sentence that names the system cause
        "We didn't catch the regression because staging has no accounts older than 2019.",
        "We missed the alert since it was routed to a retired channel.",
        "This was a breaking change we did not catch in our migration to .NET Core.",
        # telling people to be careful, quoted as the thing not to do
        "Telling people to be more careful will not make the problem go away.",
        # Korean look-alikes of people and prevention of mistakes
        "지수가 급격히 증가했다.",
        "이 설정은 기본값으로 되돌려야 한다.",
        "이 차이 때문에 장애가 발생했다.",
        "입력 실수를 막기 위해 확인 대화상자를 추가했다.",
        "알림 라우팅이 빠져 있어서 우리가 디스크 경고를 놓쳤다.",
        "우리는 배포 검증이 없었기 때문에 설정 오류를 놓쳤다.",
        "정합성 검사가 누락된 레코드를 놓쳤다.",
        "캐시가 만료되었더라면 문제가 없었을 것이다.",
    ],
)
def test_real_text_false_alarm_classes_stay_quiet(line: str) -> None:
    assert graded(line) == {}


@pytest.mark.parametrize(
    ("line", "rule_id", "grade"),
    [
        ("The on-call missed the alert.", "PM030", "error"),
        ("A reviewer should have spotted the missing release() call.", "PM032", "error"),
        ("The lead wasn't watching the dashboard.", "PM030", "error"),
        ("I didn’t realize what I had done for an hour.", "PM030", "error"),
        ("Kevin needs to learn how the deploy pipeline works.", "PM034", "error"),
        ("The operator restarted the primary despite being aware of the lag.", "PM030", "error"),
        ("The migration was started despite being aware of the risk.", "PM030", "warning"),
        ("We need to be more aware of change freezes.", "PM034", "warning"),
        ("We need to be better at reading release notes.", "PM034", "warning"),
        ("We should have caught this in code review.", "PM032", "warning"),
        ("He wasn't careful enough.", "PM033", "error"),
        ("Why didn't they test that?", "PM030", "error"),
        ("이 차장이 방화벽 규칙을 잘못 바꿔서 결제가 중단되었다.", "PM030", "error"),
        ("최 책임님이 승인 없이 운영 스키마를 변경했다.", "PM030", "error"),
        ("민준이가 캐시 TTL을 잘못 넣었다.", "PM030", "error"),
        ("지훈이 디스크 경고 알림을 놓쳤다.", "PM030", "error"),
        ("이번 장애는 전적으로 담당 개발자 탓이다.", "PM030", "error"),
        ("김 과장이 그 스크립트를 운영에서 돌리지 말았어야 했다.", "PM032", "error"),
        ("운영 DB에서 직접 쿼리를 실행하지 말았어야 했다.", "PM032", "warning"),
        ("배포 전에 스테이징에서 한 번 더 돌려 봤더라면 막을 수 있었다.", "PM032", "warning"),
        ("작업 방식이 너무 허술했다.", "PM033", "error"),
        ("개발자들이 쿠버네티스 공부를 더 해야 한다.", "PM034", "warning"),
    ],
)
def test_blame_is_caught_and_graded(line: str, rule_id: str, grade: str) -> None:
    assert graded(line).get(rule_id) == grade


@pytest.mark.parametrize(
    "action",
    ["Continue to attempt a resolution", "Keep monitoring the situation", "계속 모니터링"],
)
def test_vague_real_world_actions_are_flagged(action: str) -> None:
    assert "PM035" in rules(f"- [ ] {action}", action_item=action)
