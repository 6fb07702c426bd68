"""A Markdown postmortem as the rules see it: headings, sections, tables, list items.

YAML front matter is read here; the blocks come from markdown-it-py's token stream
(`tokens`), each with its 1-based line number in the original file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from warroom.postmortems.lint import tokens
from warroom.postmortems.lint.tokens import PSEUDO_LEVEL

__all__ = [
    "PSEUDO_LEVEL",
    "Document",
    "Heading",
    "ListItem",
    "Section",
    "Table",
    "TableRow",
    "parse",
]

ALL_RULES = "*"

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
    inline: bool = False  # a bold label with text after it: the line is also content


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
        skip |= {h.line for h in self.headings if not h.inline}
        return [number for number in range(first, last) if number not in skip]

    def is_suppressed(self, rule_id: str, line: int) -> bool:
        rules = self.suppressed.get(line, set()) | self.suppressed.get(0, set())
        return ALL_RULES in rules or rule_id in rules


def parse(text: str, path: str = "<string>") -> Document:
    """Parse Markdown text; never raises on malformed input."""
    lines = text.splitlines()
    doc = Document(path=path, lines=lines)
    doc.front_matter, doc.body_start = _front_matter(lines)
    tokens.scan(doc)
    doc.headings.sort(key=lambda heading: heading.line)
    doc.sections = _sections(doc.headings, len(lines))
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


def _sections(found: list[Heading], line_count: int) -> list[Section]:
    sections = []
    for index, heading in enumerate(found):
        end = line_count + 1
        for later in found[index + 1 :]:
            if later.level <= heading.level:
                end = later.line
                break
        start = heading.line if heading.inline else heading.line + 1
        sections.append(Section(heading, start, end))
    return sections


def split_row(line: str) -> tuple[str, ...]:
    """Split a pipe-table row into stripped cells, honouring escaped pipes."""
    body = line.strip()
    body = body.removeprefix("|")
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return tuple(cell.replace("\\|", "|").strip() for cell in re.split(r"(?<!\\)\|", body))


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
