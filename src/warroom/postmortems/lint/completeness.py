"""Completeness: the sections of 004's checklist and 003's template, impact with figures,
and a root cause that is a system rather than a person.

A line counts as content only when something is written besides labels, questions and
template placeholders: `| **1. 왜 장애가 발생했는가?** | [직접 원인] |` and
`**Root cause in one sentence:** [TODO: …]` are still the template.
"""

from __future__ import annotations

import re

from warroom.i18n import N_
from warroom.postmortems.lint.document import Document, Section
from warroom.postmortems.lint.findings import Finding, make_finding
from warroom.postmortems.lint.language import scan_line
from warroom.postmortems.lint.texts import language_text, say

REQUIRED: dict[str, tuple[str, str]] = {
    "summary": ("Summary", "요약"),
    "impact": ("Impact", "영향"),
    "timeline": ("Timeline", "타임라인"),
    "root_cause": ("Root Cause", "근본 원인"),
    "contributing_factors": ("Contributing Factors", "기여 요인"),
    "action_items": ("Action Items", "조치 항목"),
    "lessons": ("Lessons Learned", "교훈"),
}
FRONT_MATTER_KEYS = {"summary": ("summary", "tldr", "tl;dr", "요약")}
PLACEHOLDER_CHUNK = re.compile(
    r"^(?:\[[^\]]*\]|\{[^}]*\}|<[^>]*>|tbd|tba|todo|n/?a|none|미정|작성\s?예정|없음|-|—|–|\.\.\.|…"
    r"|x+|yyyy-mm-dd(?:\s+hh:mm(?::ss)?)?|hh:mm)?$",
    re.IGNORECASE,
)
_TABLE_RULE = re.compile(r"^[\s|:-]+$")
_LIST_MARK = re.compile(r"^\s*(?:>\s*|(?:[-*+]|\d+[.)])(?:\s+|$))(?:\[[ xX]\]\s*)?")
_LABEL = re.compile(r"^(?:\*\*|__)[^*_]+?(?:\*\*|__)\s*[:：]?\s*|^[^:：|]{1,40}[:：]\s+(?=\[)")
_QUESTION = re.compile(r"^\W*(?:\d+\.\s*)?(?:why\b|왜)", re.IGNORECASE)
_ASKS = re.compile(r"\?\s*$")
_NUMBER = re.compile(r"\d")
_COMMENT = re.compile(r"<!--.*?-->")
_BLAME_IN_CAUSE = {"PM030", "PM031"}

_WHY = {
    "summary": N_("two or three sentences: what happened, the impact, how it was resolved"),
    "impact": N_("users affected, duration, failed requests, revenue, SLO / error budget used"),
    "timeline": N_("timestamped events from the first symptom to recovery, with the time zone"),
    "root_cause": N_("the technical mechanism, then a one-line root cause about the system"),
    "contributing_factors": N_("the conditions (testing, monitoring, process) that let it happen"),
    "action_items": N_("concrete changes, each with an owner, a due date and a priority"),
    "lessons": N_("what the team learned: technical, process and prevention"),
}


def check(doc: Document) -> list[Finding]:
    """Return missing or empty required sections, impact without numbers and person causes."""
    findings: list[Finding] = []
    for key, (english, korean) in REQUIRED.items():
        findings += _presence(doc, key, english, korean)
    findings += _impact_numbers(doc)
    findings += root_cause_people(doc)
    return findings


def _presence(doc: Document, key: str, english: str, korean: str) -> list[Finding]:
    lang = doc.language
    sections = doc.sections_for(key)
    if not sections:
        if any(doc.front_matter.get(name) for name in FRONT_MATTER_KEYS.get(key, ())):
            return []
        return [
            make_finding(
                "PM001",
                file=doc.path,
                line=doc.body_start,
                column=1,
                message=say(
                    lang, N_("missing section: {section}"), section=f"{english} ({korean})"
                ),
                hint=say(
                    lang,
                    N_('add a "## {english}" or "## {korean}" section; {what}'),
                    english=english,
                    korean=korean,
                    what=say(lang, _WHY[key]),
                ),
            )
        ]
    if all(is_empty(doc, section) for section in sections):
        heading = sections[0].heading
        return [
            make_finding(
                "PM002",
                file=doc.path,
                line=heading.line,
                column=1,
                message=say(
                    lang,
                    N_("section '{title}' is empty or only has template placeholders"),
                    title=heading.title,
                ),
                hint=say(lang, N_("fill it in: {what}"), what=say(lang, _WHY[key])),
            )
        ]
    return []


def is_content(text: str) -> bool:
    """Return whether a line says something besides labels, questions and placeholders."""
    text = _COMMENT.sub("", text)
    if _TABLE_RULE.match(text):
        return False
    body = _LIST_MARK.sub("", text.strip())
    cells = [c.strip() for c in body.strip("|").split("|")] if "|" in body else [body]
    for cell in cells:
        rest = cell
        while True:
            stripped = _LABEL.sub("", rest, count=1).strip()
            if stripped == rest:
                break
            rest = stripped
        rest = rest.strip("*_` ").strip()
        question = _QUESTION.search(rest) or (len(cells) > 1 and _ASKS.search(rest))
        if rest and not PLACEHOLDER_CHUNK.match(rest) and not question:
            return True
    return False


def content_lines(doc: Document, section: Section) -> list[int]:
    """Return the section's lines that carry real content (not blanks or placeholders)."""
    headers = {table.line for table in doc.tables}
    return [
        number
        for number in doc.prose_lines(section)
        if number not in headers and is_content(doc.text(number))
    ]


def is_empty(doc: Document, section: Section) -> bool:
    """Return whether a section has no content besides placeholders (code counts as content)."""
    body = range(section.start, section.end)
    has_code = any(number in doc.code_lines for number in body)
    return not has_code and not content_lines(doc, section)


def _impact_numbers(doc: Document) -> list[Finding]:
    sections = doc.sections_for("impact")
    if not sections or all(is_empty(doc, section) for section in sections):
        return []
    for section in sections:
        if any(_NUMBER.search(doc.text(number)) for number in content_lines(doc, section)):
            return []
    return [
        make_finding(
            "PM003",
            file=doc.path,
            line=sections[0].heading.line,
            column=1,
            message=say(doc.language, N_("the impact section gives no figures")),
            hint=say(
                doc.language,
                N_(
                    "quantify it: users or requests affected, minutes of downtime, revenue, "
                    "error budget consumed (e.g. '~5,000 requests failed over 47 minutes')"
                ),
            ),
        )
    ]


def root_cause_people(doc: Document) -> list[Finding]:
    """Flag root-cause and 5 Whys lines that name a person or human error as the cause."""
    findings = []
    sections = doc.sections_for("root_cause") + doc.sections_for("whys")
    lines = sorted({number for section in sections for number in doc.prose_lines(section)})
    for number in lines:
        for hit in scan_line(doc.text(number), names=doc.names):
            if hit.rule_id in _BLAME_IN_CAUSE and hit.grade == "error":
                message, hint = language_text(hit, doc.language)
                findings.append(
                    make_finding(
                        "PM004",
                        file=doc.path,
                        line=number,
                        column=hit.column,
                        message=say(
                            doc.language,
                            N_("the root cause points at a person: {message}"),
                            message=message,
                        ),
                        hint=say(
                            doc.language,
                            N_(
                                "a root cause is a property of the system (a missing check, "
                                "guard, test or alert); keep asking why until you reach one. "
                                "{hint}"
                            ),
                            hint=hint,
                        ),
                    )
                )
                break
    return findings
