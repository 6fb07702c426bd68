"""Any text lints without raising, and findings point at real lines."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from warroom.postmortems.lint.runner import lint_text

MARKDOWN_BITS = st.sampled_from(
    [
        "# ",
        "## Summary",
        "## 영향",
        "## Action Items",
        "| a | b |",
        "|---|---|",
        "- [ ] ",
        "```",
        "---",
        "<!-- warroom-lint: disable=PM032 -->",
        "**Impact:**",
        "Jane forgot ",
        "담당자가 실수로 ",
        "should have ",
        "1. Why ",
        "@x ",
        "\n",
        "\t",
        "왜 ",
        "2026-12-01 ",
    ]
)
TEXT = st.lists(st.one_of(MARKDOWN_BITS, st.text(max_size=20)), max_size=40).map("".join)


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_lint_never_raises_and_lines_are_in_range(text: str) -> None:
    line_count = max(len(text.splitlines()), 1)
    for finding in lint_text(text, "p.md"):
        assert 1 <= finding.line <= line_count
        assert finding.column >= 1
        assert finding.message
        assert finding.hint
