"""5 Whys: present, at least 3 levels deep (error), ideally 5 (warning)."""

from __future__ import annotations

import re

from warroom.i18n import N_
from warroom.postmortems.lint.completeness import is_content
from warroom.postmortems.lint.document import Document, Section
from warroom.postmortems.lint.findings import Finding, make_finding
from warroom.postmortems.lint.texts import say

MINIMUM = 3
TARGET = 5

_WHY = re.compile(r"\bwhy\b|왜", re.IGNORECASE)
_TECHNIQUE = re.compile(r"\b(?:5|five)[\s-]*whys?\b|5\s*why", re.IGNORECASE)
_ORDERED = re.compile(r"^(?:\s{0,3})(?:\d+[.)]|[-*+])\s+\S")
_TABLE_RULE = re.compile(r"^[\s|:-]+$")
# Unfilled template guidance ("[TODO: ...]", "[작성 필요: ...]") asks no question yet.
_PLACEHOLDER = re.compile(r"\[(?:TODO|작성 필요)\s*:", re.IGNORECASE)


def _region(doc: Document) -> list[Section]:
    return doc.sections_for("whys") or doc.sections_for("root_cause")


def _candidate_lines(doc: Document, sections: list[Section]) -> list[int]:
    headings = {heading.line for heading in doc.headings}
    lines = {n for s in sections for n in range(s.start, s.end) if n not in headings}
    kept = [n for n in sorted(lines) if n not in doc.comment_lines and doc.text(n).strip()]
    return [
        n
        for n in kept
        if not _PLACEHOLDER.search(doc.text(n))
        and not _is_table_head(doc, n)
        and not _unanswered_row(doc.text(n))
    ]


def _unanswered_row(text: str) -> bool:
    """A table row that asks why but whose answer cells are still placeholders."""
    return text.lstrip().startswith("|") and not is_content(text)


def _is_table_head(doc: Document, line: int) -> bool:
    """A table's header row or its rule: column names, not answers."""
    text = doc.text(line)
    if _TABLE_RULE.match(text) and "|" in text:
        return True
    following = doc.text(line + 1) if line < len(doc.lines) else ""
    return text.lstrip().startswith("|") and bool(_TABLE_RULE.match(following)) and "-" in following


def count_levels(doc: Document) -> int:
    """Count the why-questions; under a 5 Whys heading, numbered items count too."""
    sections = _region(doc)
    lines = _candidate_lines(doc, sections)
    asked = [n for n in lines if _WHY.search(doc.text(n)) and not _TECHNIQUE.search(doc.text(n))]
    if asked or not doc.sections_for("whys"):
        return len(asked)
    numbered = [n for n in lines if _ORDERED.match(doc.text(n))]
    return len(numbered)


def check(doc: Document) -> list[Finding]:
    """Return PM010 when the 5 Whys are missing or shallow, PM011 when under five."""
    levels = count_levels(doc)
    sections = _region(doc)
    line = sections[0].heading.line if sections else doc.body_start
    if levels >= TARGET:
        return []
    if levels >= MINIMUM:
        return [
            make_finding(
                "PM011",
                file=doc.path,
                line=line,
                column=1,
                message=say(
                    doc.language, N_("the 5 Whys stop after {levels} levels"), levels=levels
                ),
                hint=say(
                    doc.language,
                    N_(
                        "keep asking why until the answer is a property of the system "
                        "(a missing check, test or alert) you can change"
                    ),
                ),
            )
        ]
    message = (
        say(doc.language, N_("no 5 Whys analysis"))
        if levels == 0
        else say(doc.language, N_("the 5 Whys have only {levels} level(s)"), levels=levels)
    )
    return [
        make_finding(
            "PM010",
            file=doc.path,
            line=line,
            column=1,
            message=message,
            hint=say(
                doc.language,
                N_(
                    'add a "5 Whys" / "5 Why 분석" section: at least 3 levels, ideally 5, '
                    "each answer becoming the next question"
                ),
            ),
        )
    ]
