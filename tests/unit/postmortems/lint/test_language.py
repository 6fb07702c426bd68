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
