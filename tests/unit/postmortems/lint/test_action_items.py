from __future__ import annotations

import pytest

from warroom.postmortems.lint import action_items
from warroom.postmortems.lint.document import parse


def items(text: str) -> list[action_items.ActionItem]:
    return action_items.extract(parse(text))


def check(text: str) -> list[tuple[str, int]]:
    doc = parse(text)
    return [(f.rule_id, f.line) for f in action_items.check(doc, action_items.extract(doc))]


EN_TABLE = """# PM
## Action Items

| Action | Owner | Due Date | Priority | Status |
|--------|-------|----------|----------|--------|
| Add pool alert | @sre | 2026-12-01 | P0 | Done |
| Extend load tests | QA Team | | P1 | Open |
| Add canary | | 2026-12-20 | | Open |
"""

KO_TABLE = """# PM
## 재발 방지 대책

| 항목 | 담당자 | 기한 | 우선순위 | 상태 |
|------|--------|------|----------|------|
| 타임아웃 3초 설정 | 박서준 | 2026-11-08 | 상 | 완료 |
| 알림 추가 | [이름] | [YYYY-MM-DD] | 중 | 대기 |
| [대책 2] | [이름] | [YYYY-MM-DD] | 하 | To Do |
"""


def test_english_table_columns_are_recognised() -> None:
    found = items(EN_TABLE)
    assert [(i.line, i.text, i.owner, i.due, i.priority) for i in found] == [
        (6, "Add pool alert", "@sre", "2026-12-01", "P0"),
        (7, "Extend load tests", "QA Team", "", "P1"),
        (8, "Add canary", "", "2026-12-20", ""),
    ]


def test_one_finding_per_item_lists_every_gap() -> None:
    assert check(EN_TABLE) == [("PM021", 7), ("PM020", 8)]
    doc = parse(EN_TABLE)
    (_first, second) = action_items.check(doc, action_items.extract(doc))
    assert second.message == "action item 'Add canary' lacks an owner and a priority"
    assert "a due date" not in second.message


def test_korean_table_with_placeholders_and_template_rows() -> None:
    assert check(KO_TABLE) == [("PM020", 7)]
    doc = parse(KO_TABLE)
    (finding,) = action_items.check(doc, action_items.extract(doc))
    assert finding.message == "조치 항목 '알림 추가'에 빠진 것: 담당자, 기한"


def test_a_gap_can_be_switched_off_or_suppressed() -> None:
    doc = parse(EN_TABLE)
    found = action_items.check(doc, action_items.extract(doc), {"PM020": "off"})
    assert [(f.rule_id, f.line) for f in found] == [("PM021", 7), ("PM022", 8)]
    suppressed = EN_TABLE.replace(
        "| Add canary |", "| Add canary <!-- warroom-lint: disable=PM020 --> |"
    )
    doc = parse(suppressed)
    assert [f.rule_id for f in action_items.check(doc, action_items.extract(doc))] == [
        "PM021",
        "PM022",
    ]


@pytest.mark.parametrize(
    ("line", "owner", "due", "priority"),
    [
        ("- [ ] Fix X (owner: @a, due: 2026-12-01, P1)", "@a", "2026-12-01", "P1"),
        ("- [x] Add alert @ops 2026-12-01 (high)", "@ops", "2026-12-01", "high"),
        ("- [ ] Lower the high-water mark @ops 2026-12-01", "@ops", "2026-12-01", ""),
        (
            "- [ ] Resize pool (priority: medium, owner: @db, due: 2026-12-01)",
            "@db",
            "2026-12-01",
            "medium",
        ),
        ("- [ ] 알림 추가 (담당: 김민수, 기한: 2026-12-01, 긴급)", "김민수", "2026-12-01", "긴급"),
        ("- [ ] Write runbook (assignee: Dana, due: next sprint)", "Dana", "next sprint", ""),
        ("- [ ] Something vague", "", "", ""),
    ],
)
def test_list_items_carry_fields_inline(line: str, owner: str, due: str, priority: str) -> None:
    (item,) = items(f"# PM\n## Action Items\n{line}\n")
    assert (item.owner, item.due, item.priority) == (owner, due, priority)


def test_priority_can_come_from_the_enclosing_heading() -> None:
    text = "# PM\n## Action Items\n### P1 (this sprint)\n- Add alert (owner: @a, due: 2026-12-01)\n"
    (item,) = items(text)
    assert item.priority == "P1"


def test_document_title_does_not_set_priority() -> None:
    text = "# High CPU on api-01\n## Action Items\n- [ ] Add alert (owner: @a, due: 2026-12-01)\n"
    assert check(text) == [("PM022", 3)]


def test_korean_priority_column_values() -> None:
    (item, _) = items(KO_TABLE)
    assert item.priority == "상"


def test_plain_lists_next_to_a_table_are_not_items() -> None:
    text = EN_TABLE + "\n**Priority definitions:**\n- P0 within 24 h\n- P1 within a week\n"
    assert len(items(text)) == 3


def test_nested_bullets_are_not_items() -> None:
    text = "# PM\n## Action Items\n- Add alert (owner: @a, due: 2026-12-01, P1)\n  - detail\n"
    assert len(items(text)) == 1


def test_subsection_tables_are_found_once() -> None:
    text = KO_TABLE.replace("## 재발 방지 대책", "## 조치 항목\n### 후속 조치")
    assert len(items(text)) == 2


def test_section_with_prose_but_no_items() -> None:
    assert check("# PM\n## Action Items\nWe will discuss next week.\n") == [("PM023", 2)]


def test_non_action_tables_are_ignored() -> None:
    text = "# PM\n## Action Items\n| Time | Event |\n|---|---|\n| 10:00 | x |\n"
    assert items(text) == []
