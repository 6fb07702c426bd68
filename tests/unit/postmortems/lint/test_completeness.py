from __future__ import annotations

import pytest

from warroom.postmortems.lint import completeness
from warroom.postmortems.lint.document import parse

FULL = """# Postmortem

## Summary
The API returned 503 for 20 minutes.

## Impact
1,200 requests failed.

## Timeline
| Time | Event |
|------|-------|
| 10:00 | Alert |

## Root Cause
The pool leaked connections.

## Contributing Factors
- No pool alert.

## Action Items
- [ ] Add pool alert (owner: @ops, due: 2026-12-01, P1)

## Lessons Learned
- Watch saturation.
"""


def rule_ids(text: str) -> list[str]:
    return [f.rule_id for f in completeness.check(parse(text))]


def test_complete_document_passes() -> None:
    assert rule_ids(FULL) == []


@pytest.mark.parametrize(
    ("heading", "label"),
    [
        ("## Summary", "Summary"),
        ("## Impact", "Impact"),
        ("## Timeline", "Timeline"),
        ("## Root Cause", "Root Cause"),
        ("## Contributing Factors", "Contributing Factors"),
        ("## Action Items", "Action Items"),
        ("## Lessons Learned", "Lessons Learned"),
    ],
)
def test_each_missing_section_is_reported(heading: str, label: str) -> None:
    text = FULL.replace(heading, "## Other")
    findings = completeness.check(parse(text))
    missing = [f for f in findings if f.rule_id == "PM001"]
    assert len(missing) == 1
    assert label in missing[0].message
    assert missing[0].severity == "error"


def test_korean_headings_satisfy_the_checklist() -> None:
    text = (
        "# 포스트모템\n## 장애 요약\n결제 장애.\n## 영향\n실패 3,000건.\n"
        "## 타임라인\n- 10:00 알림\n"
        "## 원인 분석\n연결 누수.\n## 기여 요인\n- 알림 부재\n## 재발 방지 대책\n- 알림 추가\n"
        "## 배운 점\n- 포화 감시\n"
    )
    assert rule_ids(text) == []


def test_summary_in_front_matter_counts() -> None:
    text = "---\nsummary: The API failed.\n---\n" + FULL.replace("## Summary", "## Other")
    assert "PM001" not in rule_ids(text)


def test_missing_section_points_at_first_body_line() -> None:
    text = "---\ntitle: x\n---\n" + FULL.replace("## Timeline", "## Other")
    (finding,) = [f for f in completeness.check(parse(text)) if f.rule_id == "PM001"]
    assert finding.line == 4


@pytest.mark.parametrize("body", ["", "[2-3 문장으로 사건 요약]", "TBD", "- \n- [ ]"])
def test_empty_or_placeholder_section_is_reported(body: str) -> None:
    text = FULL.replace("The API returned 503 for 20 minutes.", body)
    findings = [f for f in completeness.check(parse(text)) if f.rule_id == "PM002"]
    assert [f.line for f in findings] == [3]


def test_impact_needs_numbers() -> None:
    text = FULL.replace("1,200 requests failed.", "Many users were affected.")
    assert rule_ids(text) == ["PM003"]


def test_impact_as_bold_pseudo_heading_counts() -> None:
    text = FULL.replace("## Impact\n", "**Impact:**\n")
    assert rule_ids(text) == []


@pytest.mark.parametrize(
    "cause",
    [
        "Root cause: human error.",
        "The on-call engineer forgot to renew the certificate.",
        "근본 원인: 담당자 실수",
    ],
)
def test_root_cause_naming_a_person_is_reported(cause: str) -> None:
    text = FULL.replace("The pool leaked connections.", cause)
    assert rule_ids(text) == ["PM004"]


def test_system_root_cause_is_fine() -> None:
    text = FULL.replace("The pool leaked connections.", "The health check failed to detect it.")
    assert rule_ids(text) == []


SEED_003_ROOT_CAUSE = """## 6.4 근본 원인 분석 (5 Whys)

| 질문 | 답변 |
|------|------|
| **1. 왜 장애가 발생했는가?** | [직접 원인] |
| **2. 왜 [직접 원인]이 발생했는가?** | [원인의 원인] |
| **3. 왜 [원인의 원인]이 발생했는가?** | [더 깊은 원인] |

**근본 원인 요약:** [근본 원인을 한 문장으로 정리]
"""


def test_a_root_cause_that_is_only_the_template_fails() -> None:
    text = FULL.replace("## Root Cause\nThe pool leaked connections.\n", SEED_003_ROOT_CAUSE)
    assert rule_ids(text) == ["PM002"]


def test_a_filled_5_whys_table_counts_as_content() -> None:
    filled = SEED_003_ROOT_CAUSE.replace("[직접 원인] |", "연결 풀 소진 |", 1)
    assert rule_ids(FULL.replace("## Root Cause\nThe pool leaked connections.\n", filled)) == []


@pytest.mark.parametrize(
    "shape",
    [
        "**What happened?**:\nThe pool leaked connections.\n",
        "**What happened?**\n\nThe pool leaked connections.\n",
        "## What happened?\nThe pool leaked connections.\n",
        "**Root cause:** the pool leaked connections.\n",
        "Root Cause\n----------\nThe pool leaked connections.\n",
    ],
)
def test_real_world_heading_shapes_are_recognised(shape: str) -> None:
    assert rule_ids(FULL.replace("## Root Cause\nThe pool leaked connections.\n", shape)) == []


def test_a_bold_label_with_only_a_placeholder_is_empty() -> None:
    text = FULL.replace("## Root Cause\nThe pool leaked connections.\n", "**Root cause:** TBD\n")
    assert rule_ids(text) == ["PM002"]
