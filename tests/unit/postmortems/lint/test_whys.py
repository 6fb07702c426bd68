from __future__ import annotations

import pytest

from warroom.postmortems.lint import whys
from warroom.postmortems.lint.document import parse


def check(text: str) -> list[tuple[str, str, int]]:
    return [(f.rule_id, f.severity, f.line) for f in whys.check(parse(text))]


def numbered(count: int) -> str:
    return "\n".join(f"{n}. Why did step {n} happen? Step {n + 1}." for n in range(1, count + 1))


@pytest.mark.parametrize(
    ("levels", "expected"),
    [
        (0, [("PM010", "error", 3)]),
        (2, [("PM010", "error", 3)]),
        (3, [("PM011", "warning", 3)]),
        (4, [("PM011", "warning", 3)]),
        (5, []),
        (6, []),
    ],
)
def test_depth_thresholds(levels: int, expected: list[tuple[str, str, int]]) -> None:
    assert check(f"# PM\n\n## 5 Whys\n\n{numbered(levels)}\n") == expected


def test_missing_whys_points_at_root_cause() -> None:
    assert check("# PM\n## Root Cause\nThe pool leaked.\n") == [("PM010", "error", 2)]


def test_missing_everything_points_at_body_start() -> None:
    assert check("# PM\n") == [("PM010", "error", 1)]


def test_korean_table_form_counts_rows() -> None:
    rows = "\n".join(f"| {n}. 왜 {n}단계가 발생했는가? | 원인 {n} |" for n in range(1, 6))
    text = f"# PM\n## 근본 원인 분석 (5 Whys)\n| 질문 | 답변 |\n|---|---|\n{rows}\n"
    assert check(text) == []


def test_whys_inside_root_cause_section_count() -> None:
    text = "# PM\n## Root Cause\nThe pool leaked.\n\n" + numbered(5)
    assert check(text) == []


def test_whys_in_a_code_block_count() -> None:
    body = "\n".join(f"Why {n}: 왜 {n}?\n  → 답 {n}" for n in range(1, 6))
    text = f"# PM\n### 3단계: 근본 원인 분석 (5 Whys)\n```\n{body}\n```\n"
    assert check(text) == []


def test_numbered_answers_without_the_word_why_count_under_a_whys_heading() -> None:
    text = "# PM\n## 5 Whys\n" + "\n".join(f"{n}. Cause {n}" for n in range(1, 6))
    assert check(text) == []


def test_mentioning_the_technique_is_not_a_level() -> None:
    text = "# PM\n## 5 Whys\nWe used the 5 Whys technique.\n" + numbered(4)
    assert check(text) == [("PM011", "warning", 2)]


def test_an_unfilled_template_table_has_no_levels() -> None:
    text = (
        "# PM\n\n## 근본 원인 분석 (5 Whys)\n\n| # | 왜? | 답변 |\n|---|---|---|\n"
        "|  | [작성 필요: 시스템의 원인에 도달할 때까지 '왜'를 묻기] |  |\n"
    )
    assert check(text) == [("PM010", "error", 3)]


def test_a_filled_table_counts_its_rows_not_its_header() -> None:
    rows = "".join(f"| {n} | 왜 {n}단계가 일어났나? | 답 {n} |\n" for n in range(1, 4))
    text = f"# PM\n\n## 5 Whys\n\n| # | 왜? | 답변 |\n|---|---|---|\n{rows}"
    assert check(text) == [("PM011", "warning", 3)]
