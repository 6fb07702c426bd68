"""Blameful language in English and Korean, one line at a time.

Quoted text, inline code, links and HTML comments are masked first (same length, so
columns stay right): quoting a requirement ("pods should have 2 replicas") or the
phrase "human error" is not blame. The English and Korean checks (`english`,
`korean`) grade each hit; `texts` renders it in the document's language.
"""

from __future__ import annotations

import re
from functools import lru_cache

from warroom.postmortems.lint import lexicon_en as en
from warroom.postmortems.lint import lexicon_ko as ko
from warroom.postmortems.lint.english import EnglishRules
from warroom.postmortems.lint.hits import WARNING, Hit, shorten
from warroom.postmortems.lint.korean import KoreanRules

_MASKS = (
    re.compile(r"`[^`]*`"),
    re.compile(r'"[^"\n]*"'),
    re.compile(r"“[^”\n]*”|‘[^’\n]*’|「[^」\n]*」|『[^』\n]*』"),
    re.compile(r"\]\([^)]*\)|https?://\S+"),
    re.compile(r"<!--.*?-->"),
)
_HANGUL = re.compile(r"[가-힣]")
_ACTION_METADATA = re.compile(
    r"\((?:[^)]*(?:owner|due|담당|기한|priority|우선순위)[^)]*)\)|@\S+|\b\d{4}-\d{2}-\d{2}\b|"
    r"\b[Pp][0-4]\b|\bSEV-?[0-4]\b",
    re.IGNORECASE,
)


def mask(text: str) -> str:
    """Blank out quoted spans, inline code, links and comments, keeping columns.

    A typographic apostrophe becomes a plain one, so "didn’t" reads as "didn't".
    """
    text = text.replace("’", "'")
    for pattern in _MASKS:
        text = pattern.sub(lambda match: " " * len(match.group(0)), text)
    return text


class Scanner:
    """The English and Korean rules compiled for one document's names."""

    def __init__(self, names: tuple[str, ...] = ()) -> None:
        self.english = EnglishRules(tuple(n for n in names if not _HANGUL.search(n)))
        self.korean = KoreanRules(tuple(n for n in names if _HANGUL.search(n)))

    def scan(self, line: str, *, action_item: str | None = None) -> list[Hit]:
        """Return the hits on one line: the first per rule, sorted by column."""
        text = mask(line)
        hits = [*self.english.scan(text), *self.korean.scan(text)]
        if action_item is not None:
            hits.extend(vague(line, action_item))
        first: dict[str, Hit] = {}
        for hit in sorted(hits, key=lambda hit: (hit.column, hit.grade != "error")):
            known = first.get(hit.rule_id)
            if known is None or (known.grade == WARNING and hit.grade != WARNING):
                first[hit.rule_id] = hit
        return sorted(first.values(), key=lambda hit: (hit.column, hit.rule_id))


def vague(line: str, action: str) -> list[Hit]:
    """Flag an action item whose verb is vague and which names nothing checkable."""
    core = _ACTION_METADATA.sub(" ", action).strip(" -*[]")
    found = en.VAGUE_ACTION.search(core) or ko.VAGUE_ACTION.search(core)
    detail = en.CONCRETE_DETAIL.search(core) or ko.CONCRETE_DETAIL.search(core)
    if not found or detail:
        return []
    column = max(line.find(action.strip()[:20]), 0) + 1
    return [Hit("PM035", column, shorten(core), WARNING)]


@lru_cache(maxsize=32)
def scanner(names: tuple[str, ...] = ()) -> Scanner:
    """Return a cached scanner for a document's names."""
    return Scanner(names)


def scan_line(
    line: str, *, action_item: str | None = None, names: tuple[str, ...] = ()
) -> list[Hit]:
    """Scan one line; pass `action_item` (its action text) when the line is an action item."""
    return scanner(names).scan(line, action_item=action_item)
