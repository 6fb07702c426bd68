"""User Markdown to safe HTML: markdown-it (raw HTML off) then nh3's allow-list sanitizer."""

from __future__ import annotations

import re
from functools import cache

import nh3
from markdown_it import MarkdownIt


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def render_markdown(text: str) -> str:
    """Return sanitized HTML; links get rel=noopener noreferrer, scripts never survive."""
    return nh3.clean(_parser().render(text or ""), link_rel="noopener noreferrer")


_COMMENT = re.compile(r"<!--.*?-->", re.S)


def render_document(text: str) -> str:
    """Preview a postmortem file: without its front matter and section markers."""
    body = text
    if body.startswith("---\n"):
        end = body.find("\n---", 4)
        body = body[end + 4 :] if end != -1 else body
    return render_markdown(_COMMENT.sub("", body))
