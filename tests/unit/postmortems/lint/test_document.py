from __future__ import annotations

from warroom.postmortems.lint.document import PSEUDO_LEVEL, parse, split_row

TEXT = """---
title: Disk full on logs-01
severity: P2
authors: [Dana Whitfield]
---

# Postmortem

## Summary

Text with a `code span`.

```bash
## not a heading
```

<!-- a comment -->
## Action Items

| Action | Owner | Due |
|--------|-------|-----|
| Rotate logs | @ops | 2026-12-01 |

- [ ] Add a disk alert (owner: @ops)
  - nested detail
**Impact:**
"""


def test_front_matter_is_parsed_and_body_starts_after_it() -> None:
    doc = parse(TEXT)
    assert doc.front_matter["severity"] == "P2"
    assert doc.front_matter["authors"] == ["Dana Whitfield"]
    assert doc.body_start == 6


def test_headings_have_levels_line_numbers_and_keys() -> None:
    doc = parse(TEXT)
    found = [(h.level, h.line, h.title) for h in doc.headings]
    assert found[:3] == [(1, 7, "Postmortem"), (2, 9, "Summary"), (2, 18, "Action Items")]
    assert doc.headings[-1].level == PSEUDO_LEVEL
    assert "impact" in doc.headings[-1].keys


def test_code_fences_and_comments_are_not_headings_or_prose() -> None:
    doc = parse(TEXT)
    assert {13, 14, 15} <= doc.code_lines
    assert 17 in doc.comment_lines
    assert all(h.line != 14 for h in doc.headings)
    assert 14 not in doc.prose_lines()


def test_sections_span_to_the_next_heading_of_same_level() -> None:
    doc = parse(TEXT)
    summary = doc.sections_for("summary")[0]
    assert (summary.start, summary.end) == (10, 18)


def test_tables_and_list_items_keep_line_numbers() -> None:
    doc = parse(TEXT)
    table = doc.tables[0]
    assert table.line == 20
    assert table.header == ("Action", "Owner", "Due")
    assert table.rows[0].line == 22
    assert table.rows[0].cells == ("Rotate logs", "@ops", "2026-12-01")
    items = [(i.line, i.indent, i.checkbox) for i in doc.list_items]
    assert items == [(24, 0, True), (25, 2, False)]


def test_invalid_front_matter_is_ignored() -> None:
    doc = parse("---\n: [unclosed\n---\n# Title\n")
    assert doc.front_matter == {}
    assert doc.body_start == 4


def test_unterminated_front_matter_is_body() -> None:
    doc = parse("---\n# Title\n")
    assert doc.body_start == 1


def test_split_row_handles_escaped_pipes() -> None:
    assert split_row("| a \\| b | c |") == ("a | b", "c")


def test_suppression_applies_to_the_next_non_blank_line() -> None:
    doc = parse("<!-- warroom-lint: disable=PM032, PM030 -->\n\nWe should have.\nOther.\n")
    assert doc.is_suppressed("PM032", 3)
    assert doc.is_suppressed("PM030", 3)
    assert not doc.is_suppressed("PM033", 3)
    assert not doc.is_suppressed("PM032", 4)


def test_trailing_suppression_applies_to_its_own_line() -> None:
    doc = parse("We should have. <!-- warroom-lint: disable=PM032 -->\nNext.\n")
    assert doc.is_suppressed("PM032", 1)
    assert not doc.is_suppressed("PM032", 2)
    assert 1 in doc.prose_lines()


def test_file_and_bare_suppressions() -> None:
    doc = parse("<!-- warroom-lint: disable-file=PM011 -->\n<!-- warroom-lint: disable -->\nx\n")
    assert doc.is_suppressed("PM011", 40)
    assert doc.is_suppressed("PM999", 3)


def test_document_language_is_detected() -> None:
    assert parse("# 요약\n\n장애가 발생했다.\n").language == "ko"
    assert parse("# Summary\n\nThe API failed.\n").language == "en"


def test_setext_headings_are_recognised() -> None:
    doc = parse("Summary\n=======\n\nText.\n\nRoot Cause\n----------\nThe pool.\n\n---\n")
    found = [(h.level, h.line, h.title) for h in doc.headings]
    assert found == [(1, 1, "Summary"), (2, 6, "Root Cause")]
    assert 2 not in doc.prose_lines()
    assert "summary" in doc.headings[0].keys


def test_thematic_break_after_a_list_is_not_a_heading() -> None:
    doc = parse("- item\n---\n| a |\n---\n")
    assert doc.headings == []


def test_bold_list_items_and_bold_questions_are_not_headings() -> None:
    text = (
        "## Why It Happened\n\n**Example:**\n\n1. **Why did it stop answering?**\n"
        "   → OOM\n\n**Why was it not caught?**\n\n**What happened?**:\n\nText.\n"
    )
    doc = parse(text)
    assert [(h.title, h.level) for h in doc.headings] == [
        ("Why It Happened", 2),
        ("Example", PSEUDO_LEVEL),
        ("What happened?", PSEUDO_LEVEL),
    ]
    assert "root_cause" in doc.headings[-1].keys


def test_a_bold_label_opens_its_section_on_the_same_line() -> None:
    doc = parse("**Root cause:** the pool leaked.\nMore text.\n")
    (section,) = doc.sections_for("root_cause")
    assert (section.start, section.heading.inline) == (1, True)
    assert 1 in doc.prose_lines()
