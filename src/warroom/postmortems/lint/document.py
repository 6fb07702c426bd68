"""Parse a Markdown postmortem into headings, sections, tables and list items.

Only what the rules need: ATX headings, YAML front matter, fenced code, HTML
comments (which carry suppressions), pipe tables and list items, each with its
1-based line number in the original file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from warroom.postmortems.lint import headings

ALL_RULES = "*"

_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
# A line that is only bold text ("**Impact:**") acts as a level-7 pseudo-heading.
_BOLD_HEADING = re.compile(r"^\s*(?:\*\*|__)([^*_]{1,80}?)(?:\*\*|__)\s*[:：]?\s*$")
PSEUDO_LEVEL = 7
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(=+|-+)\s*$")
_NOT_PARAGRAPH = re.compile(r"^\s*(?:[-*+>|]|\d+[.)]\s|#|<|```|~~~)|^\s*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_LIST_ITEM = re.compile(r"^(\s*)(?:[-*+]|\d+[.)])\s+(?:\[([ xX])\]\s+)?(.*)$")
_SUPPRESS = re.compile(
    r"<!--\s*warroom-lint:\s*(disable(?:-next-line|-line|-file)?)"
    r"(?:\s*=\s*([A-Za-z0-9_, -]+?))?\s*-->"
)
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_LATIN = re.compile(r"[A-Za-z]")


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    title: str
    line: int
    keys: frozenset[str]


@dataclass(frozen=True, slots=True)
class Section:
    heading: Heading
    start: int  # first body line (the line after the heading)
    end: int  # one past the last body line, subsections included

    def contains(self, line: int) -> bool:
        return self.start <= line < self.end


@dataclass(frozen=True, slots=True)
class TableRow:
    line: int
    cells: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Table:
    line: int
    header: tuple[str, ...]
    rows: tuple[TableRow, ...]


@dataclass(frozen=True, slots=True)
class ListItem:
    line: int
    indent: int
    text: str
    checkbox: bool


@dataclass(slots=True)
class Document:
    path: str
    lines: list[str]
    front_matter: dict[str, object] = field(default_factory=dict)
    body_start: int = 1
    headings: list[Heading] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    list_items: list[ListItem] = field(default_factory=list)
    code_lines: set[int] = field(default_factory=set)
    comment_lines: set[int] = field(default_factory=set)
    underline_lines: set[int] = field(default_factory=set)  # setext "===" / "---"
    suppressed: dict[int, set[str]] = field(default_factory=dict)
    language: str = "en"
    names: tuple[str, ...] = ()  # people the document names as owners or authors

    def text(self, line: int) -> str:
        return self.lines[line - 1]

    def sections_for(self, key: str) -> list[Section]:
        return [section for section in self.sections if key in section.heading.keys]

    def prose_lines(self, section: Section | None = None) -> list[int]:
        """Return body line numbers outside code, comments and headings."""
        first, last = (self.body_start, len(self.lines) + 1)
        if section is not None:
            first, last = section.start, section.end
        skip = self.code_lines | self.comment_lines | self.underline_lines
        skip |= {h.line for h in self.headings}
        return [number for number in range(first, last) if number not in skip]

    def is_suppressed(self, rule_id: str, line: int) -> bool:
        rules = self.suppressed.get(line, set()) | self.suppressed.get(0, set())
        return ALL_RULES in rules or rule_id in rules


def parse(text: str, path: str = "<string>") -> Document:
    """Parse Markdown text; never raises on malformed input."""
    lines = text.splitlines()
    doc = Document(path=path, lines=lines)
    doc.front_matter, doc.body_start = _front_matter(lines)
    _scan_blocks(doc)
    doc.sections = _sections(doc.headings, len(lines))
    doc.tables = _tables(doc)
    doc.list_items = _list_items(doc)
    doc.suppressed = _suppressions(doc)
    doc.language = _language(text)
    return doc


def _front_matter(lines: list[str]) -> tuple[dict[str, object], int]:
    if not lines or lines[0].strip() != "---":
        return {}, 1
    for index in range(1, len(lines)):
        if lines[index].strip() in {"---", "..."}:
            try:
                data = yaml.safe_load("\n".join(lines[1:index]))
            except yaml.YAMLError:
                data = None
            return (data if isinstance(data, dict) else {}), index + 2
    return {}, 1


def _scan_blocks(doc: Document) -> None:
    fence: str | None = None
    in_comment = False
    for number in range(doc.body_start, len(doc.lines) + 1):
        line = doc.lines[number - 1]
        if fence is not None:
            doc.code_lines.add(number)
            if line.strip().startswith(fence):
                fence = None
            continue
        if in_comment or line.lstrip().startswith("<!--"):
            in_comment = _comment_line(doc, number, line, continuing=in_comment)
            continue
        opening = _FENCE.match(line)
        if opening:
            fence = opening.group(1)[:3]
            doc.code_lines.add(number)
            continue
        match = _HEADING.match(line)
        if match:
            title = match.group(2)
            level = len(match.group(1))
            doc.headings.append(Heading(level, title, number, headings.classify(title)))
            continue
        if _setext(doc, number):
            level = 1 if doc.text(number + 1).strip().startswith("=") else 2
            title = line.strip()
            doc.headings.append(Heading(level, title, number, headings.classify(title)))
            doc.underline_lines.add(number + 1)
            continue
        bold = _BOLD_HEADING.match(line)
        if bold:
            title = bold.group(1).strip(" :：")
            doc.headings.append(Heading(PSEUDO_LEVEL, title, number, headings.classify(title)))


def _setext(doc: Document, number: int) -> bool:
    """Return whether `number` is a one-line paragraph underlined with === or ---."""
    if number >= len(doc.lines) or number + 1 in doc.underline_lines:
        return False
    line, underline = doc.text(number), doc.text(number + 1)
    previous_blank = number == doc.body_start or not doc.text(number - 1).strip()
    return (
        previous_blank
        and not _NOT_PARAGRAPH.match(line)
        and bool(_SETEXT_UNDERLINE.match(underline))
        and number not in doc.underline_lines
    )


def _comment_line(doc: Document, number: int, line: str, *, continuing: bool) -> bool:
    """Record a comment-only line; return whether the comment goes on."""
    if "-->" not in line:
        doc.comment_lines.add(number)
        return True
    if continuing or not line.split("-->", 1)[1].strip():
        doc.comment_lines.add(number)
    return False


def _sections(found: list[Heading], line_count: int) -> list[Section]:
    sections = []
    for index, heading in enumerate(found):
        end = line_count + 1
        for later in found[index + 1 :]:
            if later.level <= heading.level:
                end = later.line
                break
        sections.append(Section(heading, heading.line + 1, end))
    return sections


def split_row(line: str) -> tuple[str, ...]:
    """Split a pipe-table row into stripped cells, honouring escaped pipes."""
    body = line.strip()
    body = body.removeprefix("|")
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return tuple(cell.replace("\\|", "|").strip() for cell in re.split(r"(?<!\\)\|", body))


def _tables(doc: Document) -> list[Table]:
    tables: list[Table] = []
    skip = doc.code_lines | doc.comment_lines
    number = doc.body_start
    while number < len(doc.lines):
        header, separator = doc.text(number), doc.text(number + 1)
        if number not in skip and "|" in header and _TABLE_SEPARATOR.match(separator):
            rows: list[TableRow] = []
            row_number = number + 2
            while row_number <= len(doc.lines) and "|" in doc.text(row_number):
                if row_number not in skip:
                    rows.append(TableRow(row_number, split_row(doc.text(row_number))))
                row_number += 1
            tables.append(Table(number, split_row(header), tuple(rows)))
            number = row_number
            continue
        number += 1
    return tables


def _list_items(doc: Document) -> list[ListItem]:
    items = []
    for number in doc.prose_lines():
        match = _LIST_ITEM.match(doc.text(number))
        if match:
            indent = len(match.group(1).replace("\t", "    "))
            items.append(ListItem(number, indent, match.group(3), match.group(2) is not None))
    return items


def _rule_set(value: str | None) -> set[str]:
    if not value:
        return {ALL_RULES}
    return {part.strip().upper() for part in value.split(",") if part.strip()}


def _suppressions(doc: Document) -> dict[int, set[str]]:
    result: dict[int, set[str]] = {}
    for number, line in enumerate(doc.lines, start=1):
        for match in _SUPPRESS.finditer(line):
            target = _suppression_target(doc, number, match.group(1), line, match.span())
            result.setdefault(target, set()).update(_rule_set(match.group(2)))
    return result


def _suppression_target(
    doc: Document, number: int, kind: str, line: str, span: tuple[int, int]
) -> int:
    if kind == "disable-file":
        return 0
    rest = (line[: span[0]] + line[span[1] :]).strip()
    if kind == "disable-line" or (kind == "disable" and rest):
        return number
    for later in range(number + 1, len(doc.lines) + 1):
        if doc.text(later).strip():
            return later
    return number


def _language(text: str) -> str:
    hangul = len(_HANGUL.findall(text))
    return "ko" if hangul * 3 >= len(_LATIN.findall(text)) and hangul else "en"
