"""User Markdown to safe HTML: markdown-it (raw HTML off) then nh3's allow-list sanitizer."""

from __future__ import annotations

from functools import cache

import nh3
from markdown_it import MarkdownIt


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def render_markdown(text: str) -> str:
    """Return sanitized HTML; links get rel=noopener noreferrer, scripts never survive."""
    return nh3.clean(_parser().render(text or ""), link_rel="noopener noreferrer")
