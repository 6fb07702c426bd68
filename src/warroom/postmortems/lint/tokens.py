"""Read a postmortem's blocks from markdown-it-py's token stream, with line numbers.

markdown-it-py (CommonMark plus tables) decides what is a heading, a fence, an HTML
comment, a table row or a list item, exactly as a Markdown viewer would; its `map`
gives each block's lines. On top of CommonMark, three real-world heading shapes are
recognised: a line that is only bold text (`**Impact:**`, `**What happened?**:`),
a bold label that opens a known section with text on the same line
(`**Root cause:** the pool was exhausted`), and both inside a list item's paragraph.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt
from markdown_it.token import Token

from warroom.postmortems.lint import headings

if TYPE_CHECKING:
    from warroom.postmortems.lint.document import Document, ListItem, Table

PSEUDO_LEVEL = 7
_MD = MarkdownIt("commonmark", {"html": True}).enable("table")
# Block structure is all the rules need: an inline token's `content` is its raw text,
# so inline parsing (emphasis, links) is skipped; it was half the parse time.
_MD.core.ruler.disable(["inline", "text_join"])
_BOLD_ONLY = re.compile(r"^\s*(?:\*\*|__)([^*_]{1,80}?)(?:\*\*|__)\s*[:：]?\s*$")
_BOLD_LABEL = re.compile(r"^\s*(?:\*\*|__)([^*_]{1,60}?)(?:\*\*|__)\s*[:：]?\s+\S")
_LIST_ITEM = re.compile(r"^(\s*)(?:[-*+]|\d+[.)])\s+(?:\[([ xX])\]\s+)?(.*)$")
_COMMENT = re.compile(r"<!--.*?-->")
_MARKED = re.compile(r"^\s*(?:>|(?:[-*+]|\d+[.)])\s)")  # list items and quotes are not headings


def scan(doc: Document) -> None:
    """Fill the document's headings, code, comments, tables and list items."""
    offset = doc.body_start - 1
    body = "\n".join(doc.lines[offset:])
    tokens = _MD.parse(body)
    for index, token in enumerate(tokens):
        if token.map is None:
            continue
        first, last = token.map[0] + 1 + offset, token.map[1] + offset
        if token.type in ("fence", "code_block"):
            doc.code_lines.update(range(first, last + 1))
        elif token.type == "html_block":
            _comments(doc, first, last)
        elif token.type == "heading_open":
            _heading(doc, token, tokens[index + 1], first, last)
        elif token.type == "inline" and tokens[index - 1].type == "paragraph_open":
            _pseudo_headings(doc, token, first)
        elif token.type == "table_open":
            doc.tables.append(_table(tokens, index, offset))
        elif token.type == "list_item_open":
            item = _list_item(doc, first)
            if item is not None:
                doc.list_items.append(item)


def _comments(doc: Document, first: int, last: int) -> None:
    """Lines of an HTML block that hold only comments (they carry suppressions)."""
    in_comment = False
    for number in range(first, last + 1):
        line = doc.text(number).strip()
        if in_comment:
            doc.comment_lines.add(number)
            in_comment = "-->" not in line
        elif line.startswith("<!--"):
            if "-->" not in line:
                doc.comment_lines.add(number)
                in_comment = True
            elif not _COMMENT.sub("", line).strip():
                doc.comment_lines.add(number)


def _heading(doc: Document, token: Token, inline: Token, first: int, last: int) -> None:
    from warroom.postmortems.lint.document import Heading

    title = inline.content.strip()
    if token.markup in ("=", "-"):  # setext: the title's line, then the underline
        if title.startswith("|"):
            return  # a pipe row over a thematic break, not a heading
        doc.underline_lines.add(last)
        first = last - 1 if "\n" not in title else first
    doc.headings.append(Heading(int(token.tag[1]), title, first, headings.classify(title)))


def _pseudo_headings(doc: Document, inline: Token, first: int) -> None:
    from warroom.postmortems.lint.document import Heading

    for offset, line in enumerate(inline.content.split("\n")):
        number = first + offset
        if _MARKED.match(doc.text(number)):
            continue  # "1. **Why did it fail?**" is a list item, not a heading
        bold = _BOLD_ONLY.match(line)
        if bold:
            title = bold.group(1).strip(" :：")
            keys = headings.classify(title)
            if keys or not title.endswith(("?", "？")):  # "**Why did X fail?**" asks
                doc.headings.append(Heading(PSEUDO_LEVEL, title, number, keys))
            continue
        label = _BOLD_LABEL.match(line)
        if label:
            title = label.group(1).strip(" :：")
            keys = headings.classify(title)
            if keys:
                doc.headings.append(Heading(PSEUDO_LEVEL, title, number, keys, inline=True))


def _table(tokens: list[Token], start: int, offset: int) -> Table:
    from warroom.postmortems.lint.document import Table, TableRow

    rows: list[TableRow] = []
    header: tuple[str, ...] = ()
    line, cells = 0, list[str]()
    for token in tokens[start + 1 :]:
        if token.type == "table_close":
            break
        if token.type == "tr_open" and token.map is not None:
            line, cells = token.map[0] + 1 + offset, []
        elif token.type == "inline":
            cells.append(token.content.strip())
        elif token.type == "tr_close":
            if not header:
                header = tuple(cells)
            else:
                rows.append(TableRow(line, tuple(cells)))
    first_map = tokens[start].map or [0, 0]
    return Table(first_map[0] + 1 + offset, header, tuple(rows))


def _list_item(doc: Document, number: int) -> ListItem | None:
    from warroom.postmortems.lint.document import ListItem

    match = _LIST_ITEM.match(doc.text(number))
    if match is None:
        return None
    indent = len(match.group(1).replace("\t", "    "))
    return ListItem(number, indent, match.group(3), match.group(2) is not None)
